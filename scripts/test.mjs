// `npm test`: packs (and so builds) the tarball the end-to-end suites install, runs every jest project and
// ends with one plain line `N passed, N failed` (the totals of all suites) for CI.
// Usage: node scripts/test.mjs [unit|undici8|e2e ...] [-- extra jest args]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const wanted = dash === -1 ? argv : argv.slice(0, dash);
const extra = dash === -1 ? [] : argv.slice(dash + 1);
const projects = wanted.length > 0 ? wanted : ['unit', 'undici8', 'e2e'];
const out = join(root, '.relais/test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

console.log(`node ${process.version} (${process.execPath})`);

if (projects.includes('e2e')) {
  // One tarball for every host suite: exactly what a user installs (npm pack honours `files`).
  const packed = execFileSync(process.execPath, [join(root, 'scripts/pack.mjs'), join(root, '.relais/pack')], { cwd: root, encoding: 'utf8' });
  process.env.RELAIS_TARBALL = packed.trim().split('\n').pop();
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;
for (const project of projects) {
  const file = join(out, `${project}.json`);
  const args = [join(root, 'node_modules/jest/bin/jest.js'), '--selectProjects', project, '--json', `--outputFile=${file}`];
  if (project !== 'unit') args.push('--runInBand');
  const run = spawnSync(process.execPath, [...args, ...extra], { cwd: root, stdio: 'inherit', env: process.env });
  if (!existsSync(file)) {
    console.error(`${project}: jest produced no report (exit ${run.status})`);
    totals.failed += 1;
    exitCode = 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  if (run.status !== 0 || !report.success) exitCode = 1;
  console.log(`${project}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numRuntimeErrorTestSuites} suites broken`);
}
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(exitCode);
