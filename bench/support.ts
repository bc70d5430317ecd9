// Shared helpers of the benchmarks: the loopback server process, a closed-loop load generator with
// latency percentiles, and markdown tables.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface BenchServer {
  origin: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts bench/server.js (compiled next to this file) in a child process. */
export async function startBenchServer(): Promise<BenchServer> {
  const child: ChildProcess = fork(join(__dirname, 'server.js'), [], { stdio: ['pipe', 'pipe', 'inherit', 'ipc'] });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
        setTimeout(() => child.kill(), 2000).unref();
      }),
  };
}

export interface LoadResult {
  requests: number;
  concurrency: number;
  rps: number;
  p50: number;
  p99: number;
  /** Client CPU time per request, µs. */
  cpuPerRequest: number;
}

interface Sample {
  elapsed: number;
  /** CPU time of this process (user + system, µs) during the sample: unlike wall time, barely affected
   * by other processes competing for the machine. */
  cpu: number;
  latencies: number[];
}

/** Runs `task(i)` `total` times with `concurrency` in flight; every call must resolve. */
async function sample(task: (i: number) => Promise<unknown>, offset: number, total: number, concurrency: number): Promise<Sample> {
  const latencies: number[] = new Array(total);
  let next = 0;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  async function worker(): Promise<void> {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await task(offset + i);
      latencies[i] = performance.now() - t0;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const cpu = process.cpuUsage(cpuStart);
  return { elapsed: performance.now() - started, cpu: cpu.user + cpu.system, latencies };
}

function summarise(samples: Sample[], concurrency: number): LoadResult {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const elapsed = samples.reduce((sum, s) => sum + s.elapsed, 0);
  const cpu = samples.reduce((sum, s) => sum + s.cpu, 0);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { requests: latencies.length, concurrency, rps: (latencies.length / elapsed) * 1000, p50: pct(50), p99: pct(99), cpuPerRequest: cpu / latencies.length };
}

/**
 * Measures several contenders on equal terms: the requests are split into batches and the contenders
 * take turns, batch by batch, in a rotating order, so a slowdown of the machine (other processes, GC,
 * thermal) hits them all alike. Throughput is requests over the summed time of each one's batches.
 */
export async function compareLoads(tasks: ((i: number) => Promise<unknown>)[], total: number, concurrency: number, batches = 10): Promise<LoadResult[]> {
  const samples: Sample[][] = tasks.map(() => []);
  const size = Math.ceil(total / batches);
  for (let batch = 0; batch < batches; batch++) {
    for (let k = 0; k < tasks.length; k++) {
      const which = (batch + k) % tasks.length;
      samples[which].push(await sample(tasks[which], batch * size, size, concurrency));
    }
  }
  return samples.map((s) => summarise(s, concurrency));
}

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fixed = (value: number, digits = 0): string => value.toFixed(digits);
export const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Prints a section for scripts/bench.mjs to collect (between the markers) and to show as it goes. */
export function report(section: string): void {
  process.stdout.write(`\n<!-- bench-section -->\n${section.trim()}\n<!-- /bench-section -->\n`);
}
