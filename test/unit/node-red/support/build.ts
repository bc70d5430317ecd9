// The Node-RED unit tests load the COMPILED node files, as Node-RED does: a private build (tsc + the
// editor-form generator) into .relais/unit-node-red/<hash of the sources>/dist inside the repo, so
// the built modules resolve their dependencies from the repo's node_modules. Never ./dist (others use
// it). The hash makes parallel jest workers and repeated runs share one build; a build lands by an
// atomic rename, so a worker never sees a half-written one. RELAIS_NODE_RED_DIST overrides it all.
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

/** The dist folder holding dist/nodes/node-red/*.js, built once per source state. */
export function nodeRedDist(): string {
  if (process.env.RELAIS_NODE_RED_DIST) return process.env.RELAIS_NODE_RED_DIST;
  if (built) return built;
  const base = join(ROOT, '.relais/unit-node-red');
  const target = join(base, hashInputs());
  if (!existsSync(join(target, 'dist/nodes/node-red/relais-http-request.html'))) {
    mkdirSync(base, { recursive: true });
    const staging = mkdtempSync(join(base, 'staging-'));
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', staging], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      renameSync(staging, target);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another worker landed the same build first
    }
  }
  built = join(target, 'dist');
  return built;
}

/** Requires a compiled Node-RED node module, e.g. `nodeModule('relais-http-request')` or `nodeModule('config/relais-auth')`. */
export function nodeModule(name: string): (RED: unknown) => void {
  return require(join(nodeRedDist(), 'nodes/node-red', `${name}.js`)) as (RED: unknown) => void;
}

/** Requires any compiled module of the Node-RED adapter, e.g. `distModule('lib/runtimes')`. */
export function distModule<T = Record<string, unknown>>(path: string): T {
  return require(join(nodeRedDist(), 'nodes/node-red', `${path}.js`)) as T;
}
