// Node-RED: relais-http-request against the core `http request` node in one real Node-RED runtime
// (5.x from the devDependency, the packed Relais tarball installed by npm), same flow shape, same
// loopback server (bench/server.ts, its own process). A driver function node keeps N messages in
// flight through the node under test (bench/hosts/node-red-flows.ts); the contenders take turns in
// rotating order, batch by batch, so load from other processes hits them alike. Besides wall-clock
// throughput, the Node-RED process's CPU time per message is read from /proc: it is what the
// throughput ratio becomes when Node-RED is CPU-bound, and a busy machine barely moves it.
// BENCH_CPU_PROF=<dir> starts Node-RED with --cpu-prof (the profile is written when it stops).
import { benchTarball, percentile, processCpuMs, ratio } from './hosts/common';
import { benchFlows } from './hosts/node-red-flows';
import { startNodeRed, type NodeRed } from '../test/support/node-red';
import { fixed, ms, report, startBenchServer, table } from './support';

const ALL_CONTENDERS = [
  { name: 'relais', label: '`relais-http-request`' },
  { name: 'core', label: 'core `http request`, keep-alive on' },
  { name: 'core-default', label: 'core `http request`, default (new connection each)' },
] as const;
type Contender = (typeof ALL_CONTENDERS)[number]['name'];
// BENCH_ONLY=relais (with BENCH_CPU_PROF) profiles one node alone; the table then lacks the ratios.
const CONTENDERS = ALL_CONTENDERS.filter((c) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY === c.name);

interface Run {
  elapsed_ms: number;
  done: number;
  failed: number;
  example: unknown;
  latencies: number[];
}

interface Tally {
  messages: number;
  elapsed: number;
  cpu: number;
  latencies: number[];
  /** msg/s of each batch, in round order (round r = index r). */
  rates: number[];
}

async function drive(red: NodeRed, name: Contender, total: number, concurrency: number): Promise<Run & { cpu: number }> {
  const cpuBefore = processCpuMs(red.pid);
  const reply = await red.http('POST', `/bench/${name}`, { total, concurrency });
  const cpu = processCpuMs(red.pid) - cpuBefore;
  if (reply.status !== 200) throw new Error(`${name}: the bench flow answered ${reply.status}: ${reply.text.slice(0, 500)}\n${red.logs().slice(-3000)}`);
  const run = reply.json as Run;
  if (run.done !== total || run.failed > 0) throw new Error(`${name}: ${run.failed} of ${run.done} messages failed; first: ${JSON.stringify(run.example)}`);
  return { ...run, cpu };
}

/** `rounds` batches of `batch` messages per contender, in rotating order; a warm-up batch first. */
async function measure(red: NodeRed, batch: number, rounds: number, concurrency: number): Promise<Map<Contender, Tally>> {
  const tallies = new Map<Contender, Tally>(CONTENDERS.map((c) => [c.name, { messages: 0, elapsed: 0, cpu: 0, latencies: [], rates: [] }]));
  for (const { name } of CONTENDERS) await drive(red, name, Math.min(batch, 300), concurrency);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < CONTENDERS.length; k++) {
      const { name } = CONTENDERS[(round + k) % CONTENDERS.length];
      const run = await drive(red, name, batch, concurrency);
      const tally = tallies.get(name)!;
      tally.messages += run.done;
      tally.elapsed += run.elapsed_ms;
      tally.cpu += run.cpu;
      tally.latencies.push(...run.latencies);
      tally.rates.push((run.done / run.elapsed_ms) * 1000);
    }
  }
  for (const tally of tallies.values()) tally.latencies.sort((a, b) => a - b);
  return tallies;
}

