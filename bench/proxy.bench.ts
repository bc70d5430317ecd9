// Issue 16: the cost of the proxy path. The same http_request block (GET, templated path, bearer,
// filter) run by two runtimes in the same process against the same loopback server: direct, and through
// a real forward proxy (Debian's tinyproxy on 127.0.0.1, started here with its own config) with the
// target judged by the SSRF guard and tunnelled by CONNECT to the judged address. Keep-alive pools the
// tunnels, as it pools direct connections. Three runs, contenders alternating batch by batch (see
// compareLoads); the table gives each run and the median with the spread.
import { executeBlock } from '../src/actions';
import { createRuntime } from '../src/runtime';
import { startTinyproxy } from '../test/support/tinyproxy';
import { compareLoads, fixed, report, startBenchServer, table } from './support';

const RUNS = 3;
const CONCURRENCY = 32;
const REQUESTS = Number(process.env.BENCH_PROXY_N ?? 16000);

async function main(): Promise<void> {
  const server = await startBenchServer();
  const proxy = await startTinyproxy(200);
  const network = { allowed_ranges: ['127.0.0.0/8'] };
  const credentials = { bench: { type: 'bearer' as const, token: 'bench-token-0123456789' } };
  const direct = createRuntime({ credentials, network });
  const proxied = createRuntime({ credentials, network: { ...network, proxy: proxy.url } });
  const block = {
    id: 'bench-proxy',
    type: 'action',
    data: {
      label: 'Lookup order',
      parameters: {
        action_type: 'http_request',
        http_method: 'GET',
        url: `${server.origin}/bench/orders/{{order_number}}`,
        credential: 'bench',
        allow_http: true,
        variables: [{ name: 'order_number', type: 'string', description: 'Order number', required: true }],
        filter: { expression: '{id: id, status: status}', max_chars: 2000 },
      },
    },
  };
  const task = (runtime: typeof direct) => (i: number) => executeBlock(block, { variables: { order_number: `ORD-${i}` } }, runtime);
  try {
    // Warm both pools (and the proxy's tunnels) before measuring.
    await compareLoads([task(direct), task(proxied)], 4000, CONCURRENCY, 2);
    const runs: Array<{ direct: number; proxied: number; ratio: number; cpuDirect: number; cpuProxied: number }> = [];
    for (let run = 0; run < RUNS; run++) {
      const [d, p] = await compareLoads([task(direct), task(proxied)], REQUESTS, CONCURRENCY, 10);
      runs.push({ direct: d.rps, proxied: p.rps, ratio: p.rps / d.rps, cpuDirect: d.cpuPerRequest, cpuProxied: p.cpuPerRequest });
    }
    const sorted = [...runs].sort((a, b) => a.ratio - b.ratio);
    const median = sorted[Math.floor(RUNS / 2)];
    const rows = runs.map((r, i) => [`run ${i + 1}`, fixed(r.direct), fixed(r.proxied), `${fixed(r.ratio * 100)}%`, `${fixed(r.cpuDirect)} / ${fixed(r.cpuProxied)} µs`]);
    rows.push(['**median**', fixed(median.direct), fixed(median.proxied), `**${fixed(median.ratio * 100)}%** (spread ${fixed(sorted[0].ratio * 100)}–${fixed(sorted[RUNS - 1].ratio * 100)}%)`, '']);
    report(
      `## Proxy path (issue 16)\n\nexecuteBlock GET (templated path, bearer, filter), concurrency ${CONCURRENCY}, ${REQUESTS} requests per contender per run, ${RUNS} runs; direct vs through tinyproxy (CONNECT to the address the SSRF guard judged, tunnels kept alive). Requests/s; CPU per request is this process's (the proxy's own CPU is not in it).\n\n` +
        table(['', 'direct req/s', 'via tinyproxy req/s', 'proxied / direct', 'client CPU/req direct / proxied'], rows),
    );
  } finally {
    await Promise.all([direct.close(), proxied.close()]);
    await proxy.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
