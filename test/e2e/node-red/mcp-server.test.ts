// relais-mcp-server in a real Node-RED (packed tarball, flows deployed through the admin API), driven by
// the official MCP SDK client (@modelcontextprotocol/sdk 1.32.2) over Streamable HTTP on Node-RED's own
// HTTP server: only the ticked relais-http-request node is a tool (named and described by the node),
// its credential reaches the loopback API, a failure is an isError result, the token is required, the
// status shows sessions and calls, and the French catalogue is served.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startNodeRed, type NodeRed } from '../../support/node-red';
import { relaisTarball } from '../../support/tarball';
import { TAB, tab } from './endpoints';

const TOKEN = 'nr-mcp-token-3a9f7c';
const API_TOKEN = 'nr-api-token-81d2e4';

describe('relais-mcp-server in a real Node-RED', () => {
  let red: NodeRed;
  let api: Server;
  const seen: Array<{ url: string; authorization?: string }> = [];
  let mcpUrl: URL;

  beforeAll(async () => {
    api = createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      const order = /^\/orders\/(\d+)/.exec(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (order && order[1] !== '404') res.end(JSON.stringify({ order_number: Number(order[1]), status: 'shipped', internal: { margin: 0.4 } }));
      else res.writeHead(404).end('{"error":"not found"}');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    red = await startNodeRed({ tarball: relaisTarball() });
    const http = { content_type: 'json', timeout_seconds: '5', allow_http: true, allow_private_network: true, wires: [[], []] };
    await red.deploy([
      tab(),
      { id: 'mcp.auth', type: 'relais-auth', name: 'api token', kind: 'bearer', credentials: { token: API_TOKEN } },
      {
        id: 'mcp.lookup',
        type: 'relais-http-request',
        z: TAB,
        name: 'order lookup',
        info: 'Find an order by its number',
        http_method: 'GET',
        url: `${apiUrl}/orders/{{order_number}}`,
        credential: 'mcp.auth',
        variables: [
          { name: 'order_number', type: 'integer', description: 'order number', example: '1001', required: true, default: '' },
          { name: 'lang', type: 'string', description: 'language', example: '', required: false, default: '' },
        ],
        filter: '{"exclude": ["internal"]}',
        ...http,
      },
      { id: 'mcp.unticked', type: 'relais-http-request', z: TAB, name: 'not served', http_method: 'GET', url: `${apiUrl}/orders/1`, variables: [], ...http },
      { id: 'mcp.server', type: 'relais-mcp-server', z: TAB, name: '', path: '/relais/mcp', actions: ['mcp.lookup'], allowed_origins: '', call_timeout: '10', max_concurrent_calls: '4', credentials: { token: TOKEN } },
      { id: 'mcp.status', type: 'status', z: TAB, scope: ['mcp.server'], wires: [['mcp.status.keep']] },
      { id: 'mcp.status.keep', type: 'function', z: TAB, outputs: 1, func: 'global.set("mcp_status", msg.status.text);\nreturn null;', wires: [[]] },
      { id: 'mcp.status.in', type: 'http in', z: TAB, url: '/mcp-status', method: 'get', wires: [['mcp.status.read']] },
      { id: 'mcp.status.read', type: 'function', z: TAB, outputs: 1, func: 'msg.payload = { text: global.get("mcp_status") };\nreturn msg;', wires: [['mcp.status.out']] },
      { id: 'mcp.status.out', type: 'http response', z: TAB, statusCode: '', headers: {}, wires: [] },
    ]);
    mcpUrl = new URL(`${red.url}${red.httpNodeRoot}/relais/mcp`);
  }, 240_000);

  afterAll(async () => {
    await red?.stop();
    await new Promise((resolve) => api?.close(resolve));
  });

  async function connect(token = TOKEN): Promise<Client> {
    const client = new Client({ name: 'node-red-e2e', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    return client;
  }

  it('lists only the ticked action, named and described by its node, optional variables optional', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['order_lookup']);
    expect(tools[0].description).toBe('Find an order by its number');
    expect(tools[0].inputSchema.required).toEqual(['order_number']);
    expect(tools[0].annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true });
    await client.close();
  });

  it('calls the action with its credential, returns the filtered data, and a 404 as an isError result', async () => {
    const client = await connect();
    const result = await client.callTool({ name: 'order_lookup', arguments: { order_number: 1001 } });
    expect(result.structuredContent).toEqual({ order_number: 1001, status: 'shipped' });
    expect(seen.at(-1)).toEqual({ url: '/orders/1001', authorization: `Bearer ${API_TOKEN}` });
    const missing = await client.callTool({ name: 'order_lookup', arguments: { order_number: 404 } });
    expect(missing).toMatchObject({ isError: true, structuredContent: { error: { code: 'http_404' } } });
    const calls = await Promise.all(Array.from({ length: 20 }, (_, i) => client.callTool({ name: 'order_lookup', arguments: { order_number: 2000 + i } })));
    calls.forEach((call, i) => expect(call.structuredContent).toEqual({ order_number: 2000 + i, status: 'shipped' }));
    await client.close();
  });

  it('refuses a wrong token with 401 before anything runs', async () => {
    const before = seen.length;
    await expect(connect('wrong')).rejects.toMatchObject({ code: 401 });
    expect(seen.length).toBe(before);
  });

  it('shows tools, sessions and calls in its status', async () => {
    let text = '';
    for (let i = 0; i < 100 && !/22 calls/.test(text); i++) {
      text = String(((await red.http('GET', '/mcp-status')).json as { text?: string }).text ?? '');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toMatch(/^1 tools on \/relais\/mcp · \d+ sessions · 22 calls$/);
  });

  it('has its dialog texts in English and French', async () => {
    const fr = JSON.stringify(await red.messages('fr'));
    expect(fr).toContain('Actions servies');
    const en = JSON.stringify(await red.messages('en-US'));
    expect(en).toContain('Actions served');
    expect(red.logs()).not.toContain(TOKEN);
    expect(red.logs()).not.toContain(API_TOKEN);
  });
});
