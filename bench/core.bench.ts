// Issue 3 / issue 8 part 1: the core pipeline against raw undici, same loopback server, same run.
// Raw undici is what a careful hand-written client does for the same job, and no more: a keep-alive
// Agent, the order number put in the path with encodeURIComponent (GET) or the typed body built with
// JSON.stringify (POST), the Authorization header, the status checked, the JSON response parsed.
// Relais: executeBlock on an http_request block given as its JSON text (what the hosts' Relais Block
// nodes hold and pass) — variables typed and templated into the URL/body, a bearer credential applied
// and redacted, the SSRF guard, deadline, cap, and a JMESPath filter with a character budget on the
// response. Each comparison runs ROUNDS times; the report gives medians and the spread over rounds, and
// the machine's load average (the machine is shared: say how busy it was).
import { cpus, loadavg } from 'node:os';
import { Agent, type Dispatcher } from 'undici';
import { executeBlock } from '../src/actions';
import { createRuntime } from '../src/runtime';
import { compareLoads, fixed, ms, report, startBenchServer, table, type LoadResult } from './support';

const TOKEN = 'bench-token-0123456789';
/** The clients take turns in this many batches (see compareLoads). */
const BATCHES = 20;
/** Each comparison is run this many times: medians are reported, with the spread (min–max). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** executeBlock's target, in % of raw undici, by throughput and by CPU per request (issue 15). */
const TARGET = 90;
const PLAN = [
  { concurrency: 1, requests: Number(process.env.BENCH_N1 ?? 2000) },
  { concurrency: 32, requests: Number(process.env.BENCH_N32 ?? 40000) },
];

