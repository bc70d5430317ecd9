// Issue 8 part 4: pre-filtering and the byte cap under big responses, each case in its own process so
// its peak memory (maxRSS) is its own.
//  - a 10 MB JSON response reduced to a 4 KB budget: decode (parse + redact) and filter times in
//    process, then end to end through executeBlock from the loopback server;
//  - a 200 MB endless response cut at the cap: peak memory stays flat (cap + overhead), next to raw
//    undici reading a 200 MB body whole for contrast.
// Targets: filtering 10 MB under 300 ms; peak memory under the cap plus 64 MB for the endless response.
import { spawnSync } from 'node:child_process';
import { Agent } from 'undici';
import { executeBlock } from '../src/actions';
import { applyFilter } from '../src/filter';
import { decodeBody } from '../src/http/response';
import { createRedactor } from '../src/redact';
import { createRuntime } from '../src/runtime';
import { bigJson } from '../test/support/servers';
import { mib, ms, report, startBenchServer, table } from './support';

const TEN_MB = 10 * 1024 * 1024;
const BUDGET = 4096;
const RUNS = 5;

interface CaseResult {
  label: string;
  timeMs: number;
  peakRss: number;
  baselineRss: number;
  detail: string;
}

const maxRss = (): number => process.resourceUsage().maxRSS * 1024;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function httpBlock(url: string, filter: unknown): unknown {
  return {
    id: 'bench-big',
    type: 'action',
    position: { x: 0, y: 0 },
    data: {
      label: 'Big response',
      channel: 'http',
      description: 'bench',
      parameters: { action_type: 'http_request', http_method: 'GET', url, content_type: 'json', headers_json: '', body_json: '', body_text: '', timeout_seconds: '30', allow_http: true, filter },
    },
  };
}

