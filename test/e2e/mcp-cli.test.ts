// `relais mcp --stdio` as an MCP client starts it: the packed tarball installed with npm into a temp
// folder, its `relais` bin spawned by the official SDK's StdioClientTransport
// (@modelcontextprotocol/sdk 1.32.2), the credential's secret read from the environment through the
// runtime file's {"$env": …}. Lists, calls, a failure as an isError result; the process exits when
// the client closes its stdin.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { installTarball } from '../support/node-red';
import { startTestServer, type TestServer } from '../support/servers';
import { relaisTarball } from '../support/tarball';
import { mcpTestBlocks } from '../unit/mcp/blocks';

const CRM_TOKEN = 'stdio-crm-secret-4c7e1b';

describe('relais mcp --stdio from the installed package', () => {
  let dir: string;
  let api: TestServer;
  let client: Client;
  let stderr = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-mcp-stdio-'));
    api = await startTestServer();
    await installTarball(dir, relaisTarball());
    writeFileSync(join(dir, 'blocks.json'), JSON.stringify(mcpTestBlocks(api.origin)));
    writeFileSync(join(dir, 'runtime.json'), JSON.stringify({ credentials: { crm: { type: 'bearer', token: { $env: 'CRM_TOKEN' } } }, network: { allowed_hosts: [`127.0.0.1:${api.port}`] } }));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(dir, 'node_modules/@relais/n8n-nodes-agent-actions/dist/src/cli/main.js'), 'mcp', '--stdio', '--blocks', join(dir, 'blocks.json'), '--runtime', join(dir, 'runtime.json')],
      env: { PATH: process.env.PATH ?? '', CRM_TOKEN },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    client = new Client({ name: 'stdio-e2e', version: '1' });
    await client.connect(transport);
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the tools and calls one with the credential from the environment', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['order_lookup', 'create_ticket', 'cancel_order']);
    const result = await client.callTool({ name: 'order_lookup', arguments: { order_id: 5 } });
    expect(result.structuredContent).toEqual({ method: 'GET', url: '/echo/orders/5?lang=en' });
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CRM_TOKEN}`);
  });

  it('returns a failure as an isError result and keeps serving', async () => {
    const failed = await client.callTool({ name: 'cancel_order', arguments: {} });
    expect(failed).toMatchObject({ isError: true, structuredContent: { error: { code: 'http_404' } } });
    const again = await client.callTool({ name: 'order_lookup', arguments: { order_id: 6, lang: 'fr' } });
    expect(again.isError).toBeFalsy();
    expect(stderr).toContain('Relais MCP server on stdio: 3 tools');
    expect(stderr).not.toContain(CRM_TOKEN);
  });
});
