// Relais AI Reply with a tool in a real n8n: the node's Tools parameter holds a block (JSON), the model
// (the strict OpenAI conformance server, as provider "openai" with a gpt-5 model) calls it, the block
// calls a loopback order API, and the reply and its tool calls come out of the node.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createN8nHost, nodeItems, type N8nHost, type RunData } from '../../support/n8n';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server';
import { relaisTarball } from '../../support/tarball';
import { credentialRef, itemNode, manualTrigger, relaisNode, workflow } from './workflows';

jest.setTimeout(20 * 60_000);

const AI_KEY = 'sk-n8n-tools-e2e-4411';

describe('Relais AI Reply with tools in a real n8n', () => {
  let host: N8nHost;
  let ai: OpenAiServer;
  let api: Server;
  let run: RunData;

  beforeAll(async () => {
    api = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ order: req.url?.split('/').pop(), status: 'shipped', tracking: 'TRK-N8N' }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    ai = await startOpenAiServer({
      apiKey: AI_KEY,
      script: (turn) => (turn.toolResults.length === 0 ? { calls: [{ name: 'order-lookup', arguments: { order_id: 1001 } }] } : { text: `Votre commande : ${turn.toolResults[0].content}` }),
    });
    const tool = {
      id: 'order-lookup',
      type: 'action',
      data: {
        label: 'Order lookup',
        description: 'Looks an order up by its number',
        parameters: { action_type: 'http_request', http_method: 'GET', url: `http://127.0.0.1:${(api.address() as AddressInfo).port}/orders/{{order_id}}`, allow_http: true, allow_private_network: true, variables: [{ name: 'order_id', type: 'integer', required: true }] },
      },
    };
    host = await createN8nHost({ tarball: relaisTarball() });
    const credential = { id: 'relaisToolsAi0001', name: 'OpenAI (local)', type: 'relaisAiProviderApi', data: { provider: 'openai', baseUrl: ai.baseUrl, apiKey: AI_KEY, model: 'gpt-5-mini', allowPrivateNetwork: true } };
    const wf = workflow('relaisE2eAiTools', 'E2E AI reply with a tool', [
      manualTrigger(),
      itemNode('Question', { variables: { message: 'where is my order 1001' } }),
      relaisNode('AI reply', 'relaisAiReply', { body_source: 'ai', prompt: '', tools: JSON.stringify([tool]), options: { max_tool_calls: 3 } }, { credentials: { relaisAiProviderApi: credentialRef(credential) } }),
    ]);
    run = await host.runOnce(wf, [credential]);
  });

  afterAll(async () => {
    host?.dispose();
    api?.closeAllConnections();
    await Promise.all([ai?.close(), new Promise((resolve) => (api ? api.close(resolve) : resolve(undefined)))]);
  });

  it('the model calls the block, and the reply carries the text and the tool call', () => {
    const [item] = nodeItems(run, 'AI reply');
    expect(item.data).toMatchObject({ text: expect.stringContaining('TRK-N8N'), tool_calls: [{ name: 'order-lookup', arguments: { order_id: 1001 }, ok: true, data: { status: 'shipped' } }] });
    expect(item.relais).toMatchObject({ tool_calls: [{ name: 'order-lookup', ok: true }] });
    expect(ai.refused).toEqual([]);
    expect(ai.requests[0].body).toMatchObject({ model: 'gpt-5-mini', max_completion_tokens: 240 });
    expect(ai.requests[0].body.tools?.[0].function.name).toBe('order-lookup');
    expect(JSON.stringify(run)).not.toContain(AI_KEY);
  });
});
