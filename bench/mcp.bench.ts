// Issue 19: tool calls through `relais mcp` (Streamable HTTP, the official SDK client, 32 calls in
// flight on one session) against (a) executeBlock called directly on the same block and (b) n8n's MCP
// Server Trigger with n8n's HTTP Request Tool ($fromAI order number, bearer credential), in a real n8n
// 2.41.1 `n8n start`. Same loopback bench server (its own process) for all three, same run. `relais mcp`
// runs in its own process, as users run it (this file forks itself with RELAIS_BENCH_ROLE=mcp-server).
// The contenders take turns batch by batch (compareLoads); the whole comparison is done ROUNDS times
// and the medians are reported with their min–max spread.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
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
const API_DELAY_MS = 20;
const SLOW_CALLS = Number(process.env.BENCH_MCP_SLOW_CALLS ?? 1600);

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
  writeFileSync(join(dir, 'blocks.json'), JSON.stringify([block(origin), block(origin, 'lookup_order_slow', `?delay_ms=${API_DELAY_MS}`)]));
  writeFileSync(join(dir, 'runtime.json'), JSON.stringify({ credentials: { bench: { type: 'bearer', token: { $env: 'BENCH_API_TOKEN' } } }, network: { allowed_hosts: [`127.0.0.1:${port}`] } }));
  const args = ['--blocks', join(dir, 'blocks.json'), '--runtime', join(dir, 'runtime.json'), '--port', '0', '--max-concurrent-calls', String(CONCURRENCY)];
  const child = fork(__filename, [], {
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
  const parsedSlow = parseBlock(block(bench.origin, 'lookup_order_slow', `?delay_ms=${API_DELAY_MS}`));
  const relais = await startRelaisMcp(dir, bench.origin, bench.port);
  let n8n: Awaited<ReturnType<typeof startN8nMcp>> | undefined;
  let n8nNote = '';
  const clients: Client[] = [];
  try {
    const directOn = (target: typeof parsed) => async (i: number) => {
      const result = await executeBlock(target, { variables: { order_number: orderNumber(i) } }, runtime);
      if ((result.data as { id?: string }).id !== orderNumber(i)) throw new Error(`direct call ${i}: ${JSON.stringify(result.data).slice(0, 200)}`);
    };
    const direct = directOn(parsed);
    const relaisClient = await connect(relais.url, MCP_TOKEN);
    clients.push(relaisClient);
    const labels = ['executeBlock (direct, in process)', '`relais mcp` (Streamable HTTP, SDK client)'];
    const tasks = [direct, toolCall(relaisClient, 'lookup_order', labels[1])];
    try {
      n8n = await startN8nMcp(bench.origin);
      const n8nClient = await connectWhenReady(n8n.url, '');
      clients.push(n8nClient);
      labels.push("n8n MCP Server Trigger + HTTP Request Tool (`n8n start`)");
      tasks.push(toolCall(n8nClient, 'lookup_order', labels[2]));
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
    const slowTasks = [directOn(parsedSlow), toolCall(relaisClient, 'lookup_order_slow', labels[1])];
    const rounds: LoadResult[][] = [];
    const slowRounds: LoadResult[][] = [];
    let serverCpuMs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const cpuBefore = processCpuMs(relais.child.pid!);
      slowRounds.push(await compareLoads(slowTasks, SLOW_CALLS, CONCURRENCY, 4));
      const relaisSide = await compareLoads(tasks.slice(0, 2), CALLS, CONCURRENCY, BATCHES);
      serverCpuMs += processCpuMs(relais.child.pid!) - cpuBefore;
      const n8nSide = tasks.length > 2 ? await compareLoads(tasks.slice(2), N8N_CALLS, CONCURRENCY, 1) : [];
      rounds.push([...relaisSide, ...n8nSide]);
      process.stderr.write(`round ${round + 1}: ${rounds[round].map((r) => `${fixed(r.rps)}/s`).join(' · ')}; ${API_DELAY_MS} ms API: ${slowRounds[round].map((r) => `${fixed(r.rps)}/s`).join(' · ')}\n`);
    }
    const rps = (k: number) => rounds.map((r) => r[k].rps);
    const rows = labels.map((label, k) => [
      label,
      `${fixed(median(rps(k)))} (${spread(rps(k), (v) => fixed(v))})`,
      ms(median(rounds.map((r) => r[k].p50))),
      ms(median(rounds.map((r) => r[k].p99))),
      k === 0 ? '—' : `${fixed((median(rps(k)) / median(rps(0))) * 100)}%`,
    ]);
    const slowRps = (k: number) => slowRounds.map((r) => r[k].rps);
    const slowRows = labels.slice(0, 2).map((label, k) => [
      label,
      `${fixed(median(slowRps(k)))} (${spread(slowRps(k), (v) => fixed(v))})`,
      ms(median(slowRounds.map((r) => r[k].p50))),
      ms(median(slowRounds.map((r) => r[k].p99))),
      k === 0 ? '—' : `${fixed((median(slowRps(k)) / median(slowRps(0))) * 100)}%`,
    ]);
    const slowOfDirect = median(slowRounds.map((r) => r[1].rps / r[0].rps));
    const ofDirect = median(rounds.map((r) => r[1].rps / r[0].rps));
    const serverCpuPerCall = (serverCpuMs * 1000) / (ROUNDS * (CALLS + SLOW_CALLS));
    const directCpu = median(rounds.map((r) => r[0].cpuPerRequest));
    const clientCpu = median(rounds.map((r) => r[1].cpuPerRequest));
    const overN8n = tasks.length > 2 ? median(rounds.map((r) => r[1].rps / r[2].rps)) : NaN;
    report(`## mcp: tool calls through \`relais mcp\` vs executeBlock and n8n's MCP Server Trigger

One \`lookup_order\` tool (GET \`/bench/orders/<n>\` with a bearer credential, a JMESPath filter on the
~1.5 KB order) called ${CALLS} times per round by the first two contenders (taking turns in ${BATCHES} batches) and
${N8N_CALLS} times by n8n (after them: it serves a few calls per second), ${CONCURRENCY} calls in flight; each answer is
checked to carry its own order number. \`relais mcp\` runs in its own process (the CLI, as users start it);
the official SDK client holds one session. n8n: MCP Server Trigger (typeVersion 2) with n8n's HTTP Request
Tool (\`$fromAI\` order number, bearer credential) in a real n8n 2.41.1 \`n8n start\` (executions not saved,
to spare it the database writes). ${ROUNDS} rounds; medians with the min–max over rounds. Note the client side
runs in this process for every contender (the SDK client's own cost is in the MCP numbers).

${table(['contender', 'calls/s (min–max)', 'p50', 'p99', 'of direct'], rows)}
${[...unavailable].map(([label, count]) => `\n- ${label}: ${count} call(s) answered HTTP 503 and were retried (latency includes the retries).`).join('')}

The same tool against an API answering in ${API_DELAY_MS} ms (\`?delay_ms=${API_DELAY_MS}\`, ${SLOW_CALLS} calls per contender per round, taking turns in 4 batches):

${table(['contender', 'calls/s (min–max)', 'p50', 'p99', 'of direct'], slowRows)}

CPU per call (where the time goes): executeBlock in process ${fixed(directCpu)} µs; through \`relais mcp\`: the SDK
client ${fixed(clientCpu)} µs in this process + the \`relais mcp\` process ${fixed(serverCpuPerCall)} µs (its executeBlock included; /proc, 10 ms ticks).

- \`relais mcp\` reaches ${fixed(ofDirect * 100)}% of direct executeBlock on the instant loopback API (median of per-round ratios) ${ofDirect >= 0.7 ? '✅' : '❌'} (target ≥ 70%), ${fixed(slowOfDirect * 100)}% with a ${API_DELAY_MS} ms API ${slowOfDirect >= 0.7 ? '✅' : '❌'}
${Number.isNaN(overN8n) ? `- ${n8nNote}` : `- \`relais mcp\` is ${ratio(overN8n)} n8n's MCP Server Trigger with its HTTP Request Tool ${overN8n >= 2 ? '✅' : '❌'} (target ≥ 2×)`}`);
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
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
