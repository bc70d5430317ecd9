// Webhook events: deliveries per second and latency through `relais-agent-events` in a real Node-RED
// (the packed tarball), with verification (shared secret and HMAC-SHA256 with a timestamp) and dedupe
// on, and through the core handler alone (createAgentWebhook on a node:http server, its own process)
// for comparison. Two event kinds: a chat event (sendMessage, acknowledged as soon as it is verified
// and handed to the flow) and an action trigger (the flow answers it: in Node-RED through a function
// and relais-agent-reply; the bare handler answers at once). Every delivery is unique, signed, and its
// reply checked. The contenders take turns batch by batch (bench/support.ts compareLoads).
import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { benchTarball, processCpuMs, ratio } from './hosts/common';
import { checkReply, delivery, WEBHOOK_BOT_ID, WEBHOOK_HMAC_SECRET, WEBHOOK_SECRET, type EventKind } from './hosts/webhook-events';
import { WEBHOOK_SERVER_SCRIPT } from './hosts/webhook-server';
import { startNodeRed, type FlowNode, type NodeRed } from '../test/support/node-red';
import { compareLoads, fixed, ms, report, table } from './support';

const TOTAL = 4000;
const CONCURRENCY = 32;
const TAB = 'wh.tab';

/** relais-agent-events → (action triggers only) a function giving the answer → relais-agent-reply. */
function webhookFlows(hmac: boolean): FlowNode[] {
  return [
    { id: TAB, type: 'tab', label: 'relais webhook bench' },
    { id: 'wh.platform', type: 'relais-agent-platform', base_url: 'https://api.ultimate.ai', bot_id: WEBHOOK_BOT_ID, credentials: { api_key: 'unused-in-this-bench' } },
    {
      id: 'wh.events',
      type: 'relais-agent-events',
      z: TAB,
      platform: 'wh.platform',
      path: '/bench/agent',
      answer_timeout_ms: '8000',
      default_online: false,
      default_results: '',
      credentials: hmac ? { secret: WEBHOOK_SECRET, hmac_secret: WEBHOOK_HMAC_SECRET } : { secret: WEBHOOK_SECRET },
      wires: [['wh.answer']],
    },
    {
      id: 'wh.answer',
      type: 'function',
      z: TAB,
      outputs: 1,
      func: "if (msg.topic !== 'action') return null;\nmsg.payload = { order_status: 'shipped', order_number: msg.variables.order_number };\nreturn msg;",
      wires: [['wh.reply']],
    },
    { id: 'wh.reply', type: 'relais-agent-reply', z: TAB, answer: 'payload', answerType: 'msg', wires: [] },
    // On the stock-settings instance: the same node with an HMAC secret, to record what a signed setup gets there.
    ...(hmac
      ? []
      : [
          {
            id: 'wh.events.signed',
            type: 'relais-agent-events',
            z: TAB,
            platform: 'wh.platform',
            path: '/bench/agent-signed',
            answer_timeout_ms: '8000',
            default_online: false,
            default_results: '',
            credentials: { secret: WEBHOOK_SECRET, hmac_secret: WEBHOOK_HMAC_SECRET },
            wires: [[]],
          },
        ]),
  ];
}

/** What a signed delivery gets from relais-agent-events under Node-RED's stock settings, and whether the node warned. */
async function signedOnStockSettings(red: NodeRed): Promise<string> {
  const { body, headers } = delivery('chat', 9_999_999);
  const reply = await fetch(`${red.url}${red.httpNodeRoot}/bench/agent-signed`, { method: 'POST', body, headers, signal: AbortSignal.timeout(10_000) });
  const warned = red.logs().includes('HMAC verification cannot work');
  return `- Stock settings with an HMAC secret: a correctly signed delivery got \`${reply.status} ${(await reply.text()).slice(0, 80)}\`; the node ${warned ? 'warned at deploy that HMAC cannot work with these settings' : 'gave no warning'}.`;
}

async function startCoreWebhook(hmac: boolean): Promise<{ origin: string; pid: number; stop(): Promise<void> }> {
  const child = fork(WEBHOOK_SERVER_SCRIPT, hmac ? ['hmac'] : [], { stdio: ['pipe', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`webhook server exited (${code})`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
        setTimeout(() => child.kill(), 2000).unref();
      }),
  };
}

/** BENCH_CPU_PROF=<dir>: the Node-RED processes run with --cpu-prof (profiles written when they stop). */
function profileEnv(): Record<string, string> {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` } : {};
}

/**
 * A Node-RED whose admin app lives at /admin instead of "/". With the default "/", the admin app (mounted
 * before the HTTP nodes) parses every JSON body first and the raw body an HMAC needs is gone; moved away,
 * it never sees the webhook's requests. The harness's deploy() posts to /flows, so deploy here by hand
 * (admin login off: loopback only, for the length of the benchmark).
 */
async function startNodeRedAdminAtAdmin(tarball: string, flows: FlowNode[]): Promise<NodeRed> {
  const red = await startNodeRed({ tarball, adminAuth: false, settings: { httpAdminRoot: '/admin' }, env: profileEnv(), startTimeoutMs: 60_000 });
  try {
    const started = () => red.logs().match(/Started flows/g)?.length ?? 0;
    const before = started();
    const reply = await red.admin('POST', '/admin/flows', { flows }, { 'Node-RED-API-Version': 'v2', 'Node-RED-Deployment-Type': 'full' });
    if (reply.status !== 200) throw new Error(`deploy to /admin/flows failed (${reply.status}): ${reply.text}`);
    for (let waited = 0; started() === before; waited += 50) {
      if (waited > 30_000) throw new Error(`flows did not start:\n${red.logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return red;
  } catch (error) {
    await red.stop();
    throw error;
  }
}

