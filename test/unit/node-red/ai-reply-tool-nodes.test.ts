// relais-ai-reply's tools picked by node (tool_nodes) in node-red-node-test-helper's real runtime: a
// relais-block node's block is a tool too (its credential_name mapped to its relais-auth node), and a
// picked node that is gone, or that reads its values from the message, is a clear invalid_block on the
// failure output — never a crash, never a silent reply without the tool.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server';
import { firstOf, helper, helperNode, relaisNodes, tempUserDir } from './support/harness';

jest.setTimeout(120_000);

const userDir = tempUserDir();
const AI_KEY = 'sk-tool-nodes-5151';
const TOKEN = 'block-tool-token-6262';
let ai: OpenAiServer;
let api: Server;
let apiUrl = '';

beforeAll(async () => {
  relaisNodes();
  api = createServer((req, res) => {
    res.writeHead(req.headers.authorization === `Bearer ${TOKEN}` ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ order: req.url?.split('/').pop(), status: 'shipped' }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  ai = await startOpenAiServer({
    apiKey: AI_KEY,
    script: (turn) => (turn.toolResults.length === 0 && turn.tools.length ? { calls: [{ name: turn.tools[0], arguments: { order_id: 7 } }] } : { text: `fait : ${turn.toolResults[0]?.content}` }),
  });
  helper.settings({ userDir: userDir.dir, relais: {} });
  await helper.startServer();
});
afterEach(async () => {
  await helper.unload();
});
afterAll(async () => {
  await helper.stopServer();
  api.closeAllConnections();
  await Promise.all([ai.close(), new Promise((resolve) => api.close(resolve))]);
  userDir.remove();
});

const provider = { id: 'prov', type: 'relais-ai-provider', provider: 'openai', base_url: '', model: 'gpt-5-mini', allow_private_network: true };
const reply = (toolNodes: string[]) => ({ id: 'reply', type: 'relais-ai-reply', provider: 'prov', body_source: 'ai', prompt: 'where is order 7', tool_nodes: toolNodes, wires: [['ok'], ['failed']] });

it('a relais-block node as a tool: its block runs with the credential of its relais-auth node', async () => {
  const block = { id: 'order-by-block', type: 'action', data: { label: 'Order by block', parameters: { action_type: 'http_request', http_method: 'GET', url: `${apiUrl}/orders/{{order_id}}`, credential: 'default', allow_http: true, allow_private_network: true, variables: [{ name: 'order_id', type: 'integer', required: true }] } } };
  await helper.load(
    relaisNodes(),
    [
      { ...provider, base_url: ai.baseUrl },
      { id: 'auth', type: 'relais-auth', kind: 'bearer' },
      { id: 'blocknode', type: 'relais-block', credential: 'auth', credential_name: '', block: JSON.stringify(block), wires: [[], []] },
      reply(['blocknode']),
      helperNode('ok'),
      helperNode('failed'),
    ],
    { prov: { api_key: AI_KEY }, auth: { token: TOKEN } },
  );
  const out = firstOf(['ok', 'failed']);
  helper.getNode('reply').receive({});
  const { id, msg } = await out;
  expect(id).toBe('ok');
  expect(msg.payload.tool_calls).toMatchObject([{ name: 'order-by-block', ok: true, data: { order: '7', status: 'shipped' } }]);
  expect(JSON.stringify(msg)).not.toContain(TOKEN);
});

it.each([
  ['a picked node that is gone', [], ['missing-node'], /the tool node missing-node is not deployed/],
  [
    'a picked node reading its URL from msg',
    [{ id: 'lookup', type: 'relais-http-request', name: 'Lookup', http_method: 'GET', url: 'url', urlType: 'msg', wires: [[], []] }],
    ['lookup'],
    /the tool node "Lookup" reads a value from msg\/flow\/global\/env/,
  ],
])('%s is a clear invalid_block on the failure output', async (_what, extra, picked, message) => {
  await helper.load(relaisNodes(), [{ ...provider, base_url: ai.baseUrl }, ...extra, reply(picked), helperNode('ok'), helperNode('failed')], { prov: { api_key: AI_KEY } });
  const before = ai.requests.length;
  const out = firstOf(['ok', 'failed']);
  helper.getNode('reply').receive({});
  const { id, msg } = await out;
  expect(id).toBe('failed');
  expect(msg.error.code).toBe('invalid_block');
  expect(msg.error.message).toMatch(message);
  expect(ai.requests.length).toBe(before);
});
