// Pack the tarball users install, without touching ./dist: stage the package in <dir> (build into
// <dir>/dist, copy package.json, README, LICENSE, the Node-RED examples, resources/ — the editor's scripts), then `npm pack` there.
// Usage: node scripts/pack.mjs <dir>  → prints the tarball's absolute path on its last line.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stage = resolve(process.argv[2] ?? join(root, '.relais/pack'));
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--out', stage], { stdio: ['ignore', 'ignore', 'inherit'] });
for (const name of ['package.json', 'README.md', 'LICENSE', 'examples', 'resources']) {
  // examples/ holds the Node-RED flows at its top level (Node-RED lists that folder under Import →
  // Examples); the n8n workflows in examples/n8n stay in the repository, not in the package.
  const filter = (source) => !source.startsWith(join(root, 'examples', 'n8n'));
  if (existsSync(join(root, name))) cpSync(join(root, name), join(stage, name), { recursive: true, filter });
}
const npmCli = process.env.npm_execpath && process.env.npm_execpath.endsWith('.js') ? [process.execPath, process.env.npm_execpath] : ['npm'];
execFileSync(npmCli[0], [...npmCli.slice(1), 'pack', '--ignore-scripts', '--pack-destination', stage], { cwd: stage, stdio: 'ignore' });
const tarball = readdirSync(stage).find((n) => n.endsWith('.tgz'));
if (!tarball) throw new Error('npm pack produced no tarball');
console.log(join(stage, tarball));
