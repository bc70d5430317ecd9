// ai_reply with tools: the agent loop against the strict OpenAI and Anthropic conformance servers, each
// tool a real http_request block calling a local order API through the real transport.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { executeBlock, previewBlock } from '../../../src/actions';
import { createRuntime, type AiOptions, type Runtime } from '../../../src/runtime';
import { startAnthropicServer, type AnthropicServer } from '../../support/anthropic-server';
import type { ModelScript } from '../../support/model-script';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server';
import { relaisRejection } from '../../support/rejection';

const AI_KEY = 'sk-loop-aa55';
const SHOP_TOKEN = 'shop-secret-token-9f8e7d';
let api: Server;
let apiBase = '';
let openai: OpenAiServer;
let anthropic: AnthropicServer;
let script: ModelScript = () => undefined;
const runtimes: Runtime[] = [];

function runtimeWith(ai: Partial<AiOptions> = {}): Runtime {
  const runtime = createRuntime({
    credentials: { shop: { type: 'bearer', token: SHOP_TOKEN } },
    ai: { provider: 'openai', base_url: openai.baseUrl, api_key: AI_KEY, model: 'gpt-5-mini', allow_http: true, allow_private_network: true, ...ai },
  });
  runtimes.push(runtime);
  return runtime;
}

const orderLookup = () => ({
  id: 'order-lookup',
  type: 'action',
  data: {
    label: 'Order lookup',
    description: "Looks up a customer's order by its number: status and tracking.",
    parameters: {
      action_type: 'http_request',
      http_method: 'GET',
      url: `${apiBase}/orders/{{order_id}}`,
      credential: 'shop',
      allow_http: true,
      allow_private_network: true,
      timeout_seconds: '10',
      variables: [{ name: 'order_id', type: 'integer', description: 'Order number', example: '1001', required: true }],
      filter: { expression: '{status: status, tracking: tracking, seen_auth: seen_auth}' },
    },
  },
});

const slowLookup = () => ({
  id: 'slow-lookup',
  type: 'action',
  data: { label: 'Slow lookup', parameters: { action_type: 'http_request', http_method: 'GET', url: `${apiBase}/slow`, allow_http: true, allow_private_network: true, timeout_seconds: '30' } },
});

function reply(tools: unknown[], extra: Record<string, unknown> = {}) {
  return { id: 'ai-reply', type: 'action', data: { label: 'Réponse IA', parameters: { action_type: 'ai_reply', prompt: 'Où en est ma commande 1001 ?', system_prompt: 'Tu es le service client.', tools, ...extra } } };
}

beforeAll(async () => {
  api = createServer((req, res) => {
    const order = /^\/orders\/(\d+)$/.exec(req.url ?? '');
    if (req.url === '/slow') {
      const timer = setTimeout(() => res.end('{}'), 10_000);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (!order || order[1] === '404') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ message: `Order ${order?.[1] ?? '?'} not found` }));
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    // A careless API that echoes the credential: it must never reach the model.
    res.end(JSON.stringify({ id: Number(order[1]), status: 'shipped', tracking: `TRK-${order[1]}`, seen_auth: req.headers.authorization, internal: 'x'.repeat(50) }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  [openai, anthropic] = await Promise.all([startOpenAiServer({ apiKey: AI_KEY, script: (turn) => script(turn) }), startAnthropicServer({ apiKey: AI_KEY, script: (turn) => script(turn) })]);
});
afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  api.closeAllConnections();
  await Promise.all([new Promise((resolve) => api.close(resolve)), openai.close(), anthropic.close()]);
});
beforeEach(() => {
  for (const server of [openai, anthropic]) {
    server.requests.length = 0;
    server.refused.length = 0;
  }
});

type ToolCalls = Array<{ name: string; arguments: unknown; ok: boolean; data?: unknown; error?: { code: string; message: string; fallback: string } }>;
const dataOf = (result: { data: unknown }) => result.data as { text: string; tool_calls: ToolCalls; usage: { total_tokens: number } };

