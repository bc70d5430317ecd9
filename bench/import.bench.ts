// Issue 18: importing all of GitHub's OpenAPI description (npm @octokit/openapi, api.github.com.json,
// 13 MB, ~1,200 operations) must take under 5 s and under 500 MB, next to the chosen parser's own
// dereference time measured in the same run. Each run is its own process (its peak memory is its own);
// medians of 3 runs with their spread (min–max). The other two parsers compared for the choice
// (@apidevtools/swagger-parser, @scalar/openapi-parser) run the same dereference beside it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importOpenApi } from '../src/import';
import { mib, report, table } from './support';

const GITHUB = join(__dirname, '../node_modules/@octokit/openapi/generated/api.github.com.json');
const RUNS = 3;

interface Run {
  ms: number;
  peakRss: number;
  detail: string;
}

const cases: Record<string, () => Promise<Run>> = {
  async import() {
    const t0 = performance.now();
    const result = await importOpenApi(GITHUB);
    return { ms: performance.now() - t0, peakRss: process.resourceUsage().maxRSS * 1024, detail: `${result.blocks.length} blocks, each through parseBlock` };
  },
  async 'readme-dereference'() {
    const t0 = performance.now();
    const { dereference } = await import('@readme/openapi-parser');
    await dereference(JSON.parse(readFileSync(GITHUB, 'utf8')), { resolve: { external: false } });
    return { ms: performance.now() - t0, peakRss: process.resourceUsage().maxRSS * 1024, detail: 'read + JSON.parse + dereference (the chosen parser)' };
  },
  async 'swagger-parser-dereference'() {
    const t0 = performance.now();
    const SwaggerParser = (await import('@apidevtools/swagger-parser')).default;
    await SwaggerParser.dereference(JSON.parse(readFileSync(GITHUB, 'utf8')) as never, { resolve: { external: false } });
    return { ms: performance.now() - t0, peakRss: process.resourceUsage().maxRSS * 1024, detail: 'read + JSON.parse + dereference (compared)' };
  },
  async 'scalar-dereference'() {
    const t0 = performance.now();
    const { dereference } = await import('@scalar/openapi-parser');
    const result = await dereference(JSON.parse(readFileSync(GITHUB, 'utf8')));
    return { ms: performance.now() - t0, peakRss: process.resourceUsage().maxRSS * 1024, detail: `read + JSON.parse + dereference (compared; ${result.errors?.length ?? 0} errors)` };
  },
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;

function main(): void {
  const rows: string[][] = [];
  for (const name of Object.keys(cases)) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const child = spawnSync(process.execPath, [__filename, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const line = child.stdout.split('\n').find((l) => l.startsWith('RUN '));
      if (child.status !== 0 || !line) throw new Error(`import bench case ${name} failed (exit ${child.status})`);
      runs.push(JSON.parse(line.slice(4)) as Run);
    }
    const times = runs.map((r) => r.ms);
    const peaks = runs.map((r) => r.peakRss);
    const target = name === 'import' ? ` ${median(times) < 5000 && Math.max(...peaks) < 500 * 1024 * 1024 ? '✅' : '❌'} (target < 5 s, < 500 MB)` : '';
    rows.push([name, seconds(median(times)), `${seconds(Math.min(...times))}–${seconds(Math.max(...times))}`, mib(median(peaks)), `${runs[0].detail}${target}`]);
    process.stderr.write(`import ${name}: median ${seconds(median(times))} (${times.map(seconds).join(', ')}), peak RSS ${mib(median(peaks))}\n`);
  }
  report(`## OpenAPI import (GitHub's description)

GitHub's REST API description (npm @octokit/openapi, api.github.com.json, 13 MB): the whole import
(read, parse, resolve every \`$ref\` with @readme/openapi-parser, map each operation, parseBlock each
block) next to the parsers' own read + parse + dereference. Each run is a fresh process; median of
${RUNS} runs, spread min–max; peak RSS is the process's maxRSS.

${table(['case', 'median', 'spread', 'peak RSS', 'notes'], rows)}`);
}

const name = process.argv[2];
if (name) {
  cases[name]().then(
    (run) => process.stdout.write(`RUN ${JSON.stringify(run)}\n`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main();
}
