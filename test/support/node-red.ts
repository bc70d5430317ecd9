// A real Node-RED for host tests (and the benchmark): a private userDir with the packed Relais tarball
// installed by npm, `red.js` from the devDependency started on 127.0.0.1 with a settings file written
// here (admin login, encrypted credentials, httpNodeRoot), flows deployed through the admin API, and
// results read back through `http in` / `http response` endpoints. Stopped by its PID.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '../..');
const redJs = join(repoRoot, 'node_modules/node-red/red.js');

/** The admin user every harness instance knows (the browser test logs in with it). */
export const NODE_RED_ADMIN = { username: 'relais', password: 'relais-admin-password' } as const;
// bcrypt of NODE_RED_ADMIN.password (cost 8), precomputed so the harness needs no bcrypt library.
const ADMIN_PASSWORD_HASH = '$2b$08$WWmYADfrs6vYg4QaPOFpkuPBN3gaZ1ISLrnc1vHGZEw3c.F5rRYnO';
/** Known so tests can check that flows_cred.json is encrypted with it (and not readable without). */
export const NODE_RED_CREDENTIAL_SECRET = 'relais-e2e-credential-secret';

/** One node of a flow as the admin API takes it. */
export type FlowNode = { id: string; type: string; [key: string]: unknown };

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
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
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

/** A free TCP port on 127.0.0.1 (asked of the OS, released before use). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
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

/** The settings file: JSON inlined into a CommonJS module (Node-RED requires settings.js). */
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
    editorTheme: { tours: false, projects: { enabled: false }, palette: { editable: false } },
    ...options.extra,
  };
}

async function readReply(response: Response): Promise<HttpReply> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

async function request(url: string, method: string, body: unknown, headers: Record<string, string>): Promise<HttpReply> {
  const init: RequestInit = { method, headers: { ...headers }, signal: AbortSignal.timeout(30_000) };
  if (body !== undefined) {
    if (typeof body === 'string') init.body = body;
    else {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
  }
  return readReply(await fetch(url, init));
}

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** Resolves when `child` prints `marker`; rejects when it exits first or after `timeoutMs`. */
function waitForOutput(child: ChildProcess, output: () => string, marker: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (marker.test(output())) finish();
    };
    const onExit = (code: number | null): void => finish(new Error(`Node-RED exited (${code}) before it was ready:\n${output()}`));
    const timer = setTimeout(() => finish(new Error(`Node-RED not ready after ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    function finish(error?: Error): void {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/** Start a real Node-RED; see StartNodeRedOptions. Always `stop()` it (afterAll). */
export async function startNodeRed(options: StartNodeRedOptions = {}): Promise<NodeRed> {
  const temporary = !options.userDir;
  const userDir = options.userDir ?? mkdtempSync(join(tmpdir(), 'relais-node-red-'));
  mkdirSync(userDir, { recursive: true });
  if (options.tarball) await installTarball(userDir, options.tarball);

  const adminAuth = options.adminAuth ?? true;
  const port = await freePort();
  const settings = nodeRedSettings(port, { adminAuth, extra: options.settings });
  const settingsFile = join(userDir, 'settings.js');
  writeFileSync(settingsFile, `// Written by test/support/node-red.ts\nmodule.exports = ${JSON.stringify(settings, null, 2)};\n`);

  const child = spawn(process.execPath, [redJs, '--userDir', userDir, '--settings', settingsFile, '--port', String(port), '--no-telemetry'], {
    cwd: userDir,
    env: { ...process.env, NODE_RED_ENABLE_TOURS: 'false', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `http://127.0.0.1:${port}`;
  const httpNodeRoot = String(settings.httpNodeRoot);
  let token: string | undefined;

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    if (temporary) rmSync(userDir, { recursive: true, force: true });
  };

  try {
    await waitForOutput(child, () => output, /Server now running at/, options.startTimeoutMs ?? 30_000);
    if (adminAuth) {
      const reply = await request(`${url}/auth/token`, 'POST', {
        client_id: 'node-red-admin',
        grant_type: 'password',
        scope: '*',
        username: NODE_RED_ADMIN.username,
        password: NODE_RED_ADMIN.password,
      }, {});
      token = (reply.json as { access_token?: string } | undefined)?.access_token;
      if (reply.status !== 200 || !token) throw new Error(`Node-RED refused the admin login (${reply.status}): ${reply.text}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const admin = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpReply> =>
    request(`${url}${path}`, method, body, { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });

  return {
    url,
    userDir,
    pid: child.pid as number,
    httpNodeRoot,
    admin,
    async deploy(flows) {
      // The admin API may answer before the new flows have started (http in routes not yet mounted):
      // wait for the next "Started flows" line.
      const startedBefore = countMatches(output, /Started flows/g);
      const reply = await admin('POST', '/flows', { flows }, { 'Node-RED-API-Version': 'v2', 'Node-RED-Deployment-Type': 'full' });
      const rev = (reply.json as { rev?: string } | undefined)?.rev;
      if (reply.status !== 200 || !rev) throw new Error(`deploy failed (${reply.status}): ${reply.text}\n${output}`);
      await waitForOutput(child, () => (countMatches(output, /Started flows/g) > startedBefore ? 'ready' : ''), /ready/, 30_000);
      return rev;
    },
    async flows() {
      const reply = await admin('GET', '/flows', undefined, { 'Node-RED-API-Version': 'v2' });
      if (reply.status !== 200) throw new Error(`GET /flows failed (${reply.status}): ${reply.text}`);
      return reply.json as { rev: string; flows: FlowNode[] };
    },
    async nodeSets() {
      const reply = await admin('GET', '/nodes');
      if (reply.status !== 200) throw new Error(`GET /nodes failed (${reply.status}): ${reply.text}`);
      return reply.json as NodeSetInfo[];
    },
    async messages(lng) {
      const reply = await admin('GET', `/nodes/messages?lng=${encodeURIComponent(lng)}`);
      if (reply.status !== 200) throw new Error(`GET /nodes/messages failed (${reply.status}): ${reply.text}`);
      return reply.json as Record<string, unknown>;
    },
    http(method, path, body, headers = {}) {
      return request(`${url}${httpNodeRoot}${path}`, method, body, headers);
    },
    logs: () => output,
    stop,
  };
}

/** The credentials file Node-RED wrote, as stored on disk (encrypted: `{"$": "<iv><ciphertext>"}`). */
export function readCredentialsFile(userDir: string): string {
  return readFileSync(join(userDir, 'flows_cred.json'), 'utf8');
}
