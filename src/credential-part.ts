// What a credential adds to every request it goes with — its headers, its secrets and their redactor —
// built once per credential value by the runtime (runtime.credentialPart), not on every call.
import { BoundedCache } from './bounded-cache';
import type { Credential } from './credentials';
import { applyCredential } from './http/auth';
import { createRedactor, type Redactor } from './redact';

export interface CredentialPart {
  /** The headers it sends (Authorization, an API-key header…), checked. None for body and query
   * credentials: they change each call's body or URL (applyCredential, at the call). */
  readonly headers: Readonly<Record<string, string>>;
  /** Its secrets (an OAuth2 access token included), redacted from everything the call reports. */
  readonly secrets: readonly string[];
  readonly redact: Redactor;
}

export const NO_CREDENTIAL_PART: CredentialPart = Object.freeze({ headers: Object.freeze({}), secrets: Object.freeze([]), redact: createRedactor([]) });

/** Throws invalid_block naming the field when a value cannot be sent (a line break in a token…). */
export function buildCredentialPart(credential: Credential, accessToken?: string): CredentialPart {
  const applied = applyCredential(credential, { headers: {}, body: undefined, url: undefined, accessToken });
  return Object.freeze({ headers: Object.freeze(applied.headers), secrets: Object.freeze(applied.secrets), redact: createRedactor(applied.secrets) });
}

/**
 * The deep copy `copy` (JSON.parse of a credential's JSON text) holds exactly the JSON value `current`
 * has now. Conservative: true only for plain data — strings, finite numbers, booleans, null, arrays and
 * plain objects with the same own enumerable keys — equal value for value; anything JSON.stringify would
 * change or drop (undefined, NaN, toJSON, class instances, functions) answers false.
 */
export function sameJsonValue(current: unknown, copy: unknown): boolean {
  if (current === copy) return true; // `copy` is parsed JSON: never NaN or ±Infinity
  if (typeof current !== 'object' || current === null || typeof copy !== 'object' || copy === null) return false;
  if (Array.isArray(current)) {
    if (!Array.isArray(copy) || Object.getPrototypeOf(current) !== Array.prototype || current.length !== copy.length) return false;
    for (let i = 0; i < current.length; i++) if (!sameJsonValue(current[i], copy[i])) return false;
    return true;
  }
  if (Array.isArray(copy)) return false;
  const proto: unknown = Object.getPrototypeOf(current);
  if ((proto !== Object.prototype && proto !== null) || typeof (current as { toJSON?: unknown }).toJSON === 'function') return false;
  let keys = 0;
  for (const key in current) {
    if (!Object.hasOwn(current, key)) continue;
    if (!Object.hasOwn(copy, key) || !sameJsonValue((current as Record<string, unknown>)[key], (copy as Record<string, unknown>)[key])) return false;
    keys++;
  }
  for (const key in copy) if (Object.hasOwn(copy, key)) keys--;
  return keys === 0;
}

interface Seen {
  /** The credential's value when its part was last looked up (JSON.parse of its text: plain data). */
  value: unknown;
  accessToken: string | undefined;
  part: CredentialPart;
}

/**
 * runtime.credentialPart: parts by credential value. An action runs with the same credential call after
 * call, and checking its headers and compiling the redactor of its secrets costs more than a lookup.
 *
 * Invariant: a part is only ever returned for the value it was built from.
 * - By text: the key is the credential's JSON text, then NUL and the access token when there is one (JSON
 *   text holds no raw NUL): it says everything a part depends on, and the part is built from that text
 *   (not from the object, whose accessors could answer differently on a second read). A resolver handing
 *   a fresh object per call finds the part of its values.
 * - By object, to skip serialising the same credential object call after call: the value the object had
 *   at its last lookup is kept beside it, and its part is returned only while the object still holds
 *   that value (sameJsonValue, read field by field on each call) and the token is the same. A credential
 *   changed in place is no longer equal: it is looked up by its new text.
 */
export function createCredentialParts(limit: number): (credential: Credential | undefined, accessToken?: string) => CredentialPart {
  const byText = new BoundedCache<string, CredentialPart>(limit);
  const byObject = new WeakMap<object, Seen>();
  return (credential, accessToken) => {
    if (credential === undefined) return NO_CREDENTIAL_PART;
    const seen = byObject.get(credential);
    if (seen !== undefined && seen.accessToken === accessToken && sameJsonValue(credential, seen.value)) return seen.part;
    const text = JSON.stringify(credential);
    const part = byText.getOrCompute(accessToken === undefined ? text : `${text}\u0000${accessToken}`, () => buildCredentialPart(JSON.parse(text) as Credential, accessToken));
    byObject.set(credential, { value: JSON.parse(text) as unknown, accessToken, part });
    return part;
  };
}
