// OAuth2 client credentials against a real authorization server: panva's oidc-provider 9.13.3 (the
// certified OpenID implementation; client_credentials, introspection RFC 7662 and revocation RFC 7009 as
// configured in its docs/README.md), in its own process on 127.0.0.1. The API the actions call accepts
// a token only when that server's introspection says it is active, so expiry and revocation are the
// real server's. Token requests are counted at the server.
import { executeBlock, previewBlock } from '../../../src/actions';
import { parseBlock } from '../../../src/blocks';
import type { Credential } from '../../../src/credentials';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { startOidcServer, startResourceServer, type OidcClient, type OidcServer, type ResourceServer } from '../../support/oidc';
import { relaisRejection } from '../../support/rejection';

const api: OidcClient = { id: 'orders-api', secret: 'orders-api-secret-5f1e0a9c7b3d' };
const clients: Record<string, OidcClient> = {
  concurrent: { id: 'relais-concurrent', secret: 'concurrent-secret-8d2f6a1b4c9e' },
  short: { id: 'relais-short', secret: 'short-secret-3a7c9e1f5b2d' },
  revoke: { id: 'relais-revoke', secret: 'revoke-secret-6b4d8f2a0c1e' },
  body: { id: 'relais-body', secret: 'body-secret-9e7c5a3b1d0f', auth: 'body' },
  errors: { id: 'relais-errors', secret: 'errors-secret-2c4e6a8b0d1f' },
};
const WRONG_SECRET = 'wrong-secret-7f3b1d9e5a2c';

let oidc: OidcServer;
let resource: ResourceServer;
const runtimes: Runtime[] = [];
const logged: string[] = [];

function credential(client: OidcClient, extra: Partial<Credential> = {}): Credential {
  return { type: 'oauth2_client_credentials', token_url: oidc.tokenUrl, client_id: client.id, client_secret: client.secret, scope: 'orders:read', client_auth: client.auth ?? 'basic', allow_http: true, allow_private_network: true, ...extra } as Credential;
}

function runtimeWith(credentials: Record<string, Credential>): Runtime {
  const logger = { debug: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) };
  const runtime = createRuntime({ credentials, network: { allowed_hosts: [new URL(resource.origin).host] }, logger });
  runtimes.push(runtime);
  return runtime;
}

const block = (credentialName: string, path = '/orders') =>
  parseBlock({ id: 'orders', type: 'action', data: { label: 'Orders', parameters: { action_type: 'http_request', http_method: 'GET', url: `${resource.origin}${path}`, credential: credentialName, allow_http: 'true', timeout_seconds: '20' } } });

const tokensFor = (client: OidcClient) => oidc.tokenRequests.filter((request) => request.client === client.id && request.status === 200).length;

function assertNoSecret(value: unknown, tokens: (string | undefined)[] = []): void {
  const text = JSON.stringify(value, (_k, v) => (v instanceof Error ? { ...v, message: v.message } : v));
  for (const secret of [...Object.values(clients).map((c) => c.secret), WRONG_SECRET, ...tokens.filter((t): t is string => !!t)]) expect(text).not.toContain(secret);
}

beforeAll(async () => {
  oidc = await startOidcServer([api, ...Object.values(clients)], { [clients.short.id]: 2 });
  resource = await startResourceServer(oidc, api);
}, 30_000);

afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  await resource?.close();
  await oidc?.close();
});

it('50 concurrent calls share one token fetch, and the API accepts the token', async () => {
  const runtime = runtimeWith({ orders: credential(clients.concurrent) });
  const results = await Promise.all(Array.from({ length: 50 }, () => executeBlock(block('orders'), { variables: {} }, runtime)));
  await oidc.sync();
  expect(tokensFor(clients.concurrent)).toBe(1);
  expect(results.every((r) => (r.data as { ok: boolean; client_id: string }).ok && (r.data as { client_id: string }).client_id === clients.concurrent.id)).toBe(true);
  const tokens = new Set(resource.requests.slice(-50).map((r) => r.token));
  expect(tokens.size).toBe(1);
  // Results and logs hold neither the client secret nor the token.
  assertNoSecret({ results, logged }, [...tokens]);
  expect(JSON.stringify(results[0].meta.request)).toContain('"Authorization":"[redacted]"');
}, 30_000);

it('client_secret_post (client_auth body) works too', async () => {
  const runtime = runtimeWith({ orders: credential(clients.body) });
  const result = await executeBlock(block('orders'), { variables: {} }, runtime);
  expect((result.data as { client_id: string }).client_id).toBe(clients.body.id);
  await oidc.sync();
  expect(tokensFor(clients.body)).toBe(1);
});

