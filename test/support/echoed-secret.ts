// Issue 14: the credential of the attack run and every spelling a server may echo it back in — JSON with
// "/" escaped as "\/" (PHP's json_encode default) or with \u escapes, percent-encoded in upper or lower
// case, Python quote()-style (leaving "/"), form-encoded, base64 whole, base64 of the whole
// Authorization header value, base64 at any alignment inside a longer value — and a check that a text
// holds none of them. Built here from the encoders themselves, not from src/secret-forms.ts.
import { inspect } from 'node:util';

export const SECRET = 'sk_live/AbCd+EfGh=12345678';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const unicodeEscaped = (text: string) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const upperHex = encodeURIComponent(SECRET);
const strictUpper = upperHex.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());

/** Each spelling as it appears in a response's text (inside a JSON string where it is JSON). */
export const SPELLINGS: Record<string, string> = {
  raw: SECRET,
  php: SECRET.replace(/\//g, '\\/'),
  unicode: unicodeEscaped(SECRET),
  mixed: `\\u0073k_live\\/AbCd\\u002bEfGh=12345678`,
  upper: upperHex,
  lower: lowerHex(upperHex),
  quote: strictUpper.replace(/%2F/g, '/'),
  quoteLower: lowerHex(strictUpper.replace(/%2F/g, '/')),
  form: new URLSearchParams({ t: SECRET }).toString().slice(2),
  base64: b64(SECRET),
  base64url: Buffer.from(SECRET).toString('base64url'),
  bearerHeader: b64(`Bearer ${SECRET}`),
  wholeHeader: b64(`Authorization: ${SECRET}`),
  offset1: b64(`x${SECRET}y`),
  offset2: b64(`xy${SECRET}`),
};

/** Which spelling a text still holds (undefined when none): the secret itself once the text's JSON
 * escapes are read (a model reads `\u0073` as "s"), or any spelling above. */
export function leakIn(text: string): string | undefined {
  const decoded = text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\\//g, '/');
  if (decoded.includes(SECRET)) return 'the secret (once escapes are read)';
  return Object.entries(SPELLINGS).find(([, spelling]) => text.includes(spelling))?.[0];
}

/** Every way an error is commonly shown or logged. */
export function errorRenderings(error: Error & { body?: string }): Record<string, string> {
  return { message: error.message, string: String(error), json: JSON.stringify(error), inspect: inspect(error, { depth: null }), stack: error.stack ?? '', body: error.body ?? '' };
}
