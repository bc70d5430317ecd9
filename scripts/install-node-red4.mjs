// Install a real Node-RED 4 outside the repo, once, for the Node-RED 4 end-to-end suite
// (test/e2e/node-red/node-red4.test.ts); everything else runs the devDependency (Node-RED 5).
// `npm install --omit=dev node-red@4.1.8` into ~/.cache/relais/node-red-4.1.8 (about a minute, no
// native build needed: Node-RED falls back to bcryptjs), staged in a sibling folder and renamed into
// place with a marker file, so an interrupted install is never mistaken for a complete one.
// Usage: node scripts/install-node-red4.mjs   → prints the install folder on its last line.
//        RELAIS_NODE_RED4_DIR=<folder> moves the cache.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_RED4_VERSION = '4.1.8';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MARKER = '.relais-installed.json';

export function nodeRed4Dir() {
  return process.env.RELAIS_NODE_RED4_DIR || join(homedir(), '.cache', 'relais', `node-red-${NODE_RED4_VERSION}`);
}

/** `red.js` of the cached install (it may not exist yet: call installNodeRed4() first). */
export function nodeRed4RedJs(dir = nodeRed4Dir()) {
  return join(dir, 'node_modules/node-red/red.js');
}

function installed(dir) {
  const marker = join(dir, MARKER);
  if (!existsSync(marker) || !existsSync(nodeRed4RedJs(dir))) return false;
  return JSON.parse(readFileSync(marker, 'utf8')).version === NODE_RED4_VERSION;
}

// npm run by this Node (the repo's npm when present), like scripts/install-n8n.mjs.
function npmCommand() {
  const local = join(root, 'node_modules/npm/bin/npm-cli.js');
  if (existsSync(local)) return [process.execPath, local];
  if (process.env.npm_execpath?.endsWith('.js')) return [process.execPath, process.env.npm_execpath];
  return ['npm'];
}

/** Installs Node-RED 4 unless the cache already holds it; returns the install folder. */
export function installNodeRed4() {
  const dir = nodeRed4Dir();
  if (installed(dir)) return dir;
  const started = Date.now();
  process.stderr.write(`install-node-red4: installing node-red@${NODE_RED4_VERSION} into ${dir} (first run only, about a minute)\n`);
  const stage = `${dir}.partial-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify({ name: 'relais-node-red4-host', private: true }, null, 2)}\n`);
  const [cmd, ...pre] = npmCommand();
  execFileSync(cmd, [...pre, 'install', '--no-audit', '--no-fund', '--omit=dev', '--no-update-notifier', '--loglevel=error', `node-red@${NODE_RED4_VERSION}`], {
    cwd: stage,
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 600_000,
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(stage, MARKER), `${JSON.stringify({ version: NODE_RED4_VERSION, node: process.version, seconds })}\n`);
  if (installed(dir)) {
    // Another run finished first (and may be using it): keep theirs.
    rmSync(stage, { recursive: true, force: true });
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(stage, dir);
  process.stderr.write(`install-node-red4: node-red@${NODE_RED4_VERSION} ready in ${seconds} s\n`);
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(installNodeRed4());
}
