// Issue 19: tool calls through `relais mcp` (Streamable HTTP, the official SDK client, 32 calls in
// flight on one session) against (a) executeBlock called directly on the same block and (b) n8n's MCP
// Server Trigger with n8n's HTTP Request Tool ($fromAI order number, bearer credential), in a real n8n
// 2.41.1 `n8n start`. Same loopback bench server (its own process) for all three, same run. `relais mcp`
// runs in its own process, as users run it (this file forks itself with RELAIS_BENCH_ROLE=mcp-server).
// The contenders take turns batch by batch (compareLoads); the whole comparison is done ROUNDS times
// and the medians are reported with their min–max spread.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { Pool } from 'undici';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { executeBlock } from '../src/actions';
import { createMcpCommand } from '../src/cli/mcp';
import { parseBlock } from '../src/blocks';
import { createRuntime } from '../src/runtime';
import { createN8nHost, type N8nHost, type N8nServer } from '../test/support/n8n';
import { processCpuMs, ratio } from './hosts/common';
import { compareLoads, fixed, ms, report, startBenchServer, table, type LoadResult } from './support';

const TOKEN = 'bench-token-0123456789';
const MCP_TOKEN = 'bench-mcp-token-5566';
const CONCURRENCY = 32;
const ROUNDS = Number(process.env.BENCH_MCP_ROUNDS ?? 3);
const CALLS = Number(process.env.BENCH_MCP_CALLS ?? 2400);
/** n8n answers a few calls per second: it gets fewer calls per round (its own batch after the other two). */
const N8N_CALLS = Number(process.env.BENCH_MCP_N8N_CALLS ?? 256);
const BATCHES = 6;
const orderNumber = (i: number): string => String(200000 + i);

/** A real API answers in milliseconds: the same tool against the bench server delaying each answer. */
/** API delays (ms) and calls per contender per round at each: the slower the API, the fewer calls a round needs. */
const SLOW = [
  { delay: 20, calls: Number(process.env.BENCH_MCP_SLOW_CALLS ?? 1600) },
  { delay: 100, calls: Math.round(Number(process.env.BENCH_MCP_SLOW_CALLS ?? 1600) / 2.5) },
];
const slowName = (delay: number) => `lookup_order_${delay}ms`;

function block(origin: string, id = 'lookup_order', query = ''): Record<string, unknown> {
  return {
    id,
    type: 'action',
    data: {
      label: 'Lookup order',
      description: 'Look an order up by its number',
      parameters: {
        action_type: 'http_request',
        http_method: 'GET',
        url: `${origin}/bench/orders/{{order_number}}${query}`,
        content_type: 'json',
        timeout_seconds: '10',
        credential: 'bench',
        allow_http: true,
        variables: [{ name: 'order_number', type: 'string', description: 'Order number', example: '200000', required: true }],
        filter: { expression: '{id: id, status: status, tracking: tracking.number, items: items[].{sku: sku, qty: qty}}', max_chars: 4000 },
      },
    },
  };
}

/** The child process: `relais mcp` itself, with the flags a user would give. */
async function serveMcp(): Promise<void> {
  const args = JSON.parse(process.env.RELAIS_BENCH_ARGS ?? '[]') as string[];
  process.exitCode = await createMcpCommand().run(args);
}