describe('ai_reply tools', () => {
  it.each(['openai', 'anthropic'] as const)('%s: one call — the tool runs with the model\'s arguments and its filtered data goes back to the model', async (provider) => {
    script = (turn) => (turn.toolResults.length === 0 ? { calls: [{ name: 'order-lookup', arguments: { order_id: 1001 } }] } : { text: `Votre commande : ${turn.toolResults[0].content}` });
    const runtime = provider === 'openai' ? runtimeWith() : runtimeWith({ provider: 'anthropic', base_url: anthropic.baseUrl, model: 'claude-sonnet-4-5' });
    const server = provider === 'openai' ? openai : anthropic;
    const result = await executeBlock(reply([orderLookup()]), {}, runtime);
    const data = dataOf(result);
    expect(server.refused).toEqual([]);
    expect(server.requests).toHaveLength(2);
    expect(data.tool_calls).toEqual([{ name: 'order-lookup', arguments: { order_id: 1001 }, ok: true, data: { status: 'shipped', tracking: 'TRK-1001', seen_auth: 'Bearer [redacted]' } }]);
    expect(data.text).toContain('TRK-1001');
    expect(data.usage.total_tokens).toBeGreaterThan(0);
    // The tool as the model saw it: the block's description and its variables' JSON Schema.
    const first = server.requests[0].raw;
    expect(first).toContain("Looks up a customer's order by its number");
    expect(first).toContain('"required":["order_id"]');
  });

  it('several calls, in one turn and across turns', async () => {
    script = (turn) => {
      if (turn.toolResults.length === 0) return { calls: [{ name: 'order-lookup', arguments: { order_id: 1001 } }, { name: 'order-lookup', arguments: { order_id: '1002' } }] };
      if (turn.toolResults.length === 2) return { calls: [{ name: 'order-lookup', arguments: { order_id: 1003 } }] };
      return { text: `${turn.toolResults.length} commandes trouvées.` };
    };
    const data = dataOf(await executeBlock(reply([orderLookup()]), {}, runtimeWith()));
    expect(openai.refused).toEqual([]);
    expect(data.tool_calls.map((c) => [c.ok, (c.data as { tracking: string }).tracking])).toEqual([
      [true, 'TRK-1001'],
      [true, 'TRK-1002'],
      [true, 'TRK-1003'],
    ]);
    expect(data.text).toBe('3 commandes trouvées.');
  });

  it('a failing tool does not abort the reply: its safe message and fallback line go back to the model', async () => {
    script = (turn) => (turn.toolResults.length === 0 ? { calls: [{ name: 'order-lookup', arguments: { order_id: 404 } }] } : { text: `Désolé. (${turn.toolResults[0].content})` });
    const data = dataOf(await executeBlock(reply([orderLookup()]), {}, runtimeWith()));
    expect(data.tool_calls[0]).toMatchObject({ name: 'order-lookup', ok: false, error: { code: 'http_404', message: expect.stringContaining('Order 404 not found'), fallback: expect.any(String) } });
    const sent = JSON.parse(openai.requests[1].raw) as { messages: Array<{ role: string; content: string }> };
    const tool = sent.messages.find((m) => m.role === 'tool')!;
    expect(JSON.parse(tool.content)).toEqual({ error: data.tool_calls[0].error });
    expect(data.text).toContain('http_404');
  });

  it('arguments of the wrong type: a clear invalid_variable goes back to the model, which can correct itself', async () => {
    script = (turn) => {
      if (turn.toolResults.length === 0) return { calls: [{ name: 'order-lookup', arguments: { order_id: 'mille-un' } }] };
      if (turn.toolResults.length === 1) return { calls: [{ name: 'order-lookup', arguments: { order_id: 1001 } }] };
      return { text: 'Corrigé.' };
    };
    const data = dataOf(await executeBlock(reply([orderLookup()]), {}, runtimeWith()));
    expect(data.tool_calls[0]).toMatchObject({ ok: false, error: { code: 'invalid_variable', message: expect.stringMatching(/order_id/) } });
    expect(data.tool_calls[1]).toMatchObject({ ok: true, data: { tracking: 'TRK-1001' } });
    expect(openai.requests[1].raw).toContain('invalid_variable');
  });

  it('a model looping past max_tool_calls: calls past the budget are refused, then tools are turned off and it must answer', async () => {
    script = (turn) => (turn.toolsDisabled ? { text: `Réponse après ${turn.toolResults.length} résultats.` } : { calls: [{ name: 'order-lookup', arguments: { order_id: 1000 + turn.toolResults.length } }] });
    const data = dataOf(await executeBlock(reply([orderLookup()], { max_tool_calls: '2' }), {}, runtimeWith()));
    expect(data.tool_calls).toHaveLength(2);
    expect(data.tool_calls.every((c) => c.ok)).toBe(true);
    expect(openai.requests.map((r) => r.body.tool_choice ?? 'auto')).toEqual(['auto', 'auto', 'none']);
    expect(openai.refused).toEqual([]);
    expect(data.text).toBe('Réponse après 2 résultats.');

    // Three calls in one turn with a budget of two: the third is answered with the limit, not run.
    script = (turn) => (turn.toolResults.length === 0 ? { calls: [1, 2, 3].map((n) => ({ name: 'order-lookup', arguments: { order_id: 1000 + n } })) } : { text: 'ok' });
    const burst = dataOf(await executeBlock(reply([orderLookup()], { max_tool_calls: '2' }), {}, runtimeWith({ provider: 'anthropic', base_url: anthropic.baseUrl, model: 'claude-sonnet-4-5' })));
    expect(burst.tool_calls.map((c) => c.ok)).toEqual([true, true, false]);
    expect(burst.tool_calls[2].error?.code).toBe('max_tool_calls');
    expect(anthropic.refused).toEqual([]);
    expect(anthropic.requests[1].body.tool_choice).toEqual({ type: 'none' });

    // A model that ignores "no more tools" ends the reply with a clear ai_error, not an endless loop.
    script = () => ({ calls: [{ name: 'order-lookup', arguments: { order_id: 1001 } }] });
    const error = await relaisRejection(executeBlock(reply([orderLookup()], { max_tool_calls: '1' }), {}, runtimeWith()));
    expect(error.code).toBe('ai_error');
    expect(error.message).toMatch(/kept calling tools after its budget of 1 tool calls/);
  });

  it('a slow tool hits the reply\'s one deadline: the reply ends on time with a clear ai_error', async () => {
    script = (turn) => (turn.toolResults.length === 0 ? { calls: [{ name: 'slow-lookup', arguments: {} }] } : { text: 'trop tard' });
    const started = Date.now();
    const error = await relaisRejection(executeBlock(reply([slowLookup()]), {}, runtimeWith({ timeout_ms: 1000 })));
    const elapsed = Date.now() - started;
    expect(error.code).toBe('ai_error');
    expect(error.message).toMatch(/did not finish within 1 s \(while the tool "slow-lookup" was running\)/);
    expect(elapsed).toBeLessThan(3000);
    expect(openai.requests).toHaveLength(1);
  });

  it('no secret reaches the model: neither the tool credential nor the provider key appears in any body sent', async () => {
    script = (turn) => (turn.toolResults.length === 0 ? { calls: [{ name: 'order-lookup', arguments: { order_id: 1001 } }, { name: 'order-lookup', arguments: { order_id: 404 } }] } : { text: 'fini' });
    const result = await executeBlock(reply([orderLookup()]), { contact: { first_name: 'Ada' } }, runtimeWith());
    expect(openai.requests).toHaveLength(2);
    for (const request of openai.requests) {
      expect(request.raw).not.toContain(SHOP_TOKEN);
      expect(request.raw).not.toContain(AI_KEY);
    }
    expect(openai.requests[1].raw).toContain('[redacted]');
    expect(JSON.stringify(result)).not.toContain(SHOP_TOKEN);
    expect(JSON.stringify(result)).not.toContain(AI_KEY);
  });

  it('previews the first request with the tools offered, the provider and the warnings, sending nothing', async () => {
    const preview = await previewBlock(reply(JSON.stringify([orderLookup()]) as unknown as unknown[]), {}, runtimeWith());
    expect(preview.effect).toMatchObject({ source: 'ai', provider: 'openai', model: 'gpt-5-mini', tools: ['order-lookup'], max_tool_calls: 5 });
    expect(preview.request?.headers.authorization).toBe('[redacted]');
    expect((preview.request?.body as { tools: Array<{ function: { name: string } }> }).tools[0].function.name).toBe('order-lookup');
    expect(preview.warnings.join()).toMatch(/temperature_not_supported_by_model/);
    expect(openai.requests).toHaveLength(0);
  });

  it('refuses bad tool lists with the path of the problem', async () => {
    const notBlock = await relaisRejection(executeBlock(reply([{ id: 'x', type: 'action', data: { parameters: { action_type: 'http_request' } } }]), {}, runtimeWith()));
    expect(notBlock.code).toBe('invalid_block');
    expect(notBlock.issues[0].path).toMatch(/^data\.parameters\.tools\[0\]\./);
    const nested = await relaisRejection(executeBlock(reply([reply([])]), {}, runtimeWith()));
    expect(nested.message).toMatch(/tools\[0\]: an AI reply cannot be a tool/);
    const twice = await relaisRejection(executeBlock(reply([orderLookup(), orderLookup()]), {}, runtimeWith()));
    expect(twice.message).toMatch(/two tools are named "order-lookup"/);
    expect(openai.requests).toHaveLength(0);
  });
});