const cases: Record<string, () => Promise<CaseResult[]>> = {
  async 'filter-10mb'() {
    const text = bigJson(TEN_MB);
    const response = { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(text), url: 'https://api.example.com/customers', duration_ms: 0, attempts: 1, redirects: 0 };
    const redact = createRedactor(['bench-secret-123']);
    global.gc?.();
    const baselineRss = maxRss();
    const decodeTimes: number[] = [];
    const filterTimes: number[] = [];
    let final = 0;
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      const decoded = decodeBody(response, { expectJson: true, htmlToText: true }, redact);
      const t1 = performance.now();
      const filtered = applyFilter(decoded.data, { max_chars: BUDGET });
      const t2 = performance.now();
      decodeTimes.push(t1 - t0);
      filterTimes.push(t2 - t1);
      final = filtered.report.final_chars;
    }
    const projected: number[] = [];
    const data = JSON.parse(text) as unknown;
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      applyFilter(data, { expression: '[].{id: id, email: email}', max_items: 50, max_chars: BUDGET });
      projected.push(performance.now() - t0);
    }
    const peakRss = maxRss();
    return [
      { label: `10 MB JSON: filter to a ${BUDGET}-char budget (parsed data)`, timeMs: median(filterTimes), peakRss, baselineRss, detail: `${(text.length / 1e6).toFixed(1)} M chars → ${final} chars ${median(filterTimes) < 300 ? '✅' : '❌'} (target < 300 ms)` },
      { label: '10 MB JSON: decode (UTF-8, redact, JSON.parse)', timeMs: median(decodeTimes), peakRss, baselineRss, detail: 'the parse any client pays' },
      { label: '10 MB JSON: JMESPath projection + first 50 + budget', timeMs: median(projected), peakRss, baselineRss, detail: "`[].{id: id, email: email}`" },
    ];
  },

  async 'pipeline-10mb'() {
    const server = await startBenchServer();
    const runtime = createRuntime({ network: { allowed_hosts: [`127.0.0.1:${server.port}`], max_response_bytes: 16 * 1024 * 1024 } });
    const block = httpBlock(`${server.origin}/big-json?bytes=${TEN_MB}`, { max_chars: BUDGET });
    await executeBlock(block, {}, runtime); // the server builds its payload once
    global.gc?.();
    const baselineRss = maxRss();
    const times: number[] = [];
    let chars = 0;
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      const result = await executeBlock(block, {}, runtime);
      times.push(performance.now() - t0);
      chars = JSON.stringify(result.data).length;
    }
    const peakRss = maxRss();
    await runtime.close();
    await server.stop();
    return [{ label: `10 MB JSON end to end: executeBlock, loopback, ${BUDGET}-char budget`, timeMs: median(times), peakRss, baselineRss, detail: `result ${chars} chars (transfer + parse + filter)` }];
  },

  async 'endless-cap'() {
    const server = await startBenchServer();
    const results: CaseResult[] = [];
    for (const cap of [2 * 1024 * 1024, 64 * 1024 * 1024]) {
      const runtime = createRuntime({ network: { allowed_hosts: [`127.0.0.1:${server.port}`], max_response_bytes: cap } });
      const block = httpBlock(`${server.origin}/endless?bytes=${200 * 1024 * 1024}`, undefined);
      global.gc?.();
      const baselineRss = maxRss();
      const times: number[] = [];
      let code = '';
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        code = await executeBlock(block, {}, runtime).then(
          () => 'ok',
          (error: { code?: string }) => error.code ?? 'error',
        );
        times.push(performance.now() - t0);
      }
      const peakRss = maxRss();
      await runtime.close();
      const flat = peakRss - baselineRss < cap + 64 * 1024 * 1024;
      results.push({ label: `200 MB response, cap ${mib(cap)}: executeBlock`, timeMs: median(times), peakRss, baselineRss, detail: `${code} ${flat ? '✅' : '❌'} (target: peak growth < cap + 64 MiB)` });
    }
    await server.stop();
    return results;
  },

  async 'raw-200mb'() {
    const server = await startBenchServer();
    const agent = new Agent();
    global.gc?.();
    const baselineRss = maxRss();
    const t0 = performance.now();
    const response = await agent.request({ origin: server.origin, path: `/endless?bytes=${200 * 1024 * 1024}`, method: 'GET' });
    const body = await response.body.arrayBuffer();
    const time = performance.now() - t0;
    const peakRss = maxRss();
    await agent.close();
    await server.stop();
    return [{ label: '200 MB response: raw undici, body read whole (contrast)', timeMs: time, peakRss, baselineRss, detail: `${mib(body.byteLength)} held, no cap` }];
  },
};

async function runCase(name: string): Promise<void> {
  const results = await cases[name]();
  process.stdout.write(`CASE ${JSON.stringify(results)}\n`);
}

function main(): void {
  const rows: string[][] = [];
  for (const name of Object.keys(cases)) {
    const child = spawnSync(process.execPath, ['--expose-gc', __filename, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const line = child.stdout.split('\n').find((l) => l.startsWith('CASE '));
    if (child.status !== 0 || !line) throw new Error(`prefilter case ${name} failed (exit ${child.status})`);
    for (const r of JSON.parse(line.slice(5)) as CaseResult[]) {
      rows.push([r.label, ms(r.timeMs), mib(r.peakRss), mib(r.peakRss - r.baselineRss), r.detail]);
      process.stderr.write(`prefilter ${r.label}: ${ms(r.timeMs)}, peak RSS ${mib(r.peakRss)} (+${mib(r.peakRss - r.baselineRss)})\n`);
    }
  }
  report(`## Pre-filtering and the byte cap

Each case runs in its own process; "peak growth" is the rise of the process's peak resident memory
(maxRSS) during the case, over what it held before. Times are medians of ${RUNS} runs (3 for the cap cases).

${table(['case', 'time', 'peak RSS', 'peak growth', 'notes'], rows)}`);
}

const name = process.argv[2];
if (name) {
  runCase(name).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main();
}
