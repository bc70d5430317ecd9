// `npm run bench`: compiles the benchmarks (bench/*.bench.ts and what they import) into a private folder,
// runs each in its own Node process (so one's memory never shows in another's numbers), prints the
// markdown sections they report and writes them, with the machine, Node version and date, to
// bench/results.md. Add a benchmark by adding a bench/<name>.bench.ts that calls report() from
// bench/support.ts. Usage: node scripts/bench.mjs [name ...]   (e.g. `core`, `prefilter`)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release, arch } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// One build folder per run: two runs at once (two people, CI) must not delete each other's build.
const out = join(root, '.relais', `bench-build-${process.pid}`);
const wanted = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((name) => name.endsWith('.bench.ts'))
  .map((name) => name.replace(/\.bench\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}`);
  process.exit(1);
}

// Compile only the benchmarks and what they import (not the whole project), CommonJS like the package.
rmSync(out, { recursive: true, force: true });
const entries = [...benches.map((name) => `bench/${name}.bench.ts`), 'bench/server.ts'];
// Type errors are reported but do not stop the run (tsc still emits); a missing output does.
const compiled = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '--outDir', out, '--rootDir', root, '--module', 'commonjs', '--moduleResolution', 'node10', '--target', 'ES2023', '--strict', '--esModuleInterop', '--skipLibCheck', '--resolveJsonModule', '--types', 'node', ...entries],
  { cwd: root, stdio: 'inherit' },
);
if (compiled.status !== 0) console.error('bench: TypeScript reported errors (above); running what was emitted');
// The host benchmarks reuse the test harnesses, which find scripts/ (Node-RED launcher, n8n install) and
// node_modules/ (red.js, npm) two folders above themselves: give the build both. scripts/ is copied, not
// linked, because install-n8n.mjs only runs as a program when its real path is the one it was started by.
cpSync(join(root, 'scripts'), join(out, 'scripts'), { recursive: true });
symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'), 'dir');

// Each benchmark's sections are kept in results.md between <!-- bench:<name> --> markers, so running a
// few benchmarks (`node scripts/bench.mjs core`) updates theirs and keeps the others' latest results.
const target = join(root, 'bench/results.md');
const blocks = new Map();
if (existsSync(target)) {
  for (const m of readFileSync(target, 'utf8').matchAll(/<!-- bench:([\w-]+) -->\n([\s\S]*?)\n<!-- \/bench:\1 -->/g)) blocks.set(m[1], m[2]);
}

let failed = false;
for (const name of benches) {
  const file = join(out, 'bench', `${name}.bench.js`);
  console.error(`\n▶ ${name}`);
  const run = spawnSync(process.execPath, ['--expose-gc', file], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const found = [...(run.stdout ?? '').matchAll(/<!-- bench-section -->\n([\s\S]*?)\n<!-- \/bench-section -->/g)].map((m) => m[1]);
  const when = `_Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC._`;
  if (run.status !== 0 || found.length === 0) {
    failed = true;
    blocks.set(name, `## ${name}\n\nFailed (exit ${run.status}); see the output of \`node scripts/bench.mjs ${name}\`. ${when}`);
    continue;
  }
  blocks.set(name, `${found.join('\n\n')}\n\n${when}`);
  console.log(`\n${found.join('\n\n')}`);
}

const cpu = cpus();
const all = readdirSync(join(root, 'bench')).filter((n) => n.endsWith('.bench.ts')).map((n) => n.replace(/\.bench\.ts$/, '')).sort();
const header = `# Benchmark results

- Command: \`npm run bench\` (all), or \`node scripts/bench.mjs <name ...>\` (${all.join(', ')})
- Node: ${process.version} on ${platform()} ${release()} ${arch()}
- Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM`;
const body = [...blocks.keys()]
  .sort((a, b) => all.indexOf(a) - all.indexOf(b))
  .map((name) => `<!-- bench:${name} -->\n${blocks.get(name)}\n<!-- /bench:${name} -->`)
  .join('\n\n');
writeFileSync(target, `${header}\n\n${body}\n`);
rmSync(out, { recursive: true, force: true });
console.error(`\nwritten: bench/results.md`);
process.exit(failed ? 1 : 0);
