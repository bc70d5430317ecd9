// The Node-RED Flow Library scorecard, offline: runs `node-red-dev validate -p <package dir>` in this
// process with its one catalogue request (https://catalogue.nodered.org/catalogue.json, used by P08
// and N01) answered from the real catalogue when it is reachable and otherwise from a small local
// stand-in (a few real entries, so both checks still run their comparison). Every other request
// (the npm registry, for P06, P07, D02, D03) goes out as usual.
// Usage: node scripts/validate-node-red.mjs [<package dir>] [--json <file>]
//   <package dir> defaults to a fresh staged package (scripts/pack.mjs into .relais/validate).
// Prints every check and exits 1 when any check fails.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIME_DEPENDENCIES } from './runtime-dependencies.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CATALOGUE_URL = 'https://catalogue.nodered.org/catalogue.json';
// Offline stand-in: real catalogue entries (ids and node types as published), not an empty list, so
// the "similar package name" and "duplicate node type" comparisons still run against something.
const STAND_IN_CATALOGUE = {
  name: 'Relais offline stand-in for the Node-RED catalogue',
  modules: [
    { id: 'node-red-node-email', types: ['e-mail', 'e-mail in', 'e-mail mta'] },
    { id: 'node-red-node-sqlite', types: ['sqlitedb', 'sqlite'] },
    { id: 'node-red-dashboard', types: ['ui_base', 'ui_button', 'ui_text', 'ui_template'] },
    { id: '@flowfuse/node-red-dashboard', types: ['ui-base', 'ui-button', 'ui-text', 'ui-template'] },
    { id: 'node-red-contrib-openai-api', types: ['OpenAI API'] },
  ],
};
const CHECK_NAMES = {
  P01: 'package has a license',
  P03: 'repository or bugs URL',
  P04: 'scoped or valid package name',
  P05: '"node-red" keyword',
  P06: 'node-red.version compatible with the current Node-RED',
  P07: 'engines.node compatible with the current Node-RED',
  P08: 'no similarly named package in the catalogue',
  N01: 'node types unique in the catalogue',
  N02: 'examples use every non-config node',
  D01: 'at most 6 dependencies',
  D02: 'no known incompatible package in the dependency tree',
  D03: 'production dependencies at their latest version',
};

function parseArgs(argv) {
  const jsonIndex = argv.indexOf('--json');
  const json = jsonIndex === -1 ? undefined : resolve(argv[jsonIndex + 1]);
  const rest = jsonIndex === -1 ? argv : argv.filter((_, i) => i !== jsonIndex && i !== jsonIndex + 1);
  return { packageDir: rest[0] ? resolve(rest[0]) : undefined, json };
}