function blocks(origin: string): { get: Record<string, unknown>; post: Record<string, unknown> } {
  const common = { content_type: 'json', headers_json: '', body_text: '', timeout_seconds: '10', credential: 'bench', allow_http: true };
  const info = (id: string, label: string) => ({ id, type: 'action', position: { x: 0, y: 0 }, data: { label, channel: 'http', description: 'bench' } });
  const get = info('bench-get', 'Lookup order');
  const post = info('bench-post', 'Create order');
  return {
    get: {
      ...get,
      data: {
        ...get.data,
        parameters: {
          ...common,
          action_type: 'http_request',
          http_method: 'GET',
          url: `${origin}/bench/orders/{{order_number}}`,
          body_json: '',
          variables: [{ name: 'order_number', type: 'string', description: 'Order number', example: 'ORD-1', required: true }],
          filter: { expression: '{id: id, status: status, tracking: tracking.number, items: items[].{sku: sku, qty: qty}}', max_chars: 4000 },
        },
      },
    },
    post: {
      ...post,
      data: {
        ...post.data,
        parameters: {
          ...common,
          action_type: 'http_request',
          http_method: 'POST',
          url: `${origin}/bench/orders`,
          body_json: '{"order_number": "{{order_number}}", "quantity": {{quantity}}, "note": "created by the bench"}',
          variables: [
            { name: 'order_number', type: 'string', description: 'Order number', example: 'ORD-1', required: true },
            { name: 'quantity', type: 'integer', description: 'How many', example: '1', required: true },
          ],
          filter: { max_chars: 2000 },
        },
      },
    },
  };
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const runtime = createRuntime({ credentials: { bench: { type: 'bearer', token: TOKEN } }, network: { allowed_hosts: [`127.0.0.1:${server.port}`] } });
  const { get, post } = blocks(server.origin);
  const getText = JSON.stringify(get);
  const postText = JSON.stringify(post);
  const loadBefore = loadavg();

  // A hand-written client does not throw away an error answer as data: it checks the status (and frees
  // the connection by reading the body either way).
  const json = async (res: Dispatcher.ResponseData): Promise<unknown> => {
    if (res.statusCode >= 400) {
      await res.body.dump();
      throw new Error(`HTTP ${res.statusCode}`);
    }
    return res.body.json();
  };
  const raw = {
    GET: async (i: number) => {
      const orderNumber = `ORD-${i}`;
      const res = await agent.request({ origin: server.origin, path: `/bench/orders/${encodeURIComponent(orderNumber)}`, method: 'GET', headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' } });
      return json(res);
    },
    POST: async (i: number) => {
      const res = await agent.request({
        origin: server.origin,
        path: '/bench/orders',
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ order_number: `ORD-${i}`, quantity: (i % 9) + 1, note: 'created by the bench' }),
      });
      return json(res);
    },
  };
  // The transport alone, doing what the raw side does (same headers, JSON parsed): its overhead is the
  // SSRF guard, the deadline, the cap and redirect/retry handling.
  const transport = {
    GET: async (i: number) => {
      const res = await runtime.http.request({ method: 'GET', url: `${server.origin}/bench/orders/${encodeURIComponent(`ORD-${i}`)}`, headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' }, timeout_ms: 10_000, allow_http: true, secrets: [TOKEN] });
      return JSON.parse(res.body.toString('utf8')) as unknown;
    },
    POST: async (i: number) => {
      const res = await runtime.http.request({
        method: 'POST',
        url: `${server.origin}/bench/orders`,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ order_number: `ORD-${i}`, quantity: (i % 9) + 1, note: 'created by the bench' }),
        timeout_ms: 10_000,
        allow_http: true,
        secrets: [TOKEN],
      });
      return JSON.parse(res.body.toString('utf8')) as unknown;
    },
  };
  const relais = {
    GET: (i: number) => executeBlock(getText, { variables: { order_number: `ORD-${i}` } }, runtime),
    POST: (i: number) => executeBlock(postText, { variables: { order_number: `ORD-${i}`, quantity: String((i % 9) + 1) } }, runtime),
  };

  // Sanity: the pipeline really answers, with the filtered result.
  const sample = (await relais.GET(7)) as { data: unknown };
  if (JSON.stringify(sample.data).includes('warehouse_notes')) throw new Error('filter not applied');

  const rows: (string | number)[][] = [];
  const verdicts: string[] = [];
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  /** "median% (min–max%)" of a ratio over the rounds. */
  const spread = (values: number[]) => `${fixed(median(values))}% (${fixed(Math.min(...values))}–${fixed(Math.max(...values))}%)`;
  for (const method of ['GET', 'POST'] as const) {
    await compareLoads([raw[method], transport[method], relais[method]], 1500, 32, 3); // warm-up: JIT, connections
    for (const { concurrency, requests } of PLAN) {
      const rounds: LoadResult[][] = [];
      for (let round = 0; round < ROUNDS; round++) rounds.push(await compareLoads([raw[method], transport[method], relais[method]], requests, concurrency, BATCHES));
      const of = (k: number, pick: (x: LoadResult) => number) => rounds.map((round) => pick(round[k]));
      // Ratios are taken within each round (the three clients took turns in it), then their median.
      const rpsRatio = (k: number) => rounds.map((round) => (round[k].rps / round[0].rps) * 100);
      const cpuRatio = (k: number) => rounds.map((round) => (round[0].cpuPerRequest / round[k].cpuPerRequest) * 100);
      const row = (name: string, k: number) => [
        method,
        concurrency,
        name,
        fixed(median(of(k, (x) => x.rps))),
        `${ms(median(of(k, (x) => x.p50)))} / ${ms(median(of(k, (x) => x.p99)))}`,
        `${fixed(median(of(k, (x) => x.cpuPerRequest)))} µs`,
        k === 0 ? '100%' : spread(rpsRatio(k)),
        k === 0 ? '100%' : spread(cpuRatio(k)),
      ];
      rows.push(row('raw undici', 0), row('Relais transport', 1), row('Relais executeBlock', 2));
      // Wall-clock throughput on a shared 2-core machine swings with other processes' load; the CPU ratio
      // (what throughput becomes when the client alone is the bottleneck) is reported beside it.
      if (concurrency === 32) {
        const ratio = median(rpsRatio(2));
        const byCpu = median(cpuRatio(2));
        const extra = median(rounds.map((round) => round[2].cpuPerRequest - round[0].cpuPerRequest));
        const transportExtra = median(rounds.map((round) => round[1].cpuPerRequest - round[0].cpuPerRequest));
        verdicts.push(
          `${method}: executeBlock ${spread(rpsRatio(2))} of raw undici's throughput ${ratio >= TARGET ? '✅' : '❌'} (target ${TARGET}%); transport alone ${spread(rpsRatio(1))}; ` +
            `by CPU per request ${spread(cpuRatio(2))} ${byCpu >= TARGET ? '✅' : '❌'} (+${fixed(extra, 1)} µs over raw, of which the transport +${fixed(transportExtra, 1)} µs)`,
        );
      }
      for (const round of rounds) {
        const [r, t, p] = round;
        process.stderr.write(`core ${method} c=${concurrency}: raw ${fixed(r.rps)} req/s ${fixed(r.cpuPerRequest, 1)} µs, transport ${fixed(t.rps)} ${fixed(t.cpuPerRequest, 1)} µs, executeBlock ${fixed(p.rps)} ${fixed(p.cpuPerRequest, 1)} µs\n`);
      }
    }
  }
  // The same GET against a server answering after 5 ms (a fast real API): the client is then no longer
  // CPU-bound, and what users see is the latency Relais adds.
  const slowBlock = getText.replace('/bench/orders/{{order_number}}', '/bench/orders/{{order_number}}?delay_ms=5');
  const slowRaw = async (i: number) => {
    const res = await agent.request({ origin: server.origin, path: `/bench/orders/${encodeURIComponent(`ORD-${i}`)}?delay_ms=5`, method: 'GET', headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' } });
    return json(res);
  };
  const slowRelais = (i: number) => executeBlock(slowBlock, { variables: { order_number: `ORD-${i}` } }, runtime);
  const [sr, sp] = await compareLoads([slowRaw, slowRelais], 4000, 32, 10);
  rows.push(
    ['GET, server 5 ms', 32, 'raw undici', fixed(sr.rps), `${ms(sr.p50)} / ${ms(sr.p99)}`, `${fixed(sr.cpuPerRequest)} µs`, '100%', '100%'],
    ['GET, server 5 ms', 32, 'Relais executeBlock', fixed(sp.rps), `${ms(sp.p50)} / ${ms(sp.p99)}`, `${fixed(sp.cpuPerRequest)} µs`, `${fixed((sp.rps / sr.rps) * 100)}%`, `${fixed((sr.cpuPerRequest / sp.cpuPerRequest) * 100)}%`],
  );
  verdicts.push(`GET against a server answering in 5 ms: executeBlock ${fixed((sp.rps / sr.rps) * 100)}% of raw undici's throughput, p50 +${ms(sp.p50 - sr.p50)}`);

  await runtime.close();
  await agent.close();
  await server.stop();
  const load = (avg: number[]) => avg.map((x) => x.toFixed(2)).join(', ');
  const loadAfter = loadavg();

  report(`## Core pipeline vs raw undici

${ROUNDS} rounds of ${PLAN.map((p) => `${p.requests} requests at concurrency ${p.concurrency}`).join(' and ')}; medians over the rounds, ratios
as median (min–max). The machine's load average (1, 5, 15 min) was ${load(loadBefore)} before and ${load(loadAfter)} after, on
${cpus().length} cores shared with other work: compare ratios, not absolute numbers. Three clients against the same loopback
server (a separate process):
- **raw undici** (what a careful hand-written client does, no more): one keep-alive \`Agent\` (undici's default
  timeouts); GET \`/bench/orders/\${encodeURIComponent(order)}\` or POST \`/bench/orders\` with
  \`JSON.stringify({order_number, quantity, note})\`; \`Authorization: Bearer …\` and \`Accept\` headers; status
  checked (≥ 400 throws); \`res.body.json()\`. No SSRF check, no overall deadline, no size cap, no redaction;
- **Relais transport**: \`runtime.http.request\` with the same URL, headers and body (SSRF guard on the connected
  address, one deadline, byte cap, redirect and retry handling, secrets), the body parsed with JSON.parse;
- **Relais executeBlock**: the block given as its JSON text (as the hosts' Relais Block nodes pass it; not
  pre-parsed), \`{variables: {order_number[, quantity]}}\` as the context: the block validated and compiled
  (cached by its text), typed variables coerced and templated into the URL path
  (GET, encoded by placement) or the JSON body template (POST), a bearer credential applied, the request
  sent through the same transport, the status mapped to typed errors, the response decoded, redacted and
  filtered (JMESPath projection + 4000-char budget for GET, 2000-char budget for POST), the redacted request
  and a filter report in \`meta\`.

The three take turns in ${BATCHES} batches (rotating order) so load from other processes hits them alike.
*CPU/req* is this process's CPU time per request (user + system); *CPU ratio* is raw's CPU per request over
the row's — what the throughput ratio becomes when the client is CPU-bound, and much less sensitive to a
busy machine than wall-clock throughput.

${table(['method', 'concurrency', 'client', 'req/s', 'p50 / p99', 'CPU/req', 'req/s vs raw', 'CPU ratio'], rows)}

${verdicts.map((v) => `- ${v}`).join('\n')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