async function main(): Promise<void> {
  const tarball = benchTarball();
  const server = await startBenchServer();
  const profileDir = process.env.BENCH_CPU_PROF;
  const red = await startNodeRed({
    tarball,
    env: profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {},
    startTimeoutMs: 60_000,
  });
  try {
    await red.deploy(benchFlows(server.origin));
    const scenarios = [
      { concurrency: 32, batch: 500, rounds: 10 },
      { concurrency: 1, batch: 250, rounds: 4 },
    ];
    const rows: (string | number)[][] = [];
    const verdicts: string[] = [];
    for (const { concurrency, batch, rounds } of scenarios) {
      const tallies = await measure(red, batch, rounds, concurrency);
      const rate = (t?: Tally) => (t ? (t.messages / t.elapsed) * 1000 : NaN);
      const cpuPer = (t?: Tally) => (t ? (t.cpu / t.messages) * 1000 : NaN);
      const core = tallies.get('core');
      for (const { name, label } of CONTENDERS) {
        const t = tallies.get(name)!;
        rows.push([
          label,
          concurrency,
          t.messages,
          fixed(rate(t)),
          // Little's law: the mean time a message spends in flight (exact, unlike the ms-resolution percentiles).
          ms((t.elapsed * concurrency) / t.messages),
          `${ms(percentile(t.latencies, 50))} / ${ms(percentile(t.latencies, 99))}`,
          `${fixed(cpuPer(t))} µs`,
          ratio(rate(t) / rate(core)),
          ratio(cpuPer(core) / cpuPer(t)),
        ]);
      }
      const relais = tallies.get('relais');
      const speedup = rate(relais) / rate(core);
      // The ratio within each round (batches run back to back), then the median: a burst of load from
      // other processes that hits one batch moves one round's ratio, not the verdict.
      const roundRatios = relais && core ? relais.rates.map((r, k) => r / core.rates[k]).sort((a, b) => a - b) : [];
      const medianRatio = roundRatios.length > 0 ? roundRatios[Math.floor(roundRatios.length / 2)] : NaN;
      const cpuSpeedup = cpuPer(core) / cpuPer(relais);
      const versusDefault = rate(relais) / rate(tallies.get('core-default'));
      if (concurrency === 32) {
        verdicts.push(
          `- Concurrency ${concurrency}: relais-http-request ${ratio(speedup)} the core node's throughput with keep-alive ${speedup >= 1.5 ? '✅' : '❌'} (target ≥ 1.5×); median of the per-round ratios ${ratio(medianRatio)} (range ${ratio(roundRatios[0] ?? NaN)}–${ratio(roundRatios.at(-1) ?? NaN)}); ${ratio(cpuSpeedup)} by CPU per message ${cpuSpeedup >= 1.5 ? '✅' : '❌'}; ${ratio(versusDefault)} the core node as configured by default`,
        );
      } else {
        verdicts.push(`- Concurrency ${concurrency}: ${ratio(speedup)} the throughput of the core node with keep-alive, ${ratio(versusDefault)} the default one`);
      }
    }
    report(`## Node-RED: relais-http-request vs the core http request node

One real Node-RED ${'5.x'} runtime (the packed tarball installed by npm), the loopback bench server in its
own process. Flow: \`http in\` → driver (function) ⇄ node under test; the driver keeps N messages in
flight and checks every answer (each message asks for a different order id, which must come back).
Each contender: a templated GET \`/bench/orders/<id>\` with a bearer token, the JSON parsed into
msg.payload (Relais also applies its default response budget). 5000 messages at concurrency 32
(10 batches of 500), 1000 at concurrency 1 (4 of 250), the contenders taking turns batch by batch. Latency is
per message, from the driver's send to its return: *mean* = batch time × N / messages; p50 / p99 have
ms resolution only (Date.now() in a function node).
*CPU/msg* is the Node-RED process's CPU time (user + system, /proc) per message, driver included.

${table(['node', 'concurrency', 'messages', 'msg/s', 'mean latency', 'p50 / p99', 'CPU/msg', 'msg/s vs core keep-alive', 'CPU ratio'], rows)}

${verdicts.join('\n')}`);
  } finally {
    await red.stop();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
