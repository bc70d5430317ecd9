// A real Node-RED for host tests (and the benchmark): a private userDir with the packed Relais tarball
// installed by npm, `red.js` from the devDependency started on 127.0.0.1 with a settings file written
// here (admin login, encrypted credentials, httpNodeRoot), flows deployed through the admin API, and
// results read back through `http in` / `http response` endpoints. Stopped by its PID.
// The process handling itself (spawn, readiness, login, deploy, stop) is scripts/start/node-red.cjs,
// shared with `npm start`.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, startNodeRedProcess, writeSettings, request, type FlowNode, type HttpReply } from '../../scripts/start/node-red.cjs';

export { freePort, type FlowNode, type HttpReply };

const repoRoot = join(__dirname, '../..');

/** The admin user every harness instance knows (the browser test logs in with it). */
export const NODE_RED_ADMIN = { username: 'relais', password: 'relais-admin-password' } as const;
// bcrypt of NODE_RED_ADMIN.password (cost 8), precomputed so the harness needs no bcrypt library.
const ADMIN_PASSWORD_HASH = '$2b$08$WWmYADfrs6vYg4QaPOFpkuPBN3gaZ1ISLrnc1vHGZEw3c.F5rRYnO';
/** Known so tests can check that flows_cred.json is encrypted with it (and not readable without). */
export const NODE_RED_CREDENTIAL_SECRET = 'relais-e2e-credential-secret';

export interface StartNodeRedOptions {
  /** Tarball to `npm install` into the userDir; default the packed Relais (`relaisTarball()` is the caller's choice). `false` = core nodes only. */
  tarball?: string | false;
  /** Reuse this userDir (kept after stop) instead of a fresh temp folder (removed after stop). */
  userDir?: string;
  /** Turn the admin login off (the admin API is then open). Default: on, with NODE_RED_ADMIN. */
  adminAuth?: boolean;
  /** Extra settings merged over the defaults (must be JSON-serialisable). */
  settings?: Record<string, unknown>;
  /** Extra environment for the Node-RED process. */
  env?: Record<string, string>;
  /** Milliseconds to wait for `Server now running`; default 30 s. */
  startTimeoutMs?: number;
  /** Another Node-RED's red.js (e.g. Node-RED 4 from scripts/install-node-red4.mjs); default the devDependency's. */
  redJs?: string;
}