/** A sender of deliveries of one kind to one URL, over a keep-alive pool. */
function sender(pool: Pool, path: string, kind: EventKind): (i: number) => Promise<void> {
  return async (i) => {
    const { body, headers } = delivery(kind, i);
    const reply = await pool.request({ method: 'POST', path, body, headers });
    checkReply(kind, i, reply.statusCode, await reply.body.text());
  };
}

async function main(): Promise<void> {
  const tarball = benchTarball();
  const [red, redSigned, core, signed] = await Promise.all([
    startNodeRed({ tarball, env: profileEnv(), startTimeoutMs: 60_000 }),
    startNodeRedAdminAtAdmin(tarball, webhookFlows(true)),
    startCoreWebhook(false),
    startCoreWebhook(true),
  ]);
  const pools = [red.url, redSigned.url, core.origin, signed.origin].map((origin) => new Pool(origin, { connections: CONCURRENCY }));
  try {
    await red.deploy(webhookFlows(false));
    const contenders = [
      { label: '`relais-agent-events` in Node-RED (stock settings), secret', pool: pools[0], path: `${red.httpNodeRoot}/bench/agent`, pid: red.pid, versus: 2 },
      { label: '`relais-agent-events` in Node-RED (admin at /admin), secret + HMAC', pool: pools[1], path: `${redSigned.httpNodeRoot}/bench/agent`, pid: redSigned.pid, versus: 3 },
      { label: 'core handler on node:http, secret', pool: pools[2], path: '/', pid: core.pid, versus: 2 },
      { label: 'core handler on node:http, secret + HMAC', pool: pools[3], path: '/', pid: signed.pid, versus: 3 },
    ];
    const stockSigned = await signedOnStockSettings(red);
    const rows: (string | number)[][] = [];
    const verdicts: string[] = [];
    // Each kind gets its own range of delivery numbers, so no body is ever sent twice (dedupe stays a cost, never a shortcut).
    let offset = 0;
    for (const kind of ['chat', 'action'] as const) {
      // Warm-up (JIT, connections), not counted.
      for (const c of contenders) await compareLoads([(i) => sender(c.pool, c.path, kind)(1_000_000 + offset + i)], 300, CONCURRENCY, 1);
      offset += 10_000;
      const cpuBefore = contenders.map((c) => processCpuMs(c.pid));
      const base = offset;
      const results = await compareLoads(
        contenders.map((c, k) => (i: number) => sender(c.pool, c.path, kind)(base + k * TOTAL * 2 + i)),
        TOTAL,
        CONCURRENCY,
      );
      const cpu = contenders.map((c, k) => processCpuMs(c.pid) - cpuBefore[k]);
      offset += TOTAL * 4;
      results.forEach((r, k) => {
        rows.push([
          kind === 'chat' ? 'chat event (sendMessage)' : 'action trigger (answered)',
          contenders[k].label,
          r.requests,
          fixed(r.rps),
          `${ms(r.p50)} / ${ms(r.p99)}`,
          `${fixed((cpu[k] / r.requests) * 1000)} µs`,
          ratio(r.rps / results[contenders[k].versus].rps),
        ]);
      });
      verdicts.push(
        `- ${kind === 'chat' ? 'Chat events' : 'Action triggers'}: ${fixed(results[1].rps)} events/s through relais-agent-events with secret + HMAC + dedupe (p99 ${ms(results[1].p99)}); ${fixed(results[0].rps)} events/s with the secret only (p99 ${ms(results[0].p99)}); the bare handler ${fixed(results[3].rps)} / ${fixed(results[2].rps)} events/s`,
      );
    }
    report(`## Webhook events: relais-agent-events (Node-RED) and the core handler

Deliveries POSTed by this process over ${CONCURRENCY} keep-alive connections, ${TOTAL} per receiver and event kind
(10 batches, receivers taking turns), every one unique (so dedupe is a cost, never a shortcut), carrying
the shared secret (\`x-relais-secret\`) and an HMAC-SHA256 signature with a timestamp, and every reply
checked. Every receiver checks the bot id and the shared secret and dedupes (60 s window); the "+ HMAC"
ones also verify the signature. Node-RED runs twice: with stock settings (admin app at "/") the admin
app, mounted before the HTTP nodes, parses every JSON body first, so the raw body an HMAC needs is gone
and a signed setup refuses every delivery (\`missing_signature\`) — that instance checks the secret only;
the second instance moves the admin app to \`httpAdminRoot: "/admin"\` and checks secret + HMAC (see
docs/benchmarks-hosts.md). *chat event*: \`sendMessage\`, answered
200 once verified and handed on. *action trigger*: the flow answers (Node-RED: function node →
\`relais-agent-reply\`; bare handler: \`onEvent\` returns it) and the reply's \`results\` are checked.
*CPU/event* is the receiving process's CPU time (user + system, /proc) per delivery.

${table(['event', 'receiver', 'events', 'events/s', 'p50 / p99', 'CPU/event', 'vs bare handler, same checks'], rows)}

${verdicts.join('\n')}
${stockSigned}`);
  } finally {
    await Promise.allSettled(pools.map((pool) => pool.close()));
    await Promise.allSettled([red.stop(), redSigned.stop(), core.stop(), signed.stop()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
