// Relais HTTP Tool and the Relais HTTP Request Tool variant behind n8n's own MCP Server Trigger
// (@n8n/n8n-nodes-langchain.mcpTrigger, typeVersion 2, in a real `n8n start` 2.41.1), called by the
// official MCP SDK client (@modelcontextprotocol/sdk 1.32.2) over Streamable HTTP. n8n's trigger lists
// each connected tool with `zodToDraft202012(tool.schema)` (McpTrigger/McpServer.js), which passes a
// JSON Schema through: Relais HTTP Tool's declared variables arrive as they are, the optional one
// optional. The …Tool variant n8n generates from `usableAsTool` takes its schema from $fromAI() calls,
// every one required (n8n-core create-node-as-tool.js: `z.object(…).required()`): it works, with that
// limit, which docs/mcp.md states.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createN8nHost, relaisType, type N8nHost, type N8nServer, type WorkflowNode } from '../../support/n8n';
import { relaisTarball } from '../../support/tarball';
import { ORDER_API_TOKEN, startOrderApi, type OrderApi } from './order-api';
import { credentialRef, orderLookupToolParameters, workflow } from './workflows';

jest.setTimeout(20 * 60_000); // the first run installs n8n (minutes); afterwards about 40 s

const MCP_TOKEN = 'n8n-mcp-Token-6620';
const MCP_PATH = 'relais-tools';

describe('Relais tools behind n8n’s MCP Server Trigger', () => {
  let host: N8nHost;
  let server: N8nServer;
  let api: OrderApi;
  let client: Client;

  beforeAll(async () => {
    api = await startOrderApi();
    host = await createN8nHost({ tarball: relaisTarball() });
    const bearer = { id: 'relaisMcpApiToken', name: 'Order API token', type: 'relaisBearerAuth', data: { token: ORDER_API_TOKEN, testUrl: '' } };
    const inbound = { id: 'relaisMcpInbound', name: 'MCP clients', type: 'httpBearerAuth', data: { token: MCP_TOKEN } };
    const node = (name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: Partial<WorkflowNode> = {}): WorkflowNode =>
      ({ id: `mcp-${name.replace(/\W/g, '-')}`, name, type, typeVersion, position: [0, 0], parameters, ...extra });
    const options = { allow_http: true, allow_private_network: true, timeout_seconds: 5 };
    const wf = workflow('e2eMcpTrigger', 'E2E Relais tools behind the MCP Server Trigger', [
      node('MCP Server Trigger', '@n8n/n8n-nodes-langchain.mcpTrigger', 2, { authentication: 'bearerAuth', path: MCP_PATH }, { webhookId: '5e1a1500-9c19-4000-8000-000000000019', credentials: { httpBearerAuth: credentialRef(inbound) } }),
      node('lookup_order', relaisType('relaisHttpTool'), 1, orderLookupToolParameters(api.url), { credentials: { relaisBearerAuth: credentialRef(bearer) } }),
      node('order_status', relaisType('relaisHttpRequestTool'), 1, {
        toolDescription: 'Order status by order number',
        authentication: 'relaisBearerAuth',
        http_method: 'GET',
        url: `=${api.url}/orders/{{ $fromAI('order_number', 'The order number, e.g. A-100', 'string') }}`,
        // An empty table as the editor saves it once touched; an untouched one is n8n's `{}` (read as
        // "no variables" by the i12 defaults fix, not on this branch's base).
        variables: { variable: [] },
        filter: { include: 'order.status' },
        options,
      }, { credentials: { relaisBearerAuth: credentialRef(bearer) } }),
    ], []);
    wf.connections.lookup_order = { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] };
    wf.connections.order_status = { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] };
    await host.importCredentials([bearer, inbound]);
    await host.importWorkflows([wf]);
    await host.publish(wf.id);
    server = await host.start();
    client = await connectWhenRegistered(`${server.url}/mcp/${MCP_PATH}`, MCP_TOKEN);
  });

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await server?.stop();
    host?.dispose();
    await api?.close();
  });

  /** n8n registers a published workflow's webhooks in the background after start: retry until it answers. */
  async function connectWhenRegistered(url: string, token: string): Promise<Client> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const candidate = new Client({ name: 'relais-n8n-e2e', version: '1' });
      try {
        await candidate.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
        return candidate;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`MCP endpoint never answered: ${String(error)}\n${server.logs().slice(-4000)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  it('lists Relais HTTP Tool with its declared variables as the input schema, the optional one optional', async () => {
    const { tools } = await client.listTools();
    const lookup = tools.find((t) => t.name === 'lookup_order');
    expect(lookup?.description).toContain('Looks an order up by its number');
    expect(lookup?.inputSchema.properties).toMatchObject({ order_number: { type: 'string' }, include_items: { type: 'boolean' } });
    expect(lookup?.inputSchema.required ?? []).toEqual(['order_number']);
  });

  it('calls Relais HTTP Tool without the optional argument: the API gets the credential, the client the filtered order', async () => {
    const result = await client.callTool({ name: 'lookup_order', arguments: { order_number: 'A-100' } });
    expect(result.isError).toBeFalsy();
    const text = (result.content as Array<{ type: string; text: string }>).map((c) => c.text).join('');
    expect(text).toContain('shipped');
    expect(text).toContain('TRK-77');
    expect(text).not.toContain('fragile');
    const seen = await api.waitFor((r) => r.url.startsWith('/orders/A-100'));
    expect(seen.headers.authorization).toBe(`Bearer ${ORDER_API_TOKEN}`);
  });

  it('returns a failure of the API as the safe message and fallback line, not a crash', async () => {
    const result = await client.callTool({ name: 'lookup_order', arguments: { order_number: 'NOPE-1' } });
    const text = (result.content as Array<{ type: string; text: string }>).map((c) => c.text).join('');
    expect(text).toContain('http_404');
    expect(text).toContain("I don't see a record matching that.");
    expect(text).not.toContain(ORDER_API_TOKEN);
  });

  it('serves the Relais HTTP Request Tool variant too, with n8n’s $fromAI schema (every argument required)', async () => {
    const { tools } = await client.listTools();
    const variant = tools.find((t) => t.name === 'order_status');
    expect(variant?.inputSchema.required).toEqual(['order_number']);
    const result = await client.callTool({ name: 'order_status', arguments: { order_number: 'A-100' } });
    const text = (result.content as Array<{ type: string; text: string }>).map((c) => c.text).join('');
    expect(text).toContain('shipped');
  });

  it('refuses a client without n8n’s bearer token', async () => {
    const stranger = new Client({ name: 'stranger', version: '1' });
    await expect(stranger.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp/${MCP_PATH}`)))).rejects.toThrow();
  });
});
