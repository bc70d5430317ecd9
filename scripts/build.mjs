// Build: compile TypeScript to CommonJS in <out>/dist (default: ./dist), place every non-TypeScript
// asset of the nodes (Node-RED .html, locales/, icons) next to its compiled .js, then run the
// generators in scripts/generate/ (editor forms built from src/blocks metadata).
// Usage: node scripts/build.mjs [--out <dir>]   (<dir>/dist is written; ./dist when omitted)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const outRoot = outIndex === -1 ? root : resolve(process.argv[outIndex + 1]);
const dist = join(outRoot, 'dist');

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', dist], {
  stdio: 'inherit',
  cwd: root,
});

function copyAssets(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copyAssets(path);
    else if (!name.endsWith('.ts')) {
      const target = join(dist, relative(root, path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}
for (const dir of ['nodes', 'credentials', 'icons']) copyAssets(join(root, dir));

const generators = join(root, 'scripts/generate');
if (existsSync(generators)) {
  for (const name of readdirSync(generators).filter((n) => n.endsWith('.mjs')).sort()) {
    execFileSync(process.execPath, [join(generators, name)], { stdio: 'inherit', cwd: root, env: { ...process.env, RELAIS_DIST: dist } });
  }
}
console.log(`build: ${relative(process.cwd(), dist) || '.'} ready`);