async function startRelaisMcp(dir: string, origin: string, port: number): Promise<{ url: string; child: ChildProcess }> {
  writeFileSync(join(dir, 'blocks.json'), JSON.stringify([block(origin), ...SLOW.map(({ delay }) => block(origin, slowName(delay), `?delay_ms=${delay}`))]));
  writeFileSync(join(dir, 'runtime.json'), JSON.stringify({ credentials: { bench: { type: 'bearer', token: { $env: 'BENCH_API_TOKEN' } } }, network: { allowed_hosts: [`127.0.0.1:${port}`] } }));
  const args = ['--blocks', join(dir, 'blocks.json'), '--runtime', join(dir, 'runtime.json'), '--port', '0', '--max-concurrent-calls', String(CONCURRENCY)];
  const child = fork(__filename, [], {
    execArgv: process.env.BENCH_MCP_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_MCP_PROFILE}`] : [],
    env: { ...process.env, RELAIS_BENCH_ROLE: 'mcp-server', RELAIS_BENCH_ARGS: JSON.stringify(args), BENCH_API_TOKEN: TOKEN, RELAIS_MCP_TOKEN: MCP_TOKEN },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const found = /listening on (\S+)/.exec(line);
      if (found) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`relais mcp exited (${code})`)));
  });
  return { url, child };
}

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'relais-bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

/** HTTP 503 answers per contender, each retried (n8n answers "Database is not ready!" under load). */
const unavailable = new Map<string, number>();

/** A tool call whose answer must carry its own order's id (in JSON text); a 503 is retried (and counted). */
function toolCall(client: Client, name: string, label: string): (i: number) => Promise<void> {
  const call = async (i: number, attempt: number): Promise<void> => {
    let result;
    try {
      result = await client.callTool({ name, arguments: { order_number: orderNumber(i) } });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 503 || attempt >= 20) throw error;
      unavailable.set(label, (unavailable.get(label) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      return call(i, attempt + 1);
    }
    const text = (result.content as Array<{ text?: string }>).map((c) => c.text ?? '').join('');
    if (result.isError || !text.includes(`"${orderNumber(i)}"`)) throw new Error(`${name} call ${i}: ${text.slice(0, 300)}`);
  };
  return (i) => call(i, 1);
}

/**
 * A cheap MCP client: JSON-RPC over HTTP POST with undici (32 kept-alive connections), after the same
 * initialize handshake the SDK client does. It measures the server without the SDK client's own CPU
 * (its zod parsing and promise bookkeeping cost about as much as the server's whole call).
 */
async function rawSession(url: string, token: string): Promise<{ call: (name: string, label: string) => (i: number) => Promise<void>; close(): Promise<void> }> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: CONCURRENCY });
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` };
  const post = async (message: unknown): Promise<{ status: number; headers: Record<string, unknown>; text: string }> => {
    const answer = await pool.request({ path: target.pathname, method: 'POST', headers, body: JSON.stringify(message) });
    return { status: answer.statusCode, headers: answer.headers, text: await answer.body.text() };
  };
  const init = await post({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'relais-bench-raw', version: '1' } } });
  const session = init.headers['mcp-session-id'];
  if (init.status !== 200 || typeof session !== 'string') throw new Error(`raw initialize: HTTP ${init.status} ${init.text.slice(0, 200)}`);
  const version = (JSON.parse(init.text) as { result: { protocolVersion: string } }).result.protocolVersion;
  headers['mcp-session-id'] = session;
  headers['mcp-protocol-version'] = version;
  const ack = await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  if (ack.status !== 202) throw new Error(`raw initialized: HTTP ${ack.status}`);
  let id = 1;
  return {
    call: (name, label) => async (i) => {
      const answer = await post({ jsonrpc: '2.0', id: id++, method: 'tools/call', params: { name, arguments: { order_number: orderNumber(i) } } });
      if (answer.status === 503) unavailable.set(label, (unavailable.get(label) ?? 0) + 1);
      const result = (JSON.parse(answer.text) as { result?: { isError?: boolean; content?: Array<{ text?: string }> } }).result;
      const text = (result?.content ?? []).map((c) => c.text ?? '').join('');
      if (answer.status !== 200 || result?.isError || !text.includes(`"${orderNumber(i)}"`)) throw new Error(`${name} raw call ${i}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
    },
    close: async () => {
      await pool.request({ path: target.pathname, method: 'DELETE', headers }).then((r) => r.body.dump()).catch(() => undefined);
      await pool.close();
    },
  };
}

/** n8n's own MCP server: MCP Server Trigger ← HTTP Request Tool, published and served by `n8n start`. */
async function startN8nMcp(origin: string): Promise<{ host: N8nHost; server: N8nServer; url: string }> {
  const host = await createN8nHost({ tarball: false });
  const credential = { id: 'benchMcpN8nBearr', name: 'Bench token', type: 'httpBearerAuth', data: { token: TOKEN } };
  await host.importCredentials([credential]);
  const path = 'bench-tools';
  await host.importWorkflows([
    {
      id: 'benchMcpN8n00000',
      name: 'Bench MCP (n8n)',
      nodes: [
        { id: '00000000-0000-4000-9000-0000000b1901', name: 'MCP Server Trigger', type: '@n8n/n8n-nodes-langchain.mcpTrigger', typeVersion: 2, position: [0, 0], parameters: { path }, webhookId: '5e1a1500-b019-4000-8000-000000000019' },
        {
          id: '00000000-0000-4000-9000-0000000b1902',
          name: 'lookup_order',
          type: 'n8n-nodes-base.httpRequestTool',
          typeVersion: 4.2,
          position: [0, 200],
          parameters: {
            toolDescription: 'Look an order up by its number',
            method: 'GET',
            url: `=${origin}/bench/orders/{{ $fromAI('order_number', 'Order number', 'string') }}`,
            authentication: 'genericCredentialType',
            genericAuthType: 'httpBearerAuth',
            options: {},
          },
          credentials: { httpBearerAuth: { id: credential.id, name: credential.name } },
        },
      ],
      connections: { lookup_order: { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] } } as never,
      settings: { executionOrder: 'v1' },
      active: false,
    },
  ]);
  await host.publish('benchMcpN8n00000');
  const server = await host.start({ EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none', EXECUTIONS_DATA_SAVE_ON_ERROR: 'none', EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'false', EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'false' });
  return { host, server, url: `${server.url}/mcp/${path}` };
}

async function connectWhenReady(url: string, token: string, timeoutMs = 120_000): Promise<Client> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await connect(url, token);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values: number[], format: (v: number) => string): string => `${format(Math.min(...values))}–${format(Math.max(...values))}`;

async function main(): Promise<void> {
  const bench = await startBenchServer();
  const dir = mkdtempSync(join(tmpdir(), 'relais-bench-mcp-'));
  const runtime = createRuntime({ credentials: { bench: { type: 'bearer', token: TOKEN } }, network: { allowed_hosts: [`127.0.0.1:${bench.port}`] } });
  const parsed = parseBlock(block(bench.origin));
  const relais = await startRelaisMcp(dir, bench.origin, bench.port);
  let n8n: Awaited<ReturnType<typeof startN8nMcp>> | undefined;
  let n8nNote = '';
  const clients: Client[] = [];
  let raw: Awaited<ReturnType<typeof rawSession>> | undefined;
  try {
    const directOn = (target: typeof parsed) => async (i: number) => {
      const result = await executeBlock(target, { variables: { order_number: orderNumber(i) } }, runtime);
      if ((result.data as { id?: string }).id !== orderNumber(i)) throw new Error(`direct call ${i}: ${JSON.stringify(result.data).slice(0, 200)}`);
    };
    const direct = directOn(parsed);
    const relaisClient = await connect(relais.url, MCP_TOKEN);
    clients.push(relaisClient);
    raw = await rawSession(relais.url, MCP_TOKEN);
    const labels = ['executeBlock (direct, in process)', '`relais mcp` (Streamable HTTP, raw JSON-RPC client)', '`relais mcp` (Streamable HTTP, SDK client)'];
    const tasks = [direct, raw.call('lookup_order', labels[1]), toolCall(relaisClient, 'lookup_order', labels[2])];
    if (process.env.BENCH_MCP_N8N === '0') n8nNote = 'n8n not measured in this run (BENCH_MCP_N8N=0).';
    else
      try {
        n8n = await startN8nMcp(bench.origin);
        const n8nClient = await connectWhenReady(n8n.url, '');
        clients.push(n8nClient);
        labels.push('n8n MCP Server Trigger + HTTP Request Tool (`n8n start`, SDK client)');
        tasks.push(toolCall(n8nClient, 'lookup_order', labels[3]));
      } catch (error) {
        n8nNote = `n8n could not be measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
        process.stderr.write(`${n8nNote}\n`);
      }
    // Warm-up: connections, JIT, n8n's first executions.
    for (const [k, task] of tasks.entries()) {
      const started = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY * 2 }, (_, i) => task(i)));
      process.stderr.write(`warm-up ${labels[k]}: ${fixed(performance.now() - started)} ms for ${CONCURRENCY * 2} calls\n`);
    }
    const slowTasks = SLOW.map(({ delay }) => [directOn(parseBlock(block(bench.origin, slowName(delay), `?delay_ms=${delay}`))), raw!.call(slowName(delay), labels[1]), toolCall(relaisClient, slowName(delay), labels[2])]);
    const rounds: LoadResult[][] = [];
    const slowRounds: LoadResult[][][] = SLOW.map(() => []);
    let serverCpuMs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      process.stderr.write(`round ${round + 1}: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
      const cpuBefore = processCpuMs(relais.child.pid!);
      for (const [d, { calls }] of SLOW.entries()) slowRounds[d].push(await compareLoads(slowTasks[d], calls, CONCURRENCY, 4));
      const relaisSide = await compareLoads(tasks.slice(0, 3), CALLS, CONCURRENCY, BATCHES);
      serverCpuMs += processCpuMs(relais.child.pid!) - cpuBefore;
      const n8nSide = tasks.length > 3 ? await compareLoads(tasks.slice(3), N8N_CALLS, CONCURRENCY, 1) : [];
      rounds.push([...relaisSide, ...n8nSide]);
      process.stderr.write(`round ${round + 1}: ${rounds[round].map((r) => `${fixed(r.rps)}/s`).join(' · ')}${SLOW.map(({ delay }, d) => `; ${delay} ms API: ${slowRounds[d][round].map((r) => `${fixed(r.rps)}/s`).join(' · ')}`).join('')}\n`);
    }
    const load = loadavg()[0];
    const rps = (k: number) => rounds.map((r) => r[k].rps);
    // "of direct": the median of the per-round ratios (each round's contenders shared the same machine state).
    const ofDirect = (k: number) => median(rounds.map((r) => r[k].rps / r[0].rps));
    const rows = labels.map((label, k) => [
      label,
      `${fixed(median(rps(k)))} (${spread(rps(k), (v) => fixed(v))})`,
      ms(median(rounds.map((r) => r[k].p50))),
      ms(median(rounds.map((r) => r[k].p99))),
      k === 0 ? '—' : `${fixed(ofDirect(k) * 100)}% (${spread(rounds.map((r) => (r[k].rps / r[0].rps) * 100), (v) => fixed(v))})`,
    ]);
    const slowOf = (d: number, k: number) => median(slowRounds[d].map((r) => r[k].rps / r[0].rps));
    const slowRows = (d: number) =>
      labels.slice(0, 3).map((label, k) => [
        label,
        `${fixed(median(slowRounds[d].map((r) => r[k].rps)))} (${spread(slowRounds[d].map((r) => r[k].rps), (v) => fixed(v))})`,
        ms(median(slowRounds[d].map((r) => r[k].p50))),
        ms(median(slowRounds[d].map((r) => r[k].p99))),
        k === 0 ? '—' : `${fixed(slowOf(d, k) * 100)}% (${spread(slowRounds[d].map((r) => (r[k].rps / r[0].rps) * 100), (v) => fixed(v))})`,
      ]);
    const serverCpuPerCall = (serverCpuMs * 1000) / (ROUNDS * 2 * (CALLS + SLOW.reduce((sum, { calls }) => sum + calls, 0)));
    const cpu = (k: number) => fixed(median(rounds.map((r) => r[k].cpuPerRequest)));
    const overN8n = tasks.length > 3 ? median(rounds.map((r) => r[1].rps / r[3].rps)) : NaN;
    const overN8nSdk = tasks.length > 3 ? median(rounds.map((r) => r[2].rps / r[3].rps)) : NaN;
    const mark = (value: number, target: number) => (value >= target ? '✅' : '❌');
    report(`## mcp: tool calls through \`relais mcp\` vs executeBlock and n8n's MCP Server Trigger

One \`lookup_order\` tool (GET \`/bench/orders/<n>\` with a bearer credential, a JMESPath filter on the
~1.5 KB order) called ${CALLS} times per round by each of the first three contenders (taking turns in ${BATCHES} batches) and
${N8N_CALLS} times by n8n (after them: it serves a few calls per second), ${CONCURRENCY} calls in flight; each answer is
checked to carry its own order number. \`relais mcp\` runs in its own process (the CLI, as users start it),
the clients in the bench process (executeBlock runs there too, with the same runtime options and block).
Two clients drive \`relais mcp\`, each on one session: a raw JSON-RPC client (undici POSTs after the
initialize handshake: what the server itself sustains) and the official SDK client (its own CPU per call
is about the server's, and it shares the 2 cores with the server). n8n: MCP Server Trigger (typeVersion 2)
with n8n's HTTP Request Tool (\`$fromAI\` order number, bearer credential) in a real n8n 2.41.1 \`n8n start\`
(executions not saved, to spare it the database writes). ${ROUNDS} rounds; medians with the min–max over rounds;
"of direct" is the median of the per-round ratios. Load average (1 min) at the end: ${load.toFixed(1)}.

${table(['contender', 'calls/s (min–max)', 'p50', 'p99', 'of direct (min–max)'], rows)}
${[...unavailable].map(([label, count]) => `\n- ${label}: ${count} call(s) answered HTTP 503 and were retried (latency includes the retries).`).join('')}

${SLOW.map(({ delay, calls }, d) => `The same tool against an API answering in ${delay} ms (\`?delay_ms=${delay}\`, ${calls} calls per contender per round, taking turns in 4 batches):\n\n${table(['contender', 'calls/s (min–max)', 'p50', 'p99', 'of direct (min–max)'], slowRows(d))}`).join('\n\n')}

