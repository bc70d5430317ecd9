// OAuth2 client credentials (RFC 6749 §4.4): the access token of a credential, fetched through the guarded
// transport and kept until `expires_in` minus a skew. Many concurrent calls share one fetch; a token the
// API refused (401) is dropped once — by the first call that saw it refused — and the next calls share
// the new fetch. The cache is process-wide and keyed by everything that decides the token (endpoint,
// client, secret, scope, audience, client authentication) as a hash, so runtimes with the same
// credential share its token and no secret is a map key. Failures are auth_error with the endpoint's
// `error` / `error_description` (RFC 6749 §5.2), never the secret.
import { createHash } from 'node:crypto';
import { BoundedCache } from '../bounded-cache';
import { credentialSecrets, oauth2BasicPair, type Credential, type OAuth2ClientCredentials } from '../credentials';
import { isRelaisError, RelaisError } from '../errors';
import { createRedactor } from '../redact';
import type { HttpClient, HttpResponse } from './types';

export type OAuth2Credential = Extract<Credential, { type: 'oauth2_client_credentials' }>;

interface Entry {
  token?: string;
  /** performance.now() time after which the token is fetched again. */
  refreshAt: number;
  pending?: Promise<string>;
}

/** Token answers are small; a bigger one is not a token endpoint. */
const MAX_TOKEN_RESPONSE_BYTES = 65_536;
/** When the endpoint gives no expires_in (it is only RECOMMENDED): kept this long, or until a 401. */
const DEFAULT_LIFETIME_S = 3600;
/** Refreshed this long before it expires (a tenth of a shorter lifetime), so a call never leaves with
 * a token about to expire in flight… */
const MAX_SKEW_S = 30;
/** …plus one second: expires_in counts whole seconds, and servers count them from an issue time they
 * rounded down (oidc-provider does), so a token of "2 s" may expire 1 s after it was received. */
const ROUNDING_S = 1;

// Invariant: the key is a hash of everything that decides the token (cacheKey: endpoint, client, secret,
// scope, audience, client authentication). Unlike the core's other caches the value is not a computed
// result but the credential's token slot, updated in place (token, refresh time, fetch in flight) so
// every caller of the key shares one fetch; forgetting a slot only costs the next call a fetch.
const entries = new BoundedCache<string, Entry>(1000);
const keys = new WeakMap<object, { fields: string; key: string }>();

/** Counters for tests and diagnostics: token requests sent since the process started. */
export const oauth2Stats = { fetches: 0 };

function fieldsOf(credential: OAuth2ClientCredentials): string {
  return [credential.token_url, credential.client_id, credential.client_secret, credential.scope ?? '', credential.audience ?? '', credential.client_auth ?? 'basic'].join('\u0000');
}

function cacheKey(credential: OAuth2Credential): string {
  const fields = fieldsOf(credential);
  const known = keys.get(credential);
  if (known && known.fields === fields) return known.key;
  const key = createHash('sha256').update(fields).digest('base64url');
  keys.set(credential, { fields, key });
  return key;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the token endpoint';
  }
}

function failure(credential: OAuth2Credential, message: string, status?: number): RelaisError {
  const redact = createRedactor(credentialSecrets(credential));
  return new RelaisError('auth_error', redact(`Could not get an OAuth2 access token from ${hostOf(credential.token_url)}: ${message}`), {
    status,
    issues: [{ path: 'credential.token_url', message: redact(message) }],
  });
}

/** The endpoint's own words (RFC 6749 §5.2), cut short, or its status. */
function refusal(response: HttpResponse): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const record = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  const error = typeof record.error === 'string' ? record.error.slice(0, 100) : undefined;
  const description = typeof record.error_description === 'string' ? record.error_description.slice(0, 300) : undefined;
  if (error) return `the endpoint answered ${response.status} ${error}${description ? ` (${description})` : ''}. Check the client ID, secret, scope and audience.`;
  return `the endpoint answered ${response.status} without an OAuth2 error. Check the token URL.`;
}

function tokenFrom(credential: OAuth2Credential, response: HttpResponse): { token: string; lifetime: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString('utf8'));
  } catch {
    throw failure(credential, 'the answer is not JSON. Check the token URL.', response.status);
  }
  const record = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  const token = record.access_token;
  if (typeof token !== 'string' || token === '') throw failure(credential, 'the answer holds no access_token. Check the token URL.', response.status);
  const type = record.token_type;
  if (typeof type === 'string' && type.toLowerCase() !== 'bearer') {
    throw failure(credential, `the token type is "${type.slice(0, 40)}"; Relais sends Bearer tokens (RFC 6750) only.`, response.status);
  }
  const expiresIn = typeof record.expires_in === 'string' ? Number(record.expires_in) : record.expires_in;
  const lifetime = typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_S;
  return { token, lifetime };
}

function fetchToken(credential: OAuth2Credential, http: HttpClient, timeoutMs: number): Promise<{ token: string; lifetime: number }> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (credential.scope) form.set('scope', credential.scope);
  if (credential.audience) form.set('audience', credential.audience);
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  if ((credential.client_auth ?? 'basic') === 'basic') headers.Authorization = `Basic ${oauth2BasicPair(credential)}`;
  else {
    form.set('client_id', credential.client_id);
    form.set('client_secret', credential.client_secret);
  }
  oauth2Stats.fetches++;
  return http
    .request({
      method: 'POST',
      url: credential.token_url,
      headers,
      body: form.toString(),
      timeout_ms: timeoutMs,
      max_response_bytes: MAX_TOKEN_RESPONSE_BYTES,
      // A token endpoint answers; one that redirects a request carrying the secret is not followed.
      max_redirects: 0,
      allow_http: credential.allow_http === true,
      allow_private_network: credential.allow_private_network === true,
      secrets: credentialSecrets(credential),
      tls: credential.tls,
    })
    .then(
      (response) => {
        if (response.status !== 200) throw failure(credential, refusal(response), response.status);
        return tokenFrom(credential, response);
      },
      (error: unknown) => {
        if (isRelaisError(error)) throw failure(credential, `${error.message} [${error.code}]`, error.status);
        throw failure(credential, 'the request failed.');
      },
    );
}

/** The credential's access token: the cached one while it is fresh, else one fetch shared by every
 * caller waiting for it. `timeoutMs` bounds the fetch (the caller's remaining deadline). */
export function accessToken(credential: OAuth2Credential, http: HttpClient, timeoutMs: number): Promise<string> {
  const held = entries.getOrCompute(cacheKey(credential), () => ({ refreshAt: 0 }));
  if (held.token !== undefined && performance.now() < held.refreshAt) return Promise.resolve(held.token);
  if (held.pending) return held.pending;
  // expires_in counts from when the server issued the token, which is after this moment: counting from
  // here (not from the answer's arrival) never keeps a token past its expiry, however slow the answer.
  const requestedAt = performance.now();
  const pending = fetchToken(credential, http, timeoutMs).then(
    ({ token, lifetime }) => {
      const skew = Math.min(MAX_SKEW_S, lifetime / 10) + ROUNDING_S;
      held.token = token;
      held.refreshAt = requestedAt + (lifetime - skew) * 1000;
      held.pending = undefined;
      return token;
    },
    (error: unknown) => {
      held.pending = undefined;
      throw error;
    },
  );
  held.pending = pending;
  return pending;
}

/** The API refused `token` (401): drop it, unless another call already replaced it. */
export function invalidateAccessToken(credential: OAuth2Credential, token: string): void {
  const entry = entries.get(cacheKey(credential));
  if (entry && entry.token === token) {
    entry.token = undefined;
    entry.refreshAt = 0;
  }
}
