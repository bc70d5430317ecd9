// Secret redaction for everything Relais reports: previews, results, errors, logs. A redactor is built
// once per call from the secrets in play (credential values, tokens in headers_json) and then applied to
// every string that leaves the core.

import { BoundedCache } from './bounded-cache';
import { canonicalJsonEscapes, hasRewritableEscape } from './json-escapes';
import { setOwn } from './own-property';
import { anchorsOf, secretForms } from './secret-forms';

export const REDACTED = '[redacted]';

/**
 * Secrets shorter than this are not redacted: replacing every "ab" or "123" in a response would garble
 * it and would not protect anything (a 3-character secret is guessable). Credentials that short are a
 * configuration problem, not a redaction one.
 */
export const MIN_SECRET_LENGTH = 4;

export type Redactor = (text: string) => string;

const identity: Redactor = (text) => text;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Redactors by their secrets: an action runs with the same credential call after call, and building the
 * pattern (encodings, escaping, compiling) costs more than using it. */
// Invariant: the key is the secrets in order, NUL-joined, and a redactor depends on nothing else. The
// join only tells secrets apart when none holds a NUL and all are strings (["ab\0cd"] and ["ab", "cd"],
// [1234] and ["1234"] would share a key): other lists are not cached (redactorKey).
const redactors = new BoundedCache<string, Redactor>(100);

function redactorKey(secrets: readonly string[]): string | undefined {
  for (const secret of secrets) if (typeof secret !== 'string' || secret.includes('\u0000')) return undefined;
  return secrets.join('\u0000');
}

/** A function replacing every occurrence of each secret (and its encoded forms) with "[redacted]". */
export function createRedactor(secrets: readonly string[]): Redactor {
  if (secrets.length === 0) return identity;
  const key = redactorKey(secrets);
  return key === undefined ? buildRedactor(secrets) : redactors.getOrCompute(key, () => buildRedactor(secrets));
}

/** Anchors shorter than this are not worth searching for: the forms themselves are searched instead. */
const MIN_ANCHOR_LENGTH = 6;

function buildRedactor(secrets: readonly string[]): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of secretForms(secret)) if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
  }
  if (forms.size === 0) return identity;
  const list = [...forms];
  const { pattern, anchors } = matcher(list);
  const redactor: Redactor = (text) => (typeof text === 'string' && text.length >= MIN_SECRET_LENGTH && containsAny(text, anchors) ? text.replace(pattern, REDACTED) : text);
  const json = formsInJson(list);
  jsonMatchers.set(redactor, json === undefined ? undefined : matcher(json));
  return redactor;
}

interface Matcher {
  /** Every form, longest first so a secret's encoded form is not half-replaced by a shorter secret inside it. */
  pattern: RegExp;
  /** A text holding none of these holds no form (see anchorsOf). */
  anchors: string[];
}

function matcher(forms: readonly string[]): Matcher {
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  return { pattern: new RegExp(sorted.map(escapeRegExp).join('|'), 'g'), anchors: anchorsOf(sorted, MIN_ANCHOR_LENGTH) };
}

/**
 * What each form looks like once a string holding it is serialised as JSON: the form itself and its
 * JSON-escaped text. JSON escapes code unit by code unit, so a string containing a form serialises to
 * text containing the form's escaped text — except around a lone surrogate, which a form cut from a
 * surrogate pair would hold: such redactors get undefined (the value is then walked).
 */
function formsInJson(forms: readonly string[]): string[] | undefined {
  const out = new Set<string>();
  for (const form of forms) {
    if (/[\uD800-\uDFFF]/.test(form)) return undefined;
    out.add(form);
    out.add(JSON.stringify(form).slice(1, -1));
  }
  return [...out];
}

/** Per redactor, the matcher of its forms as they appear in JSON text (formsInJson), for redactJsonText
 * and redactSerialisedValue; undefined when JSON text cannot tell (a form holds a lone surrogate). */
const jsonMatchers = new WeakMap<Redactor, Matcher | undefined>();

/** Most texts carry no secret: a plain substring search per anchor (~0.2 µs on 1 KB) tells so far faster
 * than running the alternation pattern over the whole text (~1.5 µs), which is kept for the rare hit. */
function containsAny(text: string, anchors: readonly string[]): boolean {
  for (const anchor of anchors) if (text.includes(anchor)) return true;
  return false;
}