it('an expired token is replaced by a new one', async () => {
  const runtime = runtimeWith({ orders: credential(clients.short) });
  await executeBlock(block('orders'), { variables: {} }, runtime);
  const first = resource.requests[resource.requests.length - 1].token as string;
  await oidc.sync();
  expect(tokensFor(clients.short)).toBe(1);
  // Wait for the state (the server says the token is no longer active), not for a fixed time.
  for (let i = 0; i < 100 && (await oidc.introspect(first, api)).active; i++) await new Promise((r) => setTimeout(r, 100));
  expect((await oidc.introspect(first, api)).active).toBe(false);
  const result = await executeBlock(block('orders'), { variables: {} }, runtime);
  expect((result.data as { ok: boolean }).ok).toBe(true);
  await oidc.sync();
  expect(tokensFor(clients.short)).toBe(2);
  const second = resource.requests[resource.requests.length - 1].token;
  expect(second).not.toBe(first);
  // The expired token was never sent again: Relais refreshed it before its expiry (skew).
  expect(resource.requests.filter((r) => r.token === first && r.status === 401)).toHaveLength(0);
}, 30_000);

it('a revoked token (401) is refreshed once and the call succeeds', async () => {
  const runtime = runtimeWith({ orders: credential(clients.revoke) });
  await executeBlock(block('orders'), { variables: {} }, runtime);
  const first = resource.requests[resource.requests.length - 1].token as string;
  await oidc.revoke(first, clients.revoke);
  expect((await oidc.introspect(first, api)).active).toBe(false);
  const before = resource.requests.length;
  const result = await executeBlock(block('orders'), { variables: {} }, runtime);
  expect((result.data as { ok: boolean }).ok).toBe(true);
  const calls = resource.requests.slice(before);
  expect(calls.map((c) => c.status)).toEqual([401, 200]);
  expect(calls[0].token).toBe(first);
  expect(calls[1].token).not.toBe(first);
  await oidc.sync();
  expect(tokensFor(clients.revoke)).toBe(2);
  assertNoSecret(result, [first, calls[1].token]);
});

it('an API that keeps refusing gets one refresh and one retry only, then http_401 without the token', async () => {
  const runtime = runtimeWith({ orders: credential(clients.body) });
  await oidc.sync();
  const fetched = tokensFor(clients.body);
  const before = resource.requests.length;
  const error = await relaisRejection(executeBlock(block('orders', '/refuse'), { variables: {} }, runtime));
  expect(error.code).toBe('http_401');
  expect(resource.requests.slice(before).map((r) => r.status)).toEqual([401, 401]);
  await oidc.sync();
  expect(tokensFor(clients.body)).toBe(fetched + 1);
  assertNoSecret(error.toJSON(), resource.requests.slice(before).map((r) => r.token));
});

it('a scope the client may not have is refused by the endpoint: auth_error naming invalid_scope', async () => {
  const runtime = runtimeWith({ orders: credential(clients.revoke, { scope: 'orders:write' }) });
  // orders:write is not a scope this client may have: the server refuses it.
  const error = await relaisRejection(executeBlock(block('orders'), { variables: {} }, runtime));
  expect(error.code).toBe('auth_error');
  expect(error.message).toContain('invalid_scope');
});

it('token endpoint errors are auth_error with the endpoint\'s error and description, never the secret', async () => {
  await oidc.sync();
  const before = oidc.tokenRequests.length;
  const runtime = runtimeWith({ orders: credential(clients.errors, { client_secret: WRONG_SECRET }) });
  const error = await relaisRejection(executeBlock(block('orders'), { variables: {} }, runtime));
  expect(error.code).toBe('auth_error');
  expect(error.message).toMatch(/invalid_client \(.+\)/);
  expect(error.status).toBe(401);
  await oidc.sync();
  expect(oidc.tokenRequests.slice(before).map((r) => r.status)).toEqual([401]);
  assertNoSecret({ error: error.toJSON(), message: error.message, logged });
  // The API itself was never called without a token.
  expect(resource.requests.filter((r) => r.token === undefined)).toHaveLength(0);
});

it('the preview fetches nothing and shows no secret', async () => {
  await oidc.sync();
  const before = oidc.tokenRequests.length;
  const runtime = runtimeWith({ orders: credential(clients.errors) });
  const preview = await previewBlock(block('orders'), { variables: {} }, runtime);
  await oidc.sync();
  expect(oidc.tokenRequests.length).toBe(before);
  expect(preview.request?.headers.Authorization).toBe('[redacted]');
  assertNoSecret(preview);
});

describe('bad configuration is reported before anything is sent, naming the field', () => {
  const cases: Array<[string, Partial<Credential>, string]> = [
    ['a token URL over http without allow_http', { allow_http: false }, 'credential.token_url'],
    ['a token URL that is not a URL', { token_url: 'login example com' } as Partial<Credential>, 'credential.token_url'],
    ['an empty client secret', { client_secret: '' } as Partial<Credential>, 'credential.client_secret'],
    ['an unknown client_auth', { client_auth: 'jwt' } as unknown as Partial<Credential>, 'credential.client_auth'],
  ];
  it.each(cases)('%s', async (_title, change, path) => {
    await oidc.sync();
    const before = oidc.tokenRequests.length;
    const runtime = runtimeWith({ orders: credential(clients.errors, change) });
    const error = await relaisRejection(executeBlock(block('orders'), { variables: {} }, runtime));
    expect(error.code).toBe('invalid_block');
    expect(error.issues[0].path).toBe(path);
    await oidc.sync();
    expect(oidc.tokenRequests.length).toBe(before);
    assertNoSecret(error.toJSON());
  });
});