CPU per call (where the time goes): executeBlock in process ${cpu(0)} µs; the raw client ${cpu(1)} µs, the SDK
client ${cpu(2)} µs in the bench process; the \`relais mcp\` process ${fixed(serverCpuPerCall)} µs (its executeBlock included; /proc, 10 ms ticks).

- \`relais mcp\` reaches ${fixed(ofDirect(1) * 100)}% of direct executeBlock with the raw client ${mark(ofDirect(1), 0.7)} (target ≥ 70%), ${fixed(ofDirect(2) * 100)}% with the SDK client${SLOW.map(({ delay }, d) => `; with a ${delay} ms API ${fixed(slowOf(d, 1) * 100)}% ${mark(slowOf(d, 1), 0.7)} and ${fixed(slowOf(d, 2) * 100)}%`).join('')}
${Number.isNaN(overN8n) ? `- ${n8nNote}` : `- \`relais mcp\` is ${ratio(overN8n)} n8n's MCP Server Trigger with its HTTP Request Tool with the raw client, ${ratio(overN8nSdk)} with the SDK client ${mark(overN8nSdk, 2)} (target ≥ 2×)`}`);
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await raw?.close();
    relais.child.kill('SIGTERM');
    await n8n?.server.stop();
    n8n?.host.dispose();
    await runtime.close();
    await bench.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.RELAIS_BENCH_ROLE === 'mcp-server') void serveMcp();
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