/**
 * JSON text with its secrets redacted so that the value it parses to holds none, in any string, key or
 * value — also where escapes hid them (`sk_live\/AbCd`, `\u0073k_live`): the escapes are first written
 * the one way JSON.stringify writes them (canonicalJsonEscapes; the value does not change), and in that
 * spelling a string holding a secret holds the secret's JSON-escaped form, which is among the patterns.
 * Returns undefined when the text cannot vouch for the value (a form holding a lone surrogate): parse
 * the original text and redactDeep the value instead. A secret spanning JSON punctuation leaves text
 * that may no longer parse: the caller then does the same.
 */
export function redactJsonText(text: string, redact: Redactor): string | undefined {
  if (redact === identity) return text;
  const json = jsonMatchers.get(redact);
  if (json === undefined) return undefined;
  const canonical = canonicalJsonEscapes(text);
  return containsAny(canonical, json.anchors) ? canonical.replace(json.pattern, REDACTED) : canonical;
}

/**
 * A text that may be JSON (a response body, a message quoting one) with its secrets redacted, also where
 * JSON escapes hide them. When they do, the text comes back with its \u and \/ escapes decoded (the same
 * JSON, minus the secret); otherwise exactly as the redactor gives it.
 */
export function redactEscapedText(text: string, redact: Redactor): string {
  const redacted = redact(text);
  if (redact === identity || !hasRewritableEscape(text)) return redacted;
  const decoded = canonicalJsonEscapes(text);
  const again = redact(decoded);
  return again === decoded ? redacted : again;
}

const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
const SENSITIVE_NAME_PARTS = /token|secret|key|password|passwd|auth|session|signature/i;

/** Verdicts by header name: the same few names come with every request. */
// Invariant: the key is the header name as written; the verdict depends on nothing else.
const sensitiveByName = new BoundedCache<string, boolean>(256);

/** Headers whose value is a credential whatever it contains (masked, not just redacted). */
export function isSensitiveHeader(name: string): boolean {
  return sensitiveByName.getOrCompute(name, () => SENSITIVE_HEADERS.has(name.toLowerCase()) || SENSITIVE_NAME_PARTS.test(name));
}

/** Masks credential headers entirely and redacts known secrets from the others. */
export function redactHeaders(headers: Record<string, string>, redact: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    if (!Object.prototype.hasOwnProperty.call(headers, name)) continue;
    out[name] = isSensitiveHeader(name) ? REDACTED : redact(String(headers[name]));
  }
  return out;
}

/**
 * Redacts every string (values and keys) inside a JSON value. Never mutates: an array or object holding
 * something to redact is copied; one holding nothing secret is returned as it is (copy on write), so
 * redacting a request body with no secret in it costs a walk, not a copy.
 */
export function redactDeep(value: unknown, redact: Redactor): unknown {
  if (redact === identity) return value;
  return redactValue(value, redact, 0);
}

/**
 * redactDeep for a value whose JSON serialisation the caller already holds (a request body about to be
 * sent): when that text holds none of the secrets' JSON forms, no string inside the value (key or
 * value) holds a secret, and the value is returned as it is after one substring search per form instead
 * of a walk calling the redactor on every string. Otherwise (or when the text cannot tell) the value is
 * walked, as redactDeep does.
 */
export function redactSerialisedValue(value: unknown, serialised: string, redact: Redactor): unknown {
  if (redact === identity) return value;
  const json = jsonMatchers.get(redact);
  if (json !== undefined && !containsAny(serialised, json.anchors)) return value;
  return redactValue(value, redact, 0);
}

function redactValue(value: unknown, redact: Redactor, depth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 200) return redactSerialised(value, redact);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const redacted = redactValue(item, redact, depth + 1);
      if (out === undefined && redacted !== item) out = value.slice(0, i);
      if (out !== undefined) out.push(redacted);
    }
    return out ?? value;
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value;
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  let done = 0;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const item = record[key];
    const redactedKey = redact(key);
    const redacted = redactValue(item, redact, depth + 1);
    if (out === undefined && (redactedKey !== key || redacted !== item)) {
      // The first change: copy what came before it, unchanged.
      out = {};
      let copied = 0;
      for (const before in record) {
        if (copied === done) break;
        if (!Object.prototype.hasOwnProperty.call(record, before)) continue;
        setOwn(out, before, record[before]);
        copied++;
      }
    }
    if (out !== undefined) setOwn(out, redactedKey, redacted);
    done++;
  }
  return out ?? value;
}

/** Very deep values are redacted through their serialisation (native, so no stack overflow here), as
 * JSON text is (redactJsonText); anything that does not survive that whole is replaced. */
function redactSerialised(value: object, redact: Redactor): unknown {
  try {
    const text = redactJsonText(JSON.stringify(value), redact);
    return text === undefined ? REDACTED : JSON.parse(text);
  } catch {
    return REDACTED;
  }
}
