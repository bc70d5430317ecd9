// What a credential adds to every request it goes with — its headers, its secrets and their redactor —
// built once per credential value by the runtime (runtime.credentialPart), not on every call.
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
