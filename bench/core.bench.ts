// Issue 3 / issue 8 part 1: the core pipeline against raw undici, same loopback server, same run.
// Raw undici: a keep-alive Agent, a GET (or a POST with a JSON body) with an Authorization header,
// the JSON response parsed. Relais: executeBlock on an http_request block — variables typed and
// templated into the URL/body, a bearer credential applied and redacted, the SSRF guard, deadline, cap,
// and a JMESPath filter with a character budget on the response.
import { Agent } from 'undici';
import { executeBlock } from '../src/actions';
import { createRuntime } from '../src/runtime';
import { compareLoads, fixed, ms, report, runLoad, startBenchServer, table } from './support';

const TOKEN = 'bench-token-0123456789';
/** Raw and Relais take turns in this many batches (see compareLoads). */
const BATCHES = 20;
const PLAN = [
  { concurrency: 1, requests: Number(process.env.BENCH_N1 ?? 2000) },
  { concurrency: 32, requests: Number(process.env.BENCH_N32 ?? 10000) },
];

function blocks(origin: string): { get: unknown; post: unknown } {
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

  const raw = {
    GET: async (i: number) => {
      const res = await agent.request({ origin: server.origin, path: `/bench/orders/ORD-${i}`, method: 'GET', headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' } });
      return res.body.json();
    },
    POST: async (i: number) => {
      const res = await agent.request({
        origin: server.origin,
        path: '/bench/orders',
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ order_number: `ORD-${i}`, quantity: (i % 9) + 1, note: 'created by the bench' }),
      });
      return res.body.json();
    },
  };
  const relais = {
    GET: (i: number) => executeBlock(get, { variables: { order_number: `ORD-${i}` } }, runtime),
    POST: (i: number) => executeBlock(post, { variables: { order_number: `ORD-${i}`, quantity: String((i % 9) + 1) } }, runtime),
  };

  // Sanity: both sides really answer, and the pipeline's result is the filtered one.
  const sample = (await relais.GET(7)) as { data: unknown };
  if (JSON.stringify(sample.data).includes('warehouse_notes')) throw new Error('filter not applied');

  const rows: (string | number)[][] = [];
  for (const method of ['GET', 'POST'] as const) {
    await runLoad(raw[method], 1000, 32); // warm-up: JIT, connections
    await runLoad(relais[method], 1000, 32);
    for (const { concurrency, requests } of PLAN) {
      const [bestRaw, bestRelais] = await compareLoads([raw[method], relais[method]], requests, concurrency, BATCHES);
      const ratio = (bestRelais.rps / bestRaw.rps) * 100;
      rows.push([method, concurrency, requests, fixed(bestRaw.rps), `${ms(bestRaw.p50)} / ${ms(bestRaw.p99)}`, fixed(bestRelais.rps), `${ms(bestRelais.p50)} / ${ms(bestRelais.p99)}`, `**${fixed(ratio)}%**${concurrency === 32 ? (ratio >= 85 ? ' ✅' : ' ❌ (target 85%)') : ''}`]);
      process.stderr.write(`core ${method} c=${concurrency}: raw ${fixed(bestRaw.rps)} req/s, relais ${fixed(bestRelais.rps)} req/s (${fixed(ratio)}%)\n`);
    }
  }
  await runtime.close();
  await agent.close();
  await server.stop();

  report(`## Core pipeline vs raw undici

Templated, bearer-authenticated, filtered \`http_request\` blocks through \`executeBlock\` against raw
\`undici\` requests (keep-alive Agent, same headers, JSON parsed) on the same loopback server (a separate
process). The two take turns in ${BATCHES} batches (rotating order) so machine noise hits both alike. Target: Relais ≥ 85% of raw undici's throughput at concurrency 32.

${table(['method', 'concurrency', 'requests', 'raw undici req/s', 'raw p50 / p99', 'Relais req/s', 'Relais p50 / p99', 'Relais / raw'], rows)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
