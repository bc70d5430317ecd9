// The n8n credential test (the "Test" button, run through `testedBy: relaisAuthTest`) for the OAuth2,
// query and headers credentials: a real authorization server (oidc-provider, test/support/oidc-server.mjs)
// issues or refuses the token; a configuration that cannot work is refused at configuration time,
// naming the field, without ever quoting a secret.
import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';
import { relaisAuthTest } from '../../../nodes/n8n/shared/credential-tests';
import { authCredential, networkFromEnv } from '../../../nodes/n8n/shared/credentials';
import { startOidcServer, type OidcClient, type OidcServer } from '../../support/oidc';
import { startTestServer, type TestServer } from '../../support/servers';

const client: OidcClient = { id: 'relais-n8n', secret: 'n8n-client-secret-4c6e8a0b2d' };
const WRONG = 'n8n-wrong-secret-9f7d5b3a1c';
let oidc: OidcServer;
let api: TestServer;
const previousHosts = process.env.RELAIS_ALLOWED_HOSTS;

beforeAll(async () => {
  oidc = await startOidcServer([client]);
  api = await startTestServer();
  process.env.RELAIS_ALLOWED_HOSTS = `127.0.0.1:${api.port}`;
}, 30_000);

afterAll(async () => {
  if (previousHosts === undefined) delete process.env.RELAIS_ALLOWED_HOSTS;
  else process.env.RELAIS_ALLOWED_HOSTS = previousHosts;
  await oidc.close();
  await api.close();
});

const run = (type: string, data: Record<string, unknown>) => relaisAuthTest.call({} as ICredentialTestFunctions, { id: 'c', name: type, type, data } as ICredentialsDecrypted);
const oauth = (extra: Record<string, unknown> = {}) => ({ tokenUrl: oidc.tokenUrl, clientId: client.id, clientSecret: client.secret, scope: 'orders:read', clientAuth: 'basic', allowPrivateNetwork: true, ...extra });

it('OAuth2: the test fetches a token from the token URL, then calls the Test URL with it', async () => {
  await oidc.sync();
  const before = oidc.tokenRequests.length;
  const result = await run('relaisClientCredentialsOAuth2Api', oauth({ testUrl: `${api.origin}/echo` }));
  expect(result).toEqual({ status: 'OK', message: expect.stringContaining('issued an access token') });
  await oidc.sync();
  expect(oidc.tokenRequests.slice(before)).toEqual([{ status: 200, client: client.id }]);
  expect(api.requests.at(-1)?.headers.authorization).toMatch(/^Bearer .{20,}/);
});

it('OAuth2: a refused secret is an auth_error with the server\'s error, never the secret', async () => {
  const result = await run('relaisClientCredentialsOAuth2Api', oauth({ clientSecret: WRONG }));
  expect(result.status).toBe('Error');
  expect(result.message).toContain('invalid_client');
  expect(result.message).toContain('[auth_error]');
  expect(result.message).not.toContain(WRONG);
});

it.each([
  ['a token URL over http without "Local Authorization Server"', 'relaisClientCredentialsOAuth2Api', () => oauth({ allowPrivateNetwork: false }), 'token_url'],
  ['a private CA that does not load', 'relaisQueryAuth', () => ({ name: 'api_key', secretValue: 'query-secret-1234', tlsCa: 'not a PEM' }), 'credential.tls.ca'],
  ['headers that are not a JSON object', 'relaisHeadersAuth', () => ({ secretHeaders: 'X-Api-Key: header-secret-5678' }), 'headers must be a JSON object'],
  ['allowed hosts written as URLs', 'relaisQueryAuth', () => ({ name: 'api_key', secretValue: 'query-secret-1234', allowedHosts: 'https://api.example.com/v1' }), 'allowed_hosts'],
])('refused at configuration time: %s', async (_title, type, data, field) => {
  await oidc.sync();
  const before = oidc.tokenRequests.length;
  const result = await run(type, data());
  expect(result.status).toBe('Error');
  expect(result.message).toContain(field);
  expect(result.message).not.toMatch(/query-secret-1234|header-secret-5678|n8n-client-secret/);
  await oidc.sync();
  expect(oidc.tokenRequests.length).toBe(before);
});

it('query and headers credentials map to the core with their hosts and TLS', () => {
  expect(authCredential('relaisQueryAuth', { name: 'api_key', secretValue: 'k', allowedHosts: 'api.example.com, *.example.org', tlsCa: 'CA' })).toEqual({
    type: 'query',
    name: 'api_key',
    value: 'k',
    allowed_hosts: ['api.example.com', '*.example.org'],
    tls: { ca: 'CA' },
  });
  expect(authCredential('relaisHeadersAuth', { secretHeaders: '{"X-Client-Id": "id", "X-Api-Key": 5}' })).toEqual({ type: 'headers', headers: { 'X-Client-Id': 'id', 'X-Api-Key': '5' } });
  expect(networkFromEnv({ RELAIS_ALLOWED_RANGES: '10.0.0.0/8, fd00::/8', RELAIS_PROXY: 'http://proxy:3128', RELAIS_USE_ENV_PROXY: 'true' })).toEqual({
    allowed_ranges: ['10.0.0.0/8', 'fd00::/8'],
    proxy: 'http://proxy:3128',
    use_env_proxy: true,
  });
});
