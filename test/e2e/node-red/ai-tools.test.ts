// relais-ai-reply calling tools in a real Node-RED 5, the AI provider config node pointing at the strict
// OpenAI conformance server (provider "openai", a gpt-5 model): (1) a relais-http-request node of the
// workspace picked as a tool (tool_nodes, what the edit dialog stores), with its own relais-auth bearer
// credential; (2) an http_request block written in the Tools JSON field. The model calls the tool, the
// tool calls a loopback order API; msg.payload carries the reply and its tool calls, msg.relais lists them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startNodeRed, type NodeRed } from '../../support/node-red';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server';
import { relaisTarball } from '../../support/tarball';
import { endpoint, tab } from './endpoints';

const AI_KEY = 'sk-nr-tools-e2e-5522';
const SHOP_TOKEN = 'shop-token-nr-tools-7781';

describe('relais-ai-reply with a tool in a real Node-RED', () => {
  let red: NodeRed;
  let ai: OpenAiServer;
  let api: Server;

  beforeAll(async () => {
    api = createServer((req, res) => {
      if (req.url?.startsWith('/private/') && req.headers.authorization !== `Bearer ${SHOP_TOKEN}`) {
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end('{"error": "invalid token"}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ order: req.url?.split('/').pop(), status: 'shipped', tracking: 'TRK-NR' }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    [red, ai] = await Promise.all([
      startNodeRed({ tarball: relaisTarball() }),
      startOpenAiServer({
        apiKey: AI_KEY,
        script: (turn) => (turn.toolResults.length === 0 ? { calls: [{ name: turn.tools[0], arguments: { order_id: '1001' } }] } : { text: `Votre commande : ${turn.toolResults[0].content}` }),
      }),
    ]);
    const tool = {
      id: 'order-lookup',
      type: 'action',
      data: {
        label: 'Order lookup',
        parameters: { action_type: 'http_request', http_method: 'GET', url: `http://127.0.0.1:${(api.address() as AddressInfo).port}/orders/{{order_id}}`, allow_http: true, allow_private_network: true, variables: [{ name: 'order_id', type: 'integer', required: true }] },
      },
    };
    const port = (api.address() as AddressInfo).port;
    await red.deploy([
      tab(),
      { id: 'tools.auth', type: 'relais-auth', name: 'shop token', kind: 'bearer', credentials: { token: SHOP_TOKEN } },
      {
        id: 'tools.lookup',
        type: 'relais-http-request',
        z: 'e2e.tab',
        name: 'Look up an order',
        credential: 'tools.auth',
        http_method: 'GET',
        url: `http://127.0.0.1:${port}/private/orders/{{order_id}}`,
        urlType: 'str',
        variables: [{ name: 'order_id', type: 'integer', description: 'The order number', required: true }],
        content_type: 'json',
        timeout_seconds: '5',
        allow_http: true,
        allow_private_network: true,
        wires: [[], []],
      },
      ...endpoint('/tools/picked', { id: 'tools.picked', type: 'relais-ai-reply', provider: 'tools.ai', body_source: 'ai', prompt: '', temperature: '0.4', max_output_tokens: '200', model: '', tools: '', tool_nodes: ['tools.lookup'], outputs: 2 }),
      { id: 'tools.ai', type: 'relais-ai-provider', provider: 'openai', base_url: ai.baseUrl, model: 'gpt-5-mini', allow_private_network: true, credentials: { api_key: AI_KEY } },
      ...endpoint('/tools/ai', { id: 'tools.reply', type: 'relais-ai-reply', provider: 'tools.ai', body_source: 'ai', prompt: '', system_prompt: '', temperature: '0.4', max_output_tokens: '200', model: '', tools: JSON.stringify([tool]), max_tool_calls: '3', outputs: 2 }),
    ]);
  }, 300_000);

  afterAll(async () => {
    api?.closeAllConnections();
    await Promise.all([red?.stop(), ai?.close(), new Promise((resolve) => (api ? api.close(resolve) : resolve(undefined)))]);
  });

  it('a relais-http-request node picked as a tool: the model calls it by the node\'s name, with the node\'s credential', async () => {
    const reply = await red.http('POST', '/tools/picked', { msg: { variables: { message: 'where is my order 1001' } } });
    expect(reply.status).toBe(200);
    const body = reply.json as { payload: { text: string; tool_calls: unknown[] }; relais: { tool_calls: unknown[] } };
    expect(body.payload.tool_calls).toMatchObject([{ name: 'Look_up_an_order', arguments: { order_id: '1001' }, ok: true, data: { order: '1001', status: 'shipped' } }]);
    expect(body.payload.text).toContain('TRK-NR');
    expect(body.relais.tool_calls).toEqual([{ name: 'Look_up_an_order', ok: true }]);
    const offered = ai.requests.at(-2)?.body.tools ?? [];
    expect(offered.map((t) => [t.function.name, t.function.description])).toEqual([['Look_up_an_order', 'Look up an order']]);
    expect(ai.refused).toEqual([]);
    for (const request of ai.requests) expect(request.raw).not.toContain(SHOP_TOKEN);
  });

  it('the model calls the order lookup; the reply and the tool calls come back in msg.payload and msg.relais', async () => {
    const reply = await red.http('POST', '/tools/ai', { msg: { variables: { message: 'where is my order 1001' } } });
    expect(reply.status).toBe(200);
    const body = reply.json as { payload: { text: string; tool_calls: unknown[] }; relais: { tool_calls: unknown[] } };
    expect(body.payload.tool_calls).toMatchObject([{ name: 'order-lookup', arguments: { order_id: '1001' }, ok: true, data: { order: '1001', status: 'shipped' } }]);
    expect(body.payload.text).toContain('TRK-NR');
    expect(body.relais.tool_calls).toEqual([{ name: 'order-lookup', ok: true }]);
    expect(ai.refused).toEqual([]);
    expect(ai.requests[0].body).toMatchObject({ max_completion_tokens: 200 });
    expect(JSON.stringify(reply.json)).not.toContain(AI_KEY);
  });
});
