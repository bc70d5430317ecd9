// The spellings a secret takes when a server echoes it back: as is; percent-encoded the ways encoders
// differ (upper- or lower-case hex, "/" left alone as Python's quote() does, "!'()*" encoded as RFC 3986
// wants, a space as "+", form encoding); JSON-escaped ("/" as "\/" as PHP writes it, non-ASCII as
// \u00e9); base64 and base64url whole, and at each of the three alignments it can have inside a longer
// encoded value (`base64("Bearer " + token)`, `base64(user:password)` inside `base64("Basic …")`).

/** The character positions of base64(prefix + secret + suffix) that depend on the secret alone, for a
 * prefix of `offset` bytes: output character i covers bits 6i to 6i+6 of the input. */
function base64Cores(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(3)]);
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    if (end <= start) continue;
    const text = padded.toString('base64');
    out.push(text.slice(start, end), padded.toString('base64url').slice(start, end));
  }
  return out;
}

function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const base64 = bytes.toString('base64');
  const url = base64.replace(/\+/g, '-').replace(/\//g, '_');
  return [base64, base64.replace(/=+$/, ''), url, url.replace(/=+$/, ''), ...base64Cores(bytes)];
}

const hex = (char: string) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

function percentForms(secret: string): string[] {
  // A secret holding a lone surrogate (a bad paste) has no percent-encoded form: encoders throw.
  let component: string;
  try {
    component = encodeURIComponent(secret);
  } catch {
    return [];
  }
  const strict = component.replace(/[!'()*]/g, hex); // RFC 3986, Python's quote()
  const form = new URLSearchParams([['', secret]]).toString().slice(1); // application/x-www-form-urlencoded
  const out = new Set<string>([form]);
  for (const base of [component, strict]) {
    for (const slash of [base, base.replace(/%2F/g, '/')]) {
      out.add(slash);
      out.add(slash.replace(/%20/g, '+'));
    }
  }
  for (const upper of [...out]) out.add(upper.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
  return [...out];
}

function jsonForms(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  // PHP's json_encode and Python's json.dumps write non-ASCII characters as \u00e9 by default.
  const ascii = escaped.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [escaped, ascii, escaped.replace(/\//g, '\\/'), ascii.replace(/\//g, '\\/')];
}

/** Every spelling of `secret` worth looking for, the secret itself first (duplicates removed). */
export function secretForms(secret: string): string[] {
  return [...new Set([secret, ...percentForms(secret), ...jsonForms(secret), ...base64Forms(secret)])];
}

/** Capital letters from rarest to most frequent in English text: V8 scans for a needle's first
 * character, so a needle starting with a rare one is found (or not) fastest. */
const RARE_FIRST = 'QJXZKVBPYGFWMUCLDRHSNIOATE';

/**
 * The substring of `form` to search for in its stead: part of a run of characters no encoder here
 * changes (letters, digits, "-", "." and "_"; "~" is form-encoded), so that most spellings of one secret
 * share it, of at least `minLength` characters — or the form itself. Where it starts matters for speed:
 * a needle starting with a letter frequent in text ("i", "e", a digit in JSON) costs up to fifteen times
 * one starting with a rare capital, so the start is the rarest capital that leaves enough of the run.
 */
function anchorFor(form: string, minLength: number): string {
  let best: string | undefined;
  let bestRank = Infinity;
  for (const run of form.match(/[A-Za-z0-9._-]+/g) ?? []) {
    for (let start = 0; start <= run.length - minLength; start++) {
      const rarity = RARE_FIRST.indexOf(run[start]);
      // Rarer first character first; then the longer needle (it skips further).
      const rank = (rarity === -1 ? RARE_FIRST.length : rarity) * 1000 - (run.length - start);
      if (rank < bestRank) {
        best = run.slice(start);
        bestRank = rank;
      }
    }
  }
  return best ?? form;
}

/**
 * Substrings to search a text for before running the redaction pattern over it: a text holding none of
 * them holds none of `forms`. Each form is represented by a substring (anchorFor), the same one for most
 * spellings of a secret; an anchor that contains another anchor is dropped (finding the shorter one is
 * implied). A few substring searches then stand for a dozen spellings.
 */
export function anchorsOf(forms: readonly string[], minLength: number): string[] {
  const candidates = [...new Set(forms.map((form) => anchorFor(form, minLength)))].sort((a, b) => a.length - b.length);
  const anchors: string[] = [];
  for (const candidate of candidates) if (!anchors.some((anchor) => candidate.includes(anchor))) anchors.push(candidate);
  return anchors;
}
