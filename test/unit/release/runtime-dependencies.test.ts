// Every runtime dependency is listed with what it does and why it is not ours: package.json,
// scripts/runtime-dependencies.mjs (which the scorecard run reads for D01) and the README's table must
// name the same packages. Adding a dependency without saying why fails here.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

function listed(): Record<string, { does: string; why: string }> {
  const script = "import('./scripts/runtime-dependencies.mjs').then((m) => process.stdout.write(JSON.stringify(m.RUNTIME_DEPENDENCIES)))";
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' })) as Record<string, { does: string; why: string }>;
}

describe('runtime dependencies', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const list = listed();

  it('package.json declares exactly the listed ones, each with what it does and why', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(Object.keys(list).sort());
    for (const entry of Object.values(list)) {
      expect(entry.does.length).toBeGreaterThan(10);
      expect(entry.why.length).toBeGreaterThan(10);
    }
  });

  it("the README's table has a row for each", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Runtime dependencies'), readme.indexOf('## Versions and releases'));
    const rows = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });
});