export interface NodeRed {
  /** http://127.0.0.1:<port> (no trailing slash); the editor and the admin API live here. */
  readonly url: string;
  readonly userDir: string;
  readonly pid: number;
  /** Path prefix of `http in` endpoints (settings.httpNodeRoot). */
  readonly httpNodeRoot: string;
  /** Call the admin API with the bearer token (when adminAuth is on). */
  admin(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpReply>;
  /** Full deployment of `flows` (admin API v2); resolves with the new revision once Node-RED has answered. */
  deploy(flows: FlowNode[]): Promise<string>;
  /** GET /flows (v2): `{rev, flows}` as the editor sees them. */
  flows(): Promise<{ rev: string; flows: FlowNode[] }>;
  /** GET /nodes as JSON: the node sets Node-RED loaded. */
  nodeSets(): Promise<NodeSetInfo[]>;
  /** GET /nodes/messages?lng=<lng>: the catalogues of every installed (non-core) node set, keyed by `<module>/<set>`. */
  messages(lng: string): Promise<Record<string, unknown>>;
  /** Call an `http in` endpoint (path relative to httpNodeRoot, e.g. "/relais/test"). */
  http(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpReply>;
  /** Everything Node-RED wrote to stdout and stderr so far. */
  logs(): string;
  /** SIGTERM, wait for exit (SIGKILL after 10 s), remove a temp userDir. */
  stop(): Promise<void>;
}

export interface NodeSetInfo {
  id: string;
  name: string;
  module: string;
  types: string[];
  enabled: boolean;
  loaded: boolean;
  err?: string;
}

/** npm run by the same Node (Node 24 under `npm test`), falling back to the npm on PATH. */
function npmCommand(): [string, string[]] {
  const execpath = process.env.npm_execpath;
  if (execpath && execpath.endsWith('.js')) return [process.execPath, [execpath]];
  const local = join(repoRoot, 'node_modules/npm/bin/npm-cli.js');
  if (existsSync(local)) return [process.execPath, [local]];
  return ['npm', []];
}

/**
 * `npm install <tarball>` into `userDir` as a user would (its runtime dependencies from the registry),
 * minus audit, fund and dev dependencies to keep it quick. Peer dependencies are left out: the
 * package's only peer is n8n-workflow, which Node-RED never loads.
 */
export async function installTarball(userDir: string, tarball: string): Promise<void> {
  mkdirSync(userDir, { recursive: true });
  const manifest = join(userDir, 'package.json');
  if (!existsSync(manifest)) {
    writeFileSync(manifest, JSON.stringify({ name: 'node-red-project', description: 'Relais test userDir', version: '0.0.1', private: true }, null, 2));
  }
  const [command, prefix] = npmCommand();
  await promisify(execFile)(
    command,
    [...prefix, 'install', tarball, '--no-audit', '--no-fund', '--omit=dev', '--legacy-peer-deps', '--no-update-notifier', '--loglevel=error'],
    { cwd: userDir, env: { ...process.env, npm_config_yes: 'true' }, maxBuffer: 16 * 1024 * 1024, timeout: 180_000 },
  );
}

/** The settings the harness writes: loopback only, admin login, known credential secret, /api for http in. */
export function nodeRedSettings(port: number, options: { adminAuth: boolean; extra?: Record<string, unknown> }): Record<string, unknown> {
  return {
    uiHost: '127.0.0.1',
    uiPort: port,
    flowFile: 'flows.json',
    credentialSecret: NODE_RED_CREDENTIAL_SECRET,
    httpAdminRoot: '/',
    httpNodeRoot: '/api',
    ...(options.adminAuth
      ? { adminAuth: { type: 'credentials', users: [{ username: NODE_RED_ADMIN.username, password: ADMIN_PASSWORD_HASH, permissions: '*' }] } }
      : {}),
    diagnostics: { enabled: false },
    telemetry: { enabled: false },
    logging: { console: { level: 'info', metrics: false, audit: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
    externalModules: { palette: { allowInstall: false } },
    ...options.extra,
  };
}

/** Start a real Node-RED; see StartNodeRedOptions. Always `stop()` it (afterAll). */
/** The language Node-RED takes from its environment when settings.lang is unset: the first of LC_ALL,
 * LC_MESSAGES, LANG that is set, cut to two letters (@node-red/util/lib/i18n.js, getCurrentLocale). */
function localeOfEnv(env: Record<string, string> = {}): string | undefined {
  const name = ['LC_ALL', 'LC_MESSAGES', 'LANG'].find((key) => key in env);
  return name === undefined ? undefined : env[name].slice(0, 2) || undefined;
}

export async function startNodeRed(options: StartNodeRedOptions = {}): Promise<NodeRed> {
  const temporary = !options.userDir;
  const userDir = options.userDir ?? mkdtempSync(join(tmpdir(), 'relais-node-red-'));
  mkdirSync(userDir, { recursive: true });
  const cleanUp = (): void => {
    if (temporary) rmSync(userDir, { recursive: true, force: true });
  };
  try {
    if (options.tarball) await installTarball(userDir, options.tarball);
    const adminAuth = options.adminAuth ?? true;
    const port = await freePort();
    const settings = nodeRedSettings(port, { adminAuth, extra: options.settings });
    const settingsFile = writeSettings(userDir, settings, 'Written by test/support/node-red.ts');
    const red = await startNodeRedProcess({
      userDir,
      settingsFile,
      port,
      lang: typeof settings.lang === 'string' ? settings.lang : localeOfEnv(options.env),
      env: { NODE_RED_ENABLE_TOURS: 'false', ...options.env },
      login: adminAuth ? { ...NODE_RED_ADMIN } : undefined,
      startTimeoutMs: options.startTimeoutMs,
      redJs: options.redJs,
    });
    const httpNodeRoot = String(settings.httpNodeRoot);
    const read = async <T>(path: string): Promise<T> => {
      const reply = await red.admin('GET', path);
      if (reply.status !== 200) throw new Error(`GET ${path} failed (${reply.status}): ${reply.text}`);
      return reply.json as T;
    };
    return {
      url: red.url,
      userDir,
      pid: red.pid,
      httpNodeRoot,
      admin: red.admin,
      deploy: red.deploy,
      flows: red.flows,
      nodeSets: () => read<NodeSetInfo[]>('/nodes'),
      messages: (lng) => read<Record<string, unknown>>(`/nodes/messages?lng=${encodeURIComponent(lng)}`),
      http: (method, path, body, headers = {}) => request(`${red.url}${httpNodeRoot}${path}`, method, body, headers),
      logs: red.logs,
      async stop() {
        await red.stop();
        cleanUp();
      },
    };
  } catch (error) {
    cleanUp();
    throw error;
  }
}

/** The credentials file Node-RED wrote, as stored on disk (encrypted: `{"$": "<iv><ciphertext>"}`). */
export function readCredentialsFile(userDir: string): string {
  return readFileSync(join(userDir, 'flows_cred.json'), 'utf8');
}
