// Credentials are named in a block (`parameters.credential`) and resolved by the runtime, so block JSON
// never holds a secret. The four kinds of seed 002's Authentication tab, plus what real APIs need
// beyond them: OAuth2 client credentials, an API key in the query, several headers. Any of them may be
// bound to hosts (`allowed_hosts`) and carry its own TLS material (private CA, client certificate).
import type { TlsOptions } from './http/types';

/** What every kind may carry besides its secret. */
export interface CredentialScope {
  /** The credential is only ever sent to these hosts ("api.example.com", "*.example.com", "host:8443"). */
  allowed_hosts?: string[];
  /** PEM text: a private CA to trust, a client certificate and key (mTLS). */
  tls?: TlsOptions;
}

export interface OAuth2ClientCredentials {
  type: 'oauth2_client_credentials';
  token_url: string;
  client_id: string;
  client_secret: string;
  scope?: string;
  audience?: string;
  /** How the client authenticates to the token endpoint (RFC 6749 §2.3.1); default basic. */
  client_auth?: 'basic' | 'body';
  /** Let token_url be http:// (a local authorization server); default false. */
  allow_http?: boolean;
  /** Let token_url be a private/loopback address; default false. */
  allow_private_network?: boolean;
}

export type Credential = (
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'header'; name: string; value: string }
  | { type: 'body'; name: string; value: string }
  | { type: 'query'; name: string; value: string }
  | { type: 'headers'; headers: Record<string, string> }
  | OAuth2ClientCredentials
) &
  CredentialScope;

export type CredentialType = Credential['type'];

export const CREDENTIAL_TYPES: readonly CredentialType[] = ['bearer', 'basic', 'header', 'body', 'query', 'headers', 'oauth2_client_credentials'];

export type CredentialResolver = (name: string) => Credential | undefined;

/** RFC 6749 §2.3.1: client id and secret are form-encoded before being joined for HTTP Basic. */
export function oauth2BasicPair(credential: Pick<OAuth2ClientCredentials, 'client_id' | 'client_secret'>): string {
  const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');
  return Buffer.from(`${encode(credential.client_id)}:${encode(credential.client_secret)}`, 'utf8').toString('base64');
}

/** The secret values of a credential, for redaction (basic auth includes its base64 form). An OAuth2
 * credential's access token is not here: it is added by the call that fetched it. */
export function credentialSecrets(credential: Credential): string[] {
  const tls = credential.tls ? [credential.tls.key, credential.tls.passphrase].filter((s): s is string => typeof s === 'string' && s !== '') : [];
  const own = ownSecrets(credential);
  return tls.length === 0 ? own : [...own, ...tls];
}

function ownSecrets(credential: Credential): string[] {
  switch (credential.type) {
    case 'bearer':
      return [credential.token];
    case 'basic': {
      const pair = `${credential.username}:${credential.password}`;
      return [credential.password, Buffer.from(pair).toString('base64')];
    }
    case 'header':
    case 'body':
    case 'query':
      return [credential.value];
    case 'headers':
      return Object.values(credential.headers ?? {}).map(String);
    case 'oauth2_client_credentials': {
      const secret = credential.client_secret;
      return typeof secret === 'string' && secret !== '' ? [secret, oauth2BasicPair(credential)] : [];
    }
  }
}
