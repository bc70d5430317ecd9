// `relais mcp`: serves blocks (custom API actions) as MCP tools, over Streamable HTTP on a local port
// or over stdio for clients that start the server themselves (Claude Desktop, IDEs). Credentials and
// network options come from a runtime file whose secrets may come from environment variables.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { isRelaisError } from '../errors';
import { createMcpServer, type RelaisMcpServer } from '../mcp';
import { createRuntime, type RuntimeOptions } from '../runtime';
import { readBlocks } from './blocks-source';
import type { CliCommand } from './command';
import { parseDuration } from './emulator';
import { readRuntimeFile } from './runtime-file';
import { PROCESS_SERVICE_IO, waitForStop, type ServiceIO } from './service-io';

export const MCP_DEFAULTS = { host: '127.0.0.1', port: 3998, path: '/mcp' } as const;
export const MCP_TOKEN_ENV = 'RELAIS_MCP_TOKEN';

const HELP = `relais mcp — serve custom API actions (http_request blocks) as MCP tools: one tool per block,
its arguments the block's variables, its result the filtered response (errors as tool results with
the safe message and the customer fallback line).

Usage: relais mcp --blocks <file|dir> [--stdio | --host H --port P] [options]

Options:
  --blocks <file|dir>        A block JSON file (one block or an array), or a directory of them (repeatable)
  --stdio                    Speak MCP on stdin/stdout (for clients that start the server themselves)
  --host <host>              Address to listen on (default ${MCP_DEFAULTS.host}); another address needs a token
  --port <port>              Port; 0 picks a free one (default ${MCP_DEFAULTS.port})
  --path <path>              HTTP path of the MCP endpoint (default ${MCP_DEFAULTS.path})
  --token <token>            Bearer token clients must send (or ${MCP_TOKEN_ENV}, which keeps it out of \`ps\`)
  --runtime <file>           JSON runtime options: {"credentials": {…}, "network": {…}}; any value written
                             {"$env": "NAME"} is read from the environment variable NAME
  --allow-origin <origin>    A browser Origin allowed to call, e.g. http://localhost:5173 (repeatable;
                             requests without Origin always pass, others are refused with 403)
  --call-timeout <time>      Deadline of one tool call: 30s, 2m or milliseconds (default 30s)
  --max-concurrent-calls <n> Tool calls one session runs at a time (default 16)
  -h, --help                 Show this help

Example:
  CRM_TOKEN=… RELAIS_MCP_TOKEN=… relais mcp --blocks ./actions --runtime runtime.json --port 3998
  with runtime.json = {"credentials": {"crm": {"type": "bearer", "token": {"$env": "CRM_TOKEN"}}}}
`;

export interface McpCommandOptions {
  blocks: string[];
  stdio: boolean;
  host: string;
  port: number;
  path: string;
  token?: string;
  runtime?: string;
  allowed_origins: string[];
  call_timeout_ms?: number;
  max_concurrent_calls?: number;
}

export interface McpCommandIO extends ServiceIO {
  /** The streams MCP speaks on with --stdio. */
  stdin: Readable;
  stdoutStream: Writable;
}

const processIO: McpCommandIO = { ...PROCESS_SERVICE_IO, stdin: process.stdin, stdoutStream: process.stdout };

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new Error(`${flag} must be a whole number from ${min} to ${max} (got "${text}")`);
  return value;
}

export function mcpOptionsFromArgs(args: string[], env: Record<string, string | undefined> = {}): McpCommandOptions | 'help' {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      blocks: { type: 'string', multiple: true },
      stdio: { type: 'boolean' },
      host: { type: 'string' },
      port: { type: 'string' },
      path: { type: 'string' },
      token: { type: 'string' },
      runtime: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      'call-timeout': { type: 'string' },
      'max-concurrent-calls': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (!values.blocks?.length) throw new Error('give the blocks to serve: --blocks <file|dir>');
  if (values.stdio && (values.host !== undefined || values.port !== undefined)) throw new Error('--stdio and --host/--port are exclusive: pick stdio or HTTP');
  const path = values.path ?? MCP_DEFAULTS.path;
  if (!path.startsWith('/')) throw new Error(`--path must start with / (got "${path}")`);
  const host = values.host ?? MCP_DEFAULTS.host;
  const token = values.token ?? (env[MCP_TOKEN_ENV] || undefined);
  if (!values.stdio && !LOOPBACK.has(host) && !token) throw new Error(`--host ${host} is reachable from other machines: set a token (${MCP_TOKEN_ENV} or --token)`);
  return {
    blocks: values.blocks,
    stdio: values.stdio ?? false,
    host,
    port: wholeNumber(values.port ?? String(MCP_DEFAULTS.port), '--port', 0, 65535),
    path,
    token,
    runtime: values.runtime,
    allowed_origins: values['allow-origin'] ?? [],
    call_timeout_ms: values['call-timeout'] === undefined ? undefined : parseDuration(values['call-timeout'], '--call-timeout'),
    max_concurrent_calls: values['max-concurrent-calls'] === undefined ? undefined : wholeNumber(values['max-concurrent-calls'], '--max-concurrent-calls', 1, 1000),
  };
}

