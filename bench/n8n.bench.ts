// n8n: Relais HTTP Request against n8n's own HTTP Request node (v4.2) in the same real n8n 2.41.1
// (the cached install of test/support/n8n.ts, the packed Relais tarball as a community package), one
// workflow execution of 2000 items each through `n8n execute`, against the loopback bench server.
// `n8n execute` starts a whole n8n each time (seconds), so the same workflows with 1 item are timed
// too: wall(2000) − wall(1) is the net cost of 1999 items. n8n also records each node's own execution
// time in the run data: that is reported as well, as the most direct number. Runs alternate between
// the contenders; each figure is the best of the runs (load from other processes only ever adds time).
import { benchTarball, ratio } from './hosts/common';
import { BENCH_CREDENTIALS, NODE_UNDER_TEST, benchWorkflow, benchWorkflowId, orderNumber, type N8nContender } from './hosts/n8n-workflows';
import { createN8nHost, nodeItems, type N8nHost } from '../test/support/n8n';
import { ms, report, startBenchServer, table } from './support';

const ITEMS = 2000;
const RUNS = Number(process.env.BENCH_N8N_RUNS ?? 2);
const CONTENDERS: { name: N8nContender; label: string }[] = [
  { name: 'relais', label: 'Relais HTTP Request' },
  { name: 'n8n', label: "n8n's HTTP Request (v4.2)" },
];

interface Timing {
  /** Wall time of the whole `n8n execute` command, ms. */
  wall: number;
  /** The node under test's executionTime in the run data, ms. */
  node: number;
}

/** Runs one workflow, checks every item came back with its order's id, returns the timings. */
let truncatedRuns = 0;

async function timeRun(host: N8nHost, contender: N8nContender, items: number, attempt = 1): Promise<Timing> {
  const started = performance.now();
  const result = await host.execute(benchWorkflowId(contender, items));
  const wall = performance.now() - started;
  // `n8n execute` prints the run data (megabytes for 2000 items) and exits at once; on a busy machine the
  // end of it is sometimes lost. Such a run cannot be checked, so it is run again (and counted).
  if (result.code === 0 && !result.run && attempt < 3) {
    truncatedRuns += 1;
    process.stderr.write(`${contender} ${items}: n8n's output was cut short (${result.output.length} chars); running again\n`);
    return timeRun(host, contender, items, attempt + 1);
  }
  if (!result.ok || !result.run) throw new Error(`${contender} ${items}: n8n execute failed (exit ${result.code}):\n${result.output.slice(-3000)}`);
  const out = nodeItems(result.run, NODE_UNDER_TEST);
  if (out.length !== items) throw new Error(`${contender} ${items}: ${out.length} items came out`);
  out.forEach((json, i) => {
    // Relais puts the response in `data` (and metadata in `relais`); n8n's node makes the response the item.
    const body = (contender === 'relais' ? json.data : json) as { id?: unknown } | undefined;
    if (body?.id !== orderNumber(i)) throw new Error(`${contender} ${items}: item ${i} is ${JSON.stringify(json).slice(0, 300)}`);
  });
  const node = result.run.data.resultData.runData[NODE_UNDER_TEST]?.[0] as { executionTime?: number } | undefined;
  return { wall, node: node?.executionTime ?? NaN };
}

const best = (values: number[]): number => Math.min(...values);

async function main(): Promise<void> {
  const tarball = benchTarball();
  const server = await startBenchServer();
  const host = await createN8nHost({ tarball });
  try {
    await host.importCredentials(Object.values(BENCH_CREDENTIALS));
    await host.importWorkflows(CONTENDERS.flatMap(({ name }) => [benchWorkflow(name, ITEMS, server.origin), benchWorkflow(name, 1, server.origin)]));
    const timings = new Map<string, Timing[]>();
    const record = (key: string, timing: Timing) => timings.set(key, [...(timings.get(key) ?? []), timing]);
    for (const { name } of CONTENDERS) await timeRun(host, name, 1); // warm-up: file caches, first-load compilation
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 === 0 ? CONTENDERS : [...CONTENDERS].reverse();
      for (const { name } of order) {
        record(`${name}:1`, await timeRun(host, name, 1));
        record(`${name}:${ITEMS}`, await timeRun(host, name, ITEMS));
      }
    }
    const summary = CONTENDERS.map(({ name, label }) => {
      const one = timings.get(`${name}:1`)!;
      const many = timings.get(`${name}:${ITEMS}`)!;
      const wall1 = best(one.map((t) => t.wall));
      const wallN = best(many.map((t) => t.wall));
      return { name, label, wall1, wallN, net: wallN - wall1, node: best(many.map((t) => t.node)) };
    });
    const [relais, n8n] = summary;
    const rows = summary.map((s) => [
      s.label,
      ms(s.wall1),
      ms(s.wallN),
      ms(s.net),
      ms(s.node),
      `${((ITEMS / s.node) * 1000).toFixed(0)}`,
      ratio(n8n.net / s.net),
      ratio(n8n.node / s.node),
    ]);
    const speedup = n8n.node / relais.node;
    report(`## n8n: Relais HTTP Request vs n8n's HTTP Request node

One real n8n 2.41.1 (\`n8n execute\`, sqlite), the packed Relais tarball installed as a community package,
the loopback bench server in its own process. Workflow: Manual Trigger → Set (${ITEMS} orders) → Split Out
→ the node under test: GET \`/bench/orders/<n>\` with a bearer credential, the JSON response as the item.
Every output item is checked (each must carry its own order's id). Each workflow also runs with 1 item:
*net* = wall(${ITEMS}) − wall(1), the start-up of \`n8n execute\` subtracted. *node time* is the node's own
\`executionTime\` in n8n's run data. Best of ${RUNS} runs each (load from
other processes only ever adds time), contenders alternating.
How the nodes work: n8n's node sends every item's request at once (no limit, axios); Relais runs the items
of an execution through its pipeline (deadline, SSRF guard, cap, filter) on a keep-alive pool.

${table(['node', 'wall, 1 item', `wall, ${ITEMS} items`, 'net', 'node time', 'items/s (node time)', 'speed vs n8n (net)', 'speed vs n8n (node time)'], rows)}

${truncatedRuns > 0 ? `- ${truncatedRuns} run(s) printed truncated run data (n8n exits before its output is flushed) and were run again.\n` : ''}- Relais HTTP Request ${ratio(speedup)} as fast as n8n's HTTP Request node on ${ITEMS} items (node time; ${ratio(n8n.net / relais.net)} on net wall time) ${speedup >= 1.5 ? '✅' : '❌'} (target ≥ 1.5×)`);
  } finally {
    host.dispose();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
