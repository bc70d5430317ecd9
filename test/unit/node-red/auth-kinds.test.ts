// relais-auth's query and OAuth2 kinds in a real Node-RED runtime (node-red-node-test-helper): the OAuth2
// token comes from a real authorization server (oidc-provider, test/support/oidc-server.mjs) and the API
// accepts it only when that server says it is active; secrets never reach msg or the log. A
// configuration that cannot work is reported at deploy (status, log) and fails each message clearly.
import { startOidcServer, startResourceServer, type OidcClient, type OidcServer, type ResourceServer } from '../../support/oidc';
import { startTestServer, type TestServer } from '../../support/servers';
import { firstOf, helper, helperNode, relaisNodes, tempUserDir } from './support/harness';

/** Node-RED's log as the test helper records it (a sinon spy; not in the helper's type declarations). */
const loggedText = () => JSON.stringify((helper as unknown as { log(): { args: unknown[] } }).log().args);

jest.setTimeout(120_000);

const api: OidcClient = { id: 'orders-api', secret: 'nr-orders-api-secret-1b3d5f' };
const client: OidcClient = { id: 'relais-node-red', secret: 'nr-client-secret-7a9c2e4b6d' };
const QUERY_KEY = 'nr-query-key-5e7a9c1b3d';

let oidc: OidcServer;
let resource: ResourceServer;
let plain: TestServer;
const userDir = tempUserDir();

beforeAll(async () => {
  relaisNodes();
  oidc = await startOidcServer([api, client]);
  resource = await startResourceServer(oidc, api);
  plain = await startTestServer();
  helper.settings({ userDir: userDir.dir, relais: { allowed_hosts: [new URL(resource.origin).host, `127.0.0.1:${plain.port}`] } });
  await helper.startServer();
});

afterEach(async () => {
  await helper.unload();
});

afterAll(async () => {
  await helper.stopServer();
  await resource.close();
  await oidc.close();
  await plain.close();
  userDir.remove();
});

const httpNode = (url: string) => ({ id: 'n1', type: 'relais-http-request', http_method: 'GET', url, urlType: 'str', credential: 'auth1', allow_http: true, timeout_seconds: '10', timeout_secondsType: 'num', wires: [['ok'], ['failed']] });

it('oauth2: the token is fetched from the authorization server and the API accepts it; no secret on msg', async () => {
  const flow = [httpNode(`${resource.origin}/orders`), { id: 'auth1', type: 'relais-auth', kind: 'oauth2', token_url: oidc.tokenUrl, client_id: client.id, scope: 'orders:read', client_auth: 'basic', local: true }, helperNode('ok'), helperNode('failed')];
  await helper.load(relaisNodes(), flow, { auth1: { client_secret: client.secret } });
  for (let i = 0; i < 3; i++) {
    const out = firstOf(['ok', 'failed']);
    helper.getNode('n1').receive({});
    const { id, msg } = await out;
    expect(id).toBe('ok');
    expect(msg.payload).toMatchObject({ ok: true, client_id: client.id });
    const token = resource.requests.at(-1)?.token as string;
    const text = JSON.stringify(msg);
    expect(text).not.toContain(client.secret);
    expect(text).not.toContain(token);
  }
  await oidc.sync();
  expect(oidc.tokenRequests.filter((r) => r.client === client.id)).toHaveLength(1);
  // Nor in Node-RED's log.
  const logged = loggedText();
  expect(logged).not.toContain(client.secret);
  for (const { token } of resource.requests) if (token) expect(logged).not.toContain(token);
  // The flow's own definition of the auth node holds no secret (it is a Node-RED credential).
  expect(JSON.stringify(flow)).not.toContain(client.secret);
});

it('query: the key goes in the query string, redacted from msg.relais', async () => {
  await helper.load(relaisNodes(), [httpNode(`${plain.origin}/echo`), { id: 'auth1', type: 'relais-auth', kind: 'query', field: 'api_key' }, helperNode('ok'), helperNode('failed')], { auth1: { value: QUERY_KEY } });
  const out = firstOf(['ok', 'failed']);
  helper.getNode('n1').receive({});
  const { id, msg } = await out;
  expect(id).toBe('ok');
  expect(new URL(plain.requests.at(-1)?.url as string, plain.origin).searchParams.get('api_key')).toBe(QUERY_KEY);
  expect(JSON.stringify(msg.relais)).not.toContain(QUERY_KEY);
});

describe('a configuration that cannot work is reported at deploy and fails each message', () => {
  it.each([
    ['a token URL over http without "local"', { kind: 'oauth2', token_url: 'http://login.example.com/token', client_id: 'x' }, { client_secret: 'secret-value-1234' }, 'credential.token_url'],
    ['a client certificate that does not load', { kind: 'bearer', cert: '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----' }, { token: 'token-value-1234', key: 'not a key' }, 'credential.tls.cert'],
    ['headers that are not a JSON object', { kind: 'headers' }, { headers: '["X-Api-Key"]' }, 'credential.headers'],
  ])('%s', async (_title, auth, credentials, path) => {
    await helper.load(relaisNodes(), [httpNode(`${plain.origin}/json`), { id: 'auth1', type: 'relais-auth', ...auth }, helperNode('ok'), helperNode('failed')], { auth1: credentials });
    const status = helper.getNode('n1').status as unknown as { args?: Array<[{ fill: string; text: string }]> };
    // The status set while the node started (before any message).
    expect(status.args?.some(([s]) => s.fill === 'red' && s.text.startsWith('invalid_block'))).toBe(true);
    const before = plain.requests.length;
    const out = firstOf(['ok', 'failed']);
    helper.getNode('n1').receive({});
    const { id, msg } = await out;
    expect(id).toBe('failed');
    expect(msg.error).toMatchObject({ code: 'invalid_block', issues: [expect.objectContaining({ path })] });
    expect(plain.requests.length).toBe(before);
    for (const secret of Object.values(credentials)) {
      expect(JSON.stringify(msg)).not.toContain(secret);
      expect(loggedText()).not.toContain(secret);
    }
    // The deploy-time problem is in the log, naming the field.
    expect(loggedText()).toContain(path.replace('credential.', ''));
  });
});
