// The packed tarball the host suites install. `npm test` packs once and passes RELAIS_TARBALL; a suite
// run on its own packs into a private folder (so parallel runs never share a dist/).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let packed: string | undefined;

export function relaisTarball(): string {
  if (process.env.RELAIS_TARBALL) return process.env.RELAIS_TARBALL;
  if (!packed) {
    const stage = mkdtempSync(join(tmpdir(), 'relais-pack-'));
    // The suite's own build is thrown away with its process (npm test's shared tarball is kept by npm test).
    process.once('exit', () => rmSync(stage, { recursive: true, force: true }));
    const root = join(__dirname, '../..');
    const out = execFileSync(process.execPath, [join(root, 'scripts/pack.mjs'), stage], { cwd: root, encoding: 'utf8' });
    packed = out.trim().split('\n').pop() as string;
  }
  return packed;
}
