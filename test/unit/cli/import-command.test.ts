// `relais import openapi|curl`, run in-process: blocks as JSON, an n8n workflow and a Node-RED flow of
// the imported actions, files written with --out, errors as JSON with exit 1, usage with exit 2.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBlock } from '../../../src/blocks';
import { createImportCommand } from '../../../src/cli/import';

const ORDERS = join(__dirname, '../../fixtures/openapi/orders-3.0.yaml');

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

describe('relais import', () => {
  it('openapi prints blocks, credential stubs and warnings; --operation picks', async () => {
    const { out, io } = capture();
    expect(await createImportCommand(io).run(['openapi', ORDERS, '--operation', 'getOrder', '--operation', 'listOrders'])).toBe(0);
    const result = JSON.parse(out.stdout) as { blocks: Array<{ id: string }>; credentials: Array<{ name: string }> };
    expect(result.blocks.map((b) => b.id)).toEqual(['getOrder', 'listOrders']);
    for (const block of result.blocks) expect(() => parseBlock(block)).not.toThrow();
    expect(result.credentials.map((c) => c.name)).toEqual(['orders_bearer_auth', 'orders_api_key_query']);
  });

  it('--format n8n gives a workflow: every action a Relais HTTP Tool wired to the AI Agent', async () => {
    const { out, io } = capture();
    expect(await createImportCommand(io).run(['openapi', ORDERS, '--format', 'n8n', '--name', 'Orders'])).toBe(0);
    const workflow = JSON.parse(out.stdout) as { name: string; nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>; connections: Record<string, Record<string, unknown>> };
    expect(workflow.name).toBe('Orders');
    const tools = workflow.nodes.filter((n) => n.type === '@relais/n8n-nodes-agent-actions.relaisHttpTool');
    expect(tools.map((t) => t.name)).toEqual(['Look up an order', 'List orders', 'Create', 'Purge the cache of every order']);
    for (const tool of tools) expect(workflow.connections[tool.name]).toEqual({ ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] });
    expect(tools[0].parameters).toMatchObject({ authentication: 'relaisBearerAuth', url: 'https://eu.orders.example.com/v1/orders/{{order_number}}', filter: { include: 'id, status, tracking, total' } });
  });

  it('--format node-red gives a flow: link in → relais-http-request → link out (return), relais-auth stubs', async () => {
    const { out, io } = capture();
    expect(await createImportCommand(io).run(['curl', 'curl -H "Authorization: Bearer abc-secret-123" https://api.example.com/orders', '--format', 'node-red'])).toBe(0);
    expect(out.stdout).not.toContain('abc-secret-123');
    const flow = JSON.parse(out.stdout) as Array<Record<string, unknown>>;
    expect(flow.map((n) => n.type)).toEqual(['tab', 'relais-auth', 'link in', 'relais-http-request', 'link out']);
    const node = flow[3];
    expect(node).toMatchObject({ url: 'https://api.example.com/orders', credential: flow[1].id, http_method: 'GET' });
    expect(flow[2]).toMatchObject({ name: 'get_api_example_com_orders', wires: [[node.id]] });
    expect(flow[4]).toMatchObject({ mode: 'return' });
  });

  it('--out writes one file per block and the credentials map (secrets only there)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-import-cli-'));
    try {
      const { out, io } = capture();
      expect(await createImportCommand(io).run(['curl', "curl -u 'user:pa55word' https://api.example.com/me", '--out', dir])).toBe(0);
      expect(out.stdout).toBe(`1 action written to ${dir} (fill the secrets in credentials.json)\n`);
      expect(readdirSync(dir).sort()).toEqual(['credentials.json', 'get_api_example_com_me.json']);
      expect(JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8'))).toEqual({ example_com: { type: 'basic', username: 'user', password: 'pa55word' } });
      expect(readFileSync(join(dir, 'get_api_example_com_me.json'), 'utf8')).not.toContain('pa55word');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('errors: a RelaisError as JSON (exit 1), usage problems (exit 2)', async () => {
    let c = capture();
    expect(await createImportCommand(c.io).run(['openapi', '/nonexistent.yaml'])).toBe(1);
    expect(JSON.parse(c.out.stderr)).toMatchObject({ error: { code: 'invalid_block', message: expect.stringContaining('/nonexistent.yaml') } });
    c = capture();
    expect(await createImportCommand(c.io).run(['wsdl', 'x'])).toBe(2);
    c = capture();
    expect(await createImportCommand(c.io).run(['openapi', ORDERS, '--format', 'xml'])).toBe(2);
    expect(c.out.stderr).toContain('--format is one of blocks, n8n, node-red');
  });
});
