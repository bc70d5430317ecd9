// createMcpServer driven by the official MCP SDK client (@modelcontextprotocol/sdk 1.32.2, the same
// package the server is built on) over Streamable HTTP and over the SDK's stdio framing: tools listed
// with their schemas and annotations, calls reaching a loopback API, failures as isError results,
// protocol errors for unknown tools, 50 concurrent calls under a cap, the bearer token, foreign
// Origins, oversized bodies — and the API never called when a request is refused, no secret logged.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer, type RelaisMcpServer } from '../../../src/mcp';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { startTestServer, type TestServer } from '../../support/servers';
import { mcpTestBlocks } from './blocks';

const TOKEN = 'mcp-token-7f3e9a1c5b';
const CRM_TOKEN = 'crm-secret-2d4b6f8a0c';

let api: TestServer;
let runtime: Runtime;
let mcp: RelaisMcpServer;
let http: Server;
let url: URL;
const logged: string[] = [];

beforeAll(async () => {
  api = await startTestServer();
  runtime = createRuntime({
    credentials: { crm: { type: 'bearer', token: CRM_TOKEN } },
    network: { allowed_hosts: [`127.0.0.1:${api.port}`] },
    logger: { debug: (m) => logged.push(m), warn: (m) => logged.push(m) },
  });
  mcp = createMcpServer({ blocks: mcpTestBlocks(api.origin), runtime, token: TOKEN, allowed_origins: ['http://localhost:5173'], max_concurrent_calls: 4, max_request_bytes: 64 * 1024 });
  http = createServer((req, res) => void mcp.handler(req, res));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`);
});

afterAll(async () => {
  await mcp.close();
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
  await runtime.close();
  await api.close();
});

async function httpClient(token = TOKEN, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'relais-test', version: '1.0.0' });
  const auth: Record<string, string> = token === '' ? {} : { authorization: `Bearer ${token}` };
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { ...auth, ...headers } } }));
  return client;
}

/** A client and the server joined by the SDK's stdio framing (newline-delimited JSON on two pipes). */
async function stdioClient(server: RelaisMcpServer): Promise<Client> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  await server.connect(new StdioServerTransport(toServer, toClient));
  const client = new Client({ name: 'relais-test-stdio', version: '1.0.0' });
  await client.connect(new StdioServerTransport(toClient, toServer));
  return client;
}

const apiHits = (path: string) => api.requests.filter((r) => r.url.startsWith(path)).length;

describe.each(['http', 'stdio'] as const)('over %s', (kind) => {
  let client: Client;
  beforeAll(async () => {
    client = kind === 'http' ? await httpClient() : await stdioClient(mcp);
  });
  afterAll(() => client.close());

  it('lists one tool per block with its schema (optional stays optional) and annotations by method', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['order_lookup', 'create_ticket', 'cancel_order']);
    const lookup = tools[0];
    expect(lookup.description).toBe('Find an order by its number');
    expect(lookup.inputSchema.required).toEqual(['order_id']);
    expect(lookup.inputSchema.properties).toMatchObject({ order_id: { type: 'integer' }, lang: { type: 'string', default: 'en' } });
    expect(lookup.annotations).toMatchObject({ title: 'Order lookup', readOnlyHint: true, idempotentHint: true, openWorldHint: true });
    expect(tools[1].annotations).toMatchObject({ readOnlyHint: false, idempotentHint: false, openWorldHint: true });
    expect(tools[2].annotations).toMatchObject({ readOnlyHint: false, idempotentHint: true, destructiveHint: true });
  });

  it('runs the block with the arguments as variables and returns the filtered data as text and structuredContent', async () => {
    const result = await client.callTool({ name: 'order_lookup', arguments: { order_id: 42 } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ method: 'GET', url: '/echo/orders/42?lang=en' });
    expect(JSON.parse((result.content as Array<{ text: string }>)[0].text)).toEqual(result.structuredContent);
    const ticket = await client.callTool({ name: 'create_ticket', arguments: { subject: 'Broken "lamp"', urgent: true } });
    expect(JSON.parse(String((ticket.structuredContent as { result: unknown }).result))).toEqual({ subject: 'Broken "lamp"', urgent: true });
    const seen = api.requests.filter((r) => r.url === '/echo/tickets').at(-1);
    expect(seen?.headers.authorization).toBe(`Bearer ${CRM_TOKEN}`);
  });

  it('turns an API failure into an isError result with the safe message and the fallback line', async () => {
    const result = await client.callTool({ name: 'cancel_order', arguments: {} });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ error: { code: 'http_404', status: 404 } });
    const text = (result.content as Array<{ text: string }>)[0].text;
    expect(text).toContain("I don't see a record matching that.");
  });

  it('refuses wrong-type, missing and undeclared arguments as tool errors without calling the API', async () => {
    const before = apiHits('/echo/orders');
    const wrong = await client.callTool({ name: 'order_lookup', arguments: { order_id: 'twelve' } });
    expect(wrong).toMatchObject({ isError: true, structuredContent: { error: { code: 'invalid_variable' } } });
    const missing = await client.callTool({ name: 'order_lookup', arguments: {} });
    expect(missing).toMatchObject({ isError: true, structuredContent: { error: { code: 'missing_variable' } } });
    const extra = await client.callTool({ name: 'order_lookup', arguments: { order_id: 1, host: 'evil.example' } });
    expect(extra).toMatchObject({ isError: true, structuredContent: { error: { code: 'invalid_variable' } } });
    expect((extra.content as Array<{ text: string }>)[0].text).toContain('"host"');
    expect(apiHits('/echo/orders')).toBe(before);
  });

  it('answers an unknown tool with a JSON-RPC error (-32602), not a tool result', async () => {
    await expect(client.callTool({ name: 'drop_database', arguments: {} })).rejects.toMatchObject({ code: -32602 });
  });

  it('runs 50 concurrent calls, at most max_concurrent_calls at a time, all answered', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => client.callTool({ name: 'order_lookup', arguments: { order_id: 1000 + i, lang: 'fr' } })));
    results.forEach((result, i) => expect(result.structuredContent).toEqual({ method: 'GET', url: `/echo/orders/${1000 + i}?lang=fr` }));
  });
});

describe('concurrency cap and deadline', () => {
  it('never has more than max_concurrent_calls requests in flight at the API for one session', async () => {
    let inFlight = 0;
    let peak = 0;
    const slowApi = await startTestServer((_req, res, _body, u) => {
      if (u.pathname !== '/held') return false;
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"held":true}');
      }, 20);
      return true;
    });
    const rt = createRuntime({ network: { allowed_hosts: [`127.0.0.1:${slowApi.port}`] } });
    const block = { id: 'held', type: 'action', data: { label: 'Held', parameters: { action_type: 'http_request', allow_http: true, http_method: 'GET', url: `${slowApi.origin}/held`, variables: [] } } };
    const server = createMcpServer({ blocks: [block], runtime: rt, max_concurrent_calls: 3 });
    const client = await stdioClient(server);
    try {
      const results = await Promise.all(Array.from({ length: 50 }, () => client.callTool({ name: 'held', arguments: {} })));
      expect(results.every((r) => !r.isError)).toBe(true);
      expect(peak).toBe(3);
      expect(server.stats()).toMatchObject({ sessions: 1, active_calls: 0, calls: 50, failed_calls: 0 });
    } finally {
      await client.close();
      await server.close();
      await rt.close();
      await slowApi.close();
    }
  });

  it('abandons a call past call_timeout_ms as an isError timeout', async () => {
    const rt = createRuntime({ network: { allowed_hosts: [`127.0.0.1:${api.port}`] } });
    const block = { id: 'slow', type: 'action', data: { label: 'Slow', parameters: { action_type: 'http_request', allow_http: true, http_method: 'GET', url: `${api.origin}/slow-headers?ms=1500`, variables: [] } } };
    const server = createMcpServer({ blocks: [block], runtime: rt, call_timeout_ms: 200 });
    const client = await stdioClient(server);
    try {
      const result = await client.callTool({ name: 'slow', arguments: {} });
      expect(result).toMatchObject({ isError: true, structuredContent: { error: { code: 'timeout' } } });
    } finally {
      await client.close();
      await server.close();
      await rt.close();
    }
  });
});

describe('HTTP refusals', () => {
  const post = (headers: Record<string, string>, body: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body });
  const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });

  it('refuses a missing or wrong token with 401 and WWW-Authenticate, through the SDK client too', async () => {
    await expect(httpClient('')).rejects.toMatchObject({ code: 401 });
    await expect(httpClient('not-the-token')).rejects.toMatchObject({ code: 401 });
    const response = await post({ authorization: `Bearer ${TOKEN}x` }, initialize);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await response.text()).not.toContain(TOKEN);
  });

  it('refuses a foreign Origin with 403 and lets a listed one through', async () => {
    const foreign = await post({ authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' }, initialize);
    expect(foreign.status).toBe(403);
    const listed = await httpClient(TOKEN, { origin: 'http://localhost:5173' });
    expect((await listed.listTools()).tools).toHaveLength(3);
    await listed.close();
  });

  it('refuses an oversized request with 413 and never calls the API', async () => {
    const client = await httpClient();
    const before = api.requests.length;
    await expect(client.callTool({ name: 'order_lookup', arguments: { order_id: 1, lang: 'x'.repeat(100 * 1024) } })).rejects.toMatchObject({ code: 413 });
    expect(api.requests.length).toBe(before);
    await client.close();
  });

  it("answers a body that is not JSON with the SDK's parse error (400, -32700)", async () => {
    const response = await post({ authorization: `Bearer ${TOKEN}` }, '{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32700);
  });

  it('refuses a body over max_request_bytes with 413 before parsing it', async () => {
    const response = await post({ authorization: `Bearer ${TOKEN}` }, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { pad: 'x'.repeat(70 * 1024) } }));
    expect(response.status).toBe(413);
  });

  it('answers an unknown session id with 404 so clients start again', async () => {
    const response = await post({ authorization: `Bearer ${TOKEN}`, 'mcp-session-id': 'no-such-session', 'mcp-protocol-version': '2025-06-18' }, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }));
    expect(response.status).toBe(404);
  });

  it('holds the session stream (GET, text/event-stream) until the client leaves, and ends the session on DELETE', async () => {
    const init = await post({ authorization: `Bearer ${TOKEN}` }, initialize);
    expect(init.status).toBe(200);
    const session = { authorization: `Bearer ${TOKEN}`, 'mcp-session-id': init.headers.get('mcp-session-id') ?? '', 'mcp-protocol-version': '2025-06-18' };
    expect((await post(session, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }))).status).toBe(202);
    const open = async () => {
      const leave = new AbortController();
      const response = await fetch(url, { method: 'GET', headers: { ...session, accept: 'text/event-stream' }, signal: leave.signal });
      return { response, leave };
    };
    const first = await open();
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // One stream per session (SDK: 409) while the first is held open.
    const second = await open();
    expect(second.response.status).toBe(409);
    await second.response.body?.cancel();
    // The client leaves: the server cancels the stream, so the session can open another.
    first.leave.abort();
    let again = await open();
    for (let tries = 0; again.response.status === 409 && tries < 200; tries++) {
      await again.response.body?.cancel();
      await new Promise((resolve) => setImmediate(resolve));
      again = await open();
    }
    expect(again.response.status).toBe(200);
    again.leave.abort();
    const ended = await fetch(url, { method: 'DELETE', headers: session });
    expect(ended.status).toBe(200);
    expect((await post(session, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }))).status).toBe(404);
  });

  it('logs tool names and outcomes only: no token, no credential, no argument', () => {
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain(CRM_TOKEN);
      expect(line).not.toContain('lamp');
    }
  });
});

describe('catalogue', () => {
  it('refuses blocks that are not custom API actions and names that collide', () => {
    const rt = createRuntime();
    const tag = { id: 'tag', type: 'action', data: { label: 'Tag', parameters: { action_type: 'tag_contact', tag: 'vip' } } };
    expect(() => createMcpServer({ blocks: [tag], runtime: rt })).toThrow(/only custom API actions/);
    const [first] = mcpTestBlocks('https://api.example.com');
    expect(() => createMcpServer({ blocks: [first, { ...(first as object), id: 'order_lookup' }], runtime: rt })).toThrow(/both be the MCP tool "order_lookup"/);
  });
});
