// `relais mcp`: flags, the runtime file with {"$env": …} secrets, blocks from a file or a directory, and
// the command serving real calls to the official SDK client (@modelcontextprotocol/sdk 1.32.2) over
// Streamable HTTP and over stdio; stops cleanly on SIGTERM (an emitter stands in for the process) or
// when stdin ends.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpCommand, mcpOptionsFromArgs, type McpCommandIO } from '../../../src/cli/mcp';
import { resolveEnvReferences } from '../../../src/cli/runtime-file';
import { startTestServer, type TestServer } from '../../support/servers';
import { mcpTestBlocks } from '../mcp/blocks';

const CRM_TOKEN = 'crm-env-secret-5e1a9c';
const MCP_TOKEN = 'mcp-env-token-8b2d4f';

function fakeIO(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  const stdin = new PassThrough();
  const stdoutStream = new PassThrough();
  const io: McpCommandIO = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env, signals: signals as unknown as McpCommandIO['signals'], stdin, stdoutStream };
  const waitFor = async (match: RegExp, stream: string[] = out) => {
    for (let i = 0; i < 200; i++) {
      const m = stream.join('').match(match);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no output matching ${match}; got:\n${stream.join('')}\n${err.join('')}`);
  };
  return { io, out, err, signals, stdin, stdoutStream, waitFor };
}

let api: TestServer;
let dir: string;
beforeAll(async () => {
  api = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'relais-mcp-cli-'));
  mkdirSync(join(dir, 'actions'));
  const [lookup, ticket] = mcpTestBlocks(api.origin);
  writeFileSync(join(dir, 'actions', 'a-lookup.json'), JSON.stringify(lookup));
  writeFileSync(join(dir, 'actions', 'b-ticket.json'), JSON.stringify([ticket]));
  writeFileSync(join(dir, 'actions', 'notes.txt'), 'not a block');
  writeFileSync(join(dir, 'runtime.json'), JSON.stringify({ credentials: { crm: { type: 'bearer', token: { $env: 'CRM_TOKEN' } } }, network: { allowed_hosts: [`127.0.0.1:${api.port}`] } }));
});
afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('mcpOptionsFromArgs', () => {
  it('reads flags, the token from the environment, and refuses unsafe or contradictory ones', () => {
    expect(mcpOptionsFromArgs(['--blocks', 'a.json'])).toMatchObject({ blocks: ['a.json'], stdio: false, host: '127.0.0.1', port: 3998, path: '/mcp', token: undefined });
    expect(mcpOptionsFromArgs(['--blocks', 'a', '--port', '0', '--call-timeout', '5s'], { RELAIS_MCP_TOKEN: 't' })).toMatchObject({ port: 0, token: 't', call_timeout_ms: 5000 });
    expect(() => mcpOptionsFromArgs([])).toThrow(/--blocks/);
    expect(() => mcpOptionsFromArgs(['--blocks', 'a', '--host', '0.0.0.0'])).toThrow(/set a token/);
    expect(mcpOptionsFromArgs(['--blocks', 'a', '--host', '0.0.0.0', '--token', 'x'])).toMatchObject({ host: '0.0.0.0', token: 'x' });
    expect(() => mcpOptionsFromArgs(['--blocks', 'a', '--stdio', '--port', '1'])).toThrow(/exclusive/);
    expect(() => mcpOptionsFromArgs(['--blocks', 'a', '--port', '70000'])).toThrow(/--port/);
  });

  it('resolves {"$env": NAME} anywhere in the runtime file and names a missing variable by its path', () => {
    expect(resolveEnvReferences({ credentials: { crm: { type: 'bearer', token: { $env: 'T' } } }, list: [{ $env: 'T' }] }, { T: 'v' })).toEqual({ credentials: { crm: { type: 'bearer', token: 'v' } }, list: ['v'] });
    expect(() => resolveEnvReferences({ credentials: { crm: { token: { $env: 'NOPE' } } } }, {})).toThrow('credentials.crm.token: the environment variable NOPE is not set');
  });
});

describe('relais mcp', () => {
  it('prints --help with every option', async () => {
    const { io, out } = fakeIO();
    expect(await createMcpCommand(io).run(['--help'])).toBe(0);
    for (const flag of ['--blocks', '--stdio', '--host', '--port', '--token', '--runtime', '--allow-origin', '--call-timeout', '--max-concurrent-calls']) expect(out.join('')).toContain(flag);
  });

  it('says which file is wrong', async () => {
    const { io, err } = fakeIO();
    expect(await createMcpCommand(io).run(['--blocks', join(dir, 'missing.json')])).toBe(2);
    expect(err.join('')).toContain('missing.json (ENOENT)');
  });

  it('serves a directory of blocks over Streamable HTTP with the token, the credential from the environment, and stops on SIGTERM', async () => {
    const { io, out, err, signals, waitFor } = fakeIO({ CRM_TOKEN, RELAIS_MCP_TOKEN: MCP_TOKEN });
    const running = createMcpCommand(io).run(['--blocks', join(dir, 'actions'), '--runtime', join(dir, 'runtime.json'), '--port', '0']);
    try {
      const [, url] = await waitFor(/listening on (http:\S+)/);
      const client = new Client({ name: 'cli-test', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${MCP_TOKEN}` } } }));
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['order_lookup', 'create_ticket']);
      const result = await client.callTool({ name: 'order_lookup', arguments: { order_id: 7 } });
      expect(result.structuredContent).toEqual({ method: 'GET', url: '/echo/orders/7?lang=en' });
      expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CRM_TOKEN}`);
      await client.close();
      const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
      expect(refused.status).toBe(401);
    } finally {
      signals.emit('SIGTERM');
    }
    expect(await running).toBe(0);
    const printed = out.join('') + err.join('');
    expect(printed).not.toContain(MCP_TOKEN);
    expect(printed).not.toContain(CRM_TOKEN);
  });

  it('serves over stdio (protocol on stdout, human lines on stderr) and ends when stdin ends', async () => {
    const { io, out, err, stdin, stdoutStream, waitFor } = fakeIO({ CRM_TOKEN });
    const running = createMcpCommand(io).run(['--blocks', join(dir, 'actions', 'a-lookup.json'), '--runtime', join(dir, 'runtime.json'), '--stdio']);
    await waitFor(/on stdio: 1 tools/, err);
    const client = new Client({ name: 'cli-test', version: '1' });
    await client.connect(new StdioServerTransport(stdoutStream, stdin));
    const result = await client.callTool({ name: 'order_lookup', arguments: { order_id: 8, lang: 'fr' } });
    expect(result.structuredContent).toEqual({ method: 'GET', url: '/echo/orders/8?lang=fr' });
    stdin.end();
    expect(await running).toBe(0);
    expect(out.join('')).toBe('');
  });
});
