// An OAuth2 call is rendered once: everything that does not depend on the access token (variables,
// templates, body, the credential's checks) is done before the token is fetched, and each token it gets
// (the first one, the one fetched again after a 401) is applied to that same rendering as its credential
// part. Observed through the caller's context: its variables are read once per call, not once per token.
// Against a real authorization server: panva's oidc-provider (see test/support/oidc.ts and
// test/unit/http/oauth2.test.ts for what is checked against its documentation).
import { executeBlock } from '../../../src/actions';
import { parseBlock } from '../../../src/blocks';
import type { Credential } from '../../../src/credentials';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { startOidcServer, startResourceServer, type OidcClient, type OidcServer, type ResourceServer } from '../../support/oidc';
import { relaisRejection } from '../../support/rejection';

const api: OidcClient = { id: 'render-once-api', secret: 'render-once-api-secret-4e2a9c' };
const client: OidcClient = { id: 'render-once-client', secret: 'render-once-secret-7b1d3f5a' };

let oidc: OidcServer;
let resource: ResourceServer;
let runtime: Runtime;

beforeAll(async () => {
  oidc = await startOidcServer([api, client]);
  resource = await startResourceServer(oidc, api);
  const credential = { type: 'oauth2_client_credentials', token_url: oidc.tokenUrl, client_id: client.id, client_secret: client.secret, scope: 'orders:read', allow_http: true, allow_private_network: true } as Credential;
  runtime = createRuntime({ credentials: { orders: credential }, network: { allowed_hosts: [new URL(resource.origin).host] } });
}, 30_000);

afterAll(async () => {
  await runtime?.close();
  await resource?.close();
  await oidc?.close();
});

/** Variables whose `order` is read through a counting getter. */
function countedVariables(order: string): { variables: Record<string, unknown>; reads: () => number } {
  let reads = 0;
  const variables: Record<string, unknown> = {};
  Object.defineProperty(variables, 'order', { enumerable: true, get: () => ((reads += 1), order) });
  return { variables, reads: () => reads };
}

const block = (path: string) =>
  parseBlock({
    id: 'orders',
    type: 'action',
    data: {
      parameters: {
        action_type: 'http_request',
        http_method: 'GET',
        url: `${resource.origin}${path}`,
        headers_json: { 'X-Order': '{{order}}' },
        credential: 'orders',
        allow_http: 'true',
        variables: [{ name: 'order', type: 'string', required: true }],
      },
    },
  });

it('reads the variables once for a call that succeeds with its token', async () => {
  const { variables, reads } = countedVariables('A-1');
  const result = await executeBlock(block('/orders'), { variables }, runtime);
  expect((result.data as { ok: boolean }).ok).toBe(true);
  expect(reads()).toBe(1);
});

it('reads the variables once for a call sent with two tokens (401, one new token, one retry)', async () => {
  const { variables, reads } = countedVariables('A-2');
  const before = resource.requests.length;
  const error = await relaisRejection(executeBlock(block('/refuse'), { variables }, runtime));
  expect(error.code).toBe('http_401');
  const calls = resource.requests.slice(before);
  expect(calls.map((c) => c.status)).toEqual([401, 401]);
  expect(calls[0].token).not.toBe(calls[1].token);
  expect(reads()).toBe(1);
});