export function createMcpCommand(io: McpCommandIO = processIO): CliCommand {
  return {
    summary: 'Serve blocks (custom API actions) as MCP tools over Streamable HTTP or stdio',
    async run(args) {
      let options: ReturnType<typeof mcpOptionsFromArgs>;
      let runtimeOptions: RuntimeOptions = {};
      const blocks: unknown[] = [];
      try {
        options = mcpOptionsFromArgs(args, io.env);
        if (options !== 'help') {
          for (const source of options.blocks) blocks.push(...(await readBlocks(source)));
          if (options.runtime) runtimeOptions = await readRuntimeFile(options.runtime, io.env);
        }
      } catch (error) {
        io.stderr(`relais mcp: ${error instanceof Error ? error.message : String(error)}\n\nrelais mcp --help lists the options.\n`);
        return 2;
      }
      if (options === 'help') {
        io.stdout(HELP);
        return 0;
      }
      // With --stdio, stdout carries the protocol: every human line goes to stderr.
      const say = options.stdio ? io.stderr : io.stdout;
      const runtime = createRuntime({ ...runtimeOptions, logger: { debug: () => undefined, warn: (m) => io.stderr(`relais mcp: ${m}\n`) } });
      let server: RelaisMcpServer;
      try {
        server = createMcpServer({ blocks, runtime, token: options.token, allowed_origins: options.allowed_origins, call_timeout_ms: options.call_timeout_ms, max_concurrent_calls: options.max_concurrent_calls });
      } catch (error) {
        await runtime.close();
        io.stderr(`relais mcp: ${isRelaisError(error) ? `${error.message}${error.issues.length ? ` (${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})` : ''}` : (error as Error).message}\n`);
        return 1;
      }
      const names = server.tools.map((tool) => tool.name).join(', ');
      try {
        if (options.stdio) {
          await server.connect(new StdioServerTransport(io.stdin, io.stdoutStream));
          say(`Relais MCP server on stdio: ${server.tools.length} tools (${names})\n`);
          await waitForStop(io.signals, (stop) => io.stdin.once('end', stop));
          return 0;
        }
        const path = options.path;
        const http = createServer((req, res) => {
          const pathname = (req.url ?? '/').split('?')[0];
          if (pathname !== path) return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `The MCP endpoint is ${path}.` }));
          void server.handler(req, res);
        });
        try {
          await new Promise<void>((resolve, reject) => {
            http.once('error', reject);
            http.listen(options.port, options.host, resolve);
          });
        } catch (error) {
          const code = (error as { code?: string }).code;
          io.stderr(`relais mcp: ${code === 'EADDRINUSE' ? `port ${options.port} is in use; pick another with --port (0 = any free port)` : (error as Error).message}\n`);
          return 1;
        }
        const address = http.address() as AddressInfo;
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        say(
          [
            `Relais MCP server listening on http://${host}:${address.port}${path} (Streamable HTTP)`,
            `  tools: ${server.tools.length} (${names})`,
            `  ${options.token ? 'clients must send Authorization: Bearer <token>' : 'no token asked: keep it on loopback'}`,
            'Press Ctrl+C to stop.',
            '',
          ].join('\n'),
        );
        await waitForStop(io.signals);
        say('Stopping the MCP server…\n');
        http.closeAllConnections();
        await new Promise((resolve) => http.close(resolve));
        return 0;
      } finally {
        await server.close();
        await runtime.close();
      }
    },
  };
}
