// What the host benchmarks share: the packed Relais tarball (packed once per benchmark process, or
// the one RELAIS_TARBALL names), the CPU time a host process has used (read from /proc, so a busy
// machine barely moves it), and a few numbers helpers.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The repository root: the build lives in <root>/.relais/bench-build, this file in its bench/hosts/. */
export const repoRoot = join(__dirname, '../../../..');

let packed: string | undefined;

/**
 * The tarball users install. The test harnesses find npm and pack.mjs relative to their own folder,
 * which is the build folder here: point them at the repository's instead (RELAIS_TARBALL, npm_execpath).
 */
export function benchTarball(): string {
  process.env.npm_execpath ??= join(repoRoot, 'node_modules/npm/bin/npm-cli.js');
  if (process.env.RELAIS_TARBALL) return process.env.RELAIS_TARBALL;
  if (!packed) {
    const stage = join(tmpdir(), `relais-bench-pack-${process.pid}`);
    process.once('exit', () => rmSync(stage, { recursive: true, force: true }));
    const out = execFileSync(process.execPath, [join(repoRoot, 'scripts/pack.mjs'), stage], { cwd: repoRoot, encoding: 'utf8' });
    packed = out.trim().split('\n').pop() as string;
    process.env.RELAIS_TARBALL = packed;
  }
  return packed;
}

/** User + system CPU time of another process so far, in ms (Linux /proc; clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at index 2 of the split: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The p-th percentile of already sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const ratio = (value: number): string => `${value.toFixed(2)}×`;
