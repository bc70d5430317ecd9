// The Node-RED unit tests load the COMPILED node files, as Node-RED does: a private build (tsc + the
// editor-form generator) into .relais/unit-node-red/<hash of the sources>/dist inside the repo, so
// the built modules resolve their dependencies from the repo's node_modules. Never ./dist (others use
// it). The hash makes parallel jest workers and repeated runs share one build: one worker builds under a
// lock while the others wait, and the build lands by an atomic rename, so none sees a half-written one.
// RELAIS_NODE_RED_DIST overrides it all.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const INPUTS = ['src', 'nodes', 'credentials', 'icons', 'scripts/build.mjs', 'scripts/generate', 'tsconfig.json', 'tsconfig.build.json'];

function hashInputs(): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else {
      hash.update(relative(ROOT, path)).update(readFileSync(path));
    }
  };
  for (const input of INPUTS) visit(join(ROOT, input));
  return hash.digest('hex').slice(0, 16);
}

let built: string | undefined;

const STALE_LOCK_MS = 3 * 60 * 1000;

function lockAge(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

/** Builds of older source states pile up as the code changes: drop those untouched for a day. */
function pruneOldBuilds(base: string, keep: string): void {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(base)) {
    const path = join(base, name);
    if (path !== keep && statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
  }
}

/** The dist folder holding dist/nodes/node-red/*.js, built once per source state. */
export function nodeRedDist(): string {
  if (process.env.RELAIS_NODE_RED_DIST) return process.env.RELAIS_NODE_RED_DIST;
  if (built) return built;
  const base = join(ROOT, '.relais/unit-node-red');
  const target = join(base, hashInputs());
  const ready = () => existsSync(join(target, 'dist/nodes/node-red/relais-http-request.html'));
  mkdirSync(base, { recursive: true });
  // One jest worker builds; the others wait for its rename instead of building the same thing.
  const lock = `${target}.lock`;
  const deadline = Date.now() + 5 * 60 * 1000;
  while (!ready()) {
    let owner = false;
    try {
      mkdirSync(lock);
      owner = true;
    } catch {
      // A lock left by a run that was killed mid-build (a build takes well under a minute) is taken over.
      if (lockAge(lock) > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the Node-RED test build (${lock})`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    try {
      if (ready()) break;
      const staging = mkdtempSync(join(base, 'staging-'));
      execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', staging], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      renameSync(staging, target);
    } finally {
      if (owner) rmSync(lock, { recursive: true, force: true });
    }
  }
  pruneOldBuilds(base, target);
  built = join(target, 'dist');
  return built;
}

/** Requires a module of the build, e.g. `requireDist('src/errors')` (compiled CommonJS, loaded as Node-RED loads it). */
export function requireDist<T = Record<string, unknown>>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(nodeRedDist(), `${path}.js`)) as T;
}

/** A compiled Node-RED node module, e.g. `nodeModule('relais-http-request')` or `nodeModule('config/relais-auth')`. */
export function nodeModule(name: string): (RED: unknown) => void {
  return requireDist<(RED: unknown) => void>(`nodes/node-red/${name}`);
}

/** Requires any compiled module of the Node-RED adapter, e.g. `distModule('lib/runtimes')`. */
export function distModule<T = Record<string, unknown>>(path: string): T {
  return requireDist<T>(`nodes/node-red/${path}`);
}
