// The part of an http_request call that depends only on the block's parameters and its credential:
// built on a block's first call and reused by the next ones while the credential holds the same values.
import type { Credential } from '../../credentials';
import type { Redactor } from '../../redact';

/**
 * What a call sends and reports that depends only on the parameters and the credential, when the headers
 * hold no placeholder and no query value is a secret: the final headers (written ones, the credential,
 * Content-Type, Accept), the secrets, the redactor and the redacted headers. Reused while the credential
 * holds the same values (a host may hand a fresh credential object per call, or change one in place).
 */
export interface FixedPart {
  credentialType: Credential['type'] | undefined;
  /** The credential's fields, compared on each call. */
  first: string;
  second: string;
  sendsBody: boolean;
  /** Frozen: only read by the transport, which copies what it sends. */
  headers: Readonly<Record<string, string>>;
  secrets: string[];
  redact: Redactor;
  /** Copied into each call's meta (a result is the caller's to change). */
  redactedHeaders: Readonly<Record<string, string>>;
  /** The static URL redacted (see Plan.staticUrl), when there is one. */
  redactedUrl?: string;
}

/** A credential's values, in two fields (compared to tell whether a FixedPart still applies). */
export function credentialFields(credential: Credential | undefined): [string, string] {
  switch (credential?.type) {
    case undefined:
      return ['', ''];
    case 'bearer':
      return [credential.token, ''];
    case 'basic':
      return [credential.username, credential.password];
    case 'header':
    case 'body':
    case 'query':
      return [credential.name, credential.value];
    case 'headers':
      return [JSON.stringify(credential.headers), ''];
    case 'oauth2_client_credentials':
      // Never reused (the token changes): see FIXABLE_CREDENTIALS in prepare.ts.
      return ['', ''];
  }
}

export function fixedPartFits(fixed: FixedPart, credential: Credential | undefined, sendsBody: boolean): boolean {
  if (fixed.credentialType !== credential?.type || fixed.sendsBody !== sendsBody) return false;
  const [first, second] = credentialFields(credential);
  return fixed.first === first && fixed.second === second;
}