function stagePackage() {
  const stage = mkdtempSync(join(tmpdir(), 'relais-validate-'));
  execFileSync(process.execPath, [join(root, 'scripts/pack.mjs'), stage], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return stage;
}

/** Wrap node-red-dev's own axios so only the catalogue request is answered locally when offline. */
function stubCatalogue(requireFromTool) {
  const axios = requireFromTool('axios');
  const get = axios.get.bind(axios);
  const source = { catalogue: 'online' };
  axios.get = async (url, config) => {
    if (url !== CATALOGUE_URL) return get(url, config);
    if (process.env.RELAIS_NODE_RED_CATALOGUE) {
      source.catalogue = `file ${process.env.RELAIS_NODE_RED_CATALOGUE}`;
      return { data: JSON.parse(readFileSync(process.env.RELAIS_NODE_RED_CATALOGUE, 'utf8')) };
    }
    try {
      return await get(url, { ...config, timeout: 5000 });
    } catch {
      source.catalogue = 'offline stand-in (catalogue.nodered.org unreachable)';
      return { data: STAND_IN_CATALOGUE };
    }
  };
  return source;
}

/** Runs the tool's validate command; resolves with its scorecard object. */
export async function validateNodeRedPackage(packageDir) {
  const toolRoot = join(root, 'node_modules/node-red-dev');
  const requireFromTool = createRequire(join(toolRoot, 'src/commands/validate.js'));
  const source = stubCatalogue(requireFromTool);
  const folder = mkdtempSync(join(tmpdir(), 'relais-scorecard-'));
  const output = join(folder, 'scorecard.json');
  try {
    const ValidateCommand = requireFromTool('./validate.js');
    // --embed keeps the tool from calling process.exit; its config is loaded from its own package.
    await ValidateCommand.run(['-p', packageDir, '-o', output, '-e', 'true'], toolRoot);
    const scorecard = JSON.parse(readFileSync(output, 'utf8'));
    return { scorecard, catalogue: source.catalogue };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// D03 ("SHOULD use the latest versions") exceptions the project decided, each with its reason. A
// package flagged by D03 that is neither here nor a tool error fails the scorecard.
export const D03_ACCEPTED = {
  undici: 'undici 8 requires Node >= 22.19; the package supports Node >= 22.9 (engines), so it stays on undici 7',
  zod: 'the project pins the 3.25 line, which ships the v4 API as "zod/v4" (ARCHITECTURE.md); moving to 4.x is a deliberate upgrade, not a drift',
};

/** D01 ("6 or fewer dependencies"): the project goes over on purpose, each dependency with its reason in
 * scripts/runtime-dependencies.mjs. Accepted only when package.json's dependencies are exactly those. */
function acceptedDependencyCount(pkg) {
  const listed = Object.keys(RUNTIME_DEPENDENCIES).sort();
  const declared = Object.keys(pkg.dependencies ?? {}).sort();
  return JSON.stringify(listed) === JSON.stringify(declared);
}

/** The registry's latest version of `name` (through the npm client), or undefined. */
function registryLatest(name) {
  const npmCli = process.env.npm_execpath && process.env.npm_execpath.endsWith('.js') ? [process.execPath, process.env.npm_execpath] : ['npm'];
  try {
    return execFileSync(npmCli[0], [...npmCli.slice(1), 'view', name, 'dist-tags.latest'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Every check with its verdict. P05 is checked again (see below); D03 is re-examined package by package: npm-check reports "latest is
 * undefined" when it cannot parse a package's registry history (handlebars has a "1.0.2beta"
 * version); when the pinned version IS the registry's latest that is a tool error, not a finding.
 */
export function summarise(scorecard, pkg) {
  const checks = Object.keys(CHECK_NAMES).map((code) => {
    const entry = scorecard[code];
    return { code, name: CHECK_NAMES[code], ran: Boolean(entry), passed: entry?.test === true, detail: entry, notes: [] };
  });
  // node-red-dev 0.1.6 records P05 as passed even when the keyword is missing (it only warns): check it here.
  const p05 = checks.find((c) => c.code === 'P05');
  if (!(pkg.keywords ?? []).includes('node-red')) {
    p05.passed = false;
    p05.notes.push('package.json keywords must contain "node-red"');
  }
  const d01 = checks.find((c) => c.code === 'D01');
  if (d01.ran && !d01.passed) {
    if (acceptedDependencyCount(pkg)) {
      d01.passed = true;
      d01.notes.push(`${d01.detail.total} dependencies: accepted — each is listed with what it does and why it is not ours (scripts/runtime-dependencies.mjs, README)`);
    } else {
      d01.notes.push('package.json dependencies differ from scripts/runtime-dependencies.mjs: list every dependency there with its reason');
    }
  }
  const d03 = checks.find((c) => c.code === 'D03');
  if (d03.ran && !d03.passed && Array.isArray(d03.detail.packages)) {
    const unexplained = [];
    for (const name of d03.detail.packages) {
      const pinned = pkg.dependencies?.[name];
      if (pinned && registryLatest(name) === pinned) d03.notes.push(`${name} ${pinned} is the latest release (npm-check could not read its registry entry)`);
      else if (D03_ACCEPTED[name]) d03.notes.push(`${name} ${pinned}: accepted — ${D03_ACCEPTED[name]}`);
      else unexplained.push(name);
    }
    d03.passed = unexplained.length === 0;
    if (unexplained.length) d03.notes.push(`not at latest: ${unexplained.join(', ')}`);
  }
  return { checks, failed: checks.filter((c) => !c.passed) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const packageDir = args.packageDir ?? stagePackage();
  const { scorecard, catalogue } = await validateNodeRedPackage(packageDir);
  const { checks, failed } = summarise(scorecard, JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')));
  console.log(`\nScorecard for ${scorecard.package?.name}@${scorecard.package?.version} (catalogue: ${catalogue})`);
  for (const check of checks) {
    console.log(`${check.passed ? 'pass' : check.ran ? 'FAIL' : 'NOT RUN'}  ${check.code}  ${check.name}`);
    for (const note of check.notes) console.log(`        ${note}`);
  }
  if (args.json) writeFileSync(args.json, JSON.stringify({ catalogue, checks, scorecard }, null, 2));
  console.log(failed.length === 0 ? 'node-red-dev validate: no failure' : `node-red-dev validate: ${failed.length} check(s) failed: ${failed.map((c) => c.code).join(', ')}`);
  // The tool leaves a readline interface on stdin open: exit explicitly.
  process.exit(failed.length === 0 ? 0 : 1);
}
