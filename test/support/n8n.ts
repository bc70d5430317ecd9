// A real n8n 2.x for host tests and the editor screenshot. The n8n install itself (its version is set
// in scripts/install-n8n.mjs) is cached outside the repo and installed on first use (minutes); each
// suite gets a fresh N8N_USER_FOLDER with the packed Relais tarball installed where n8n looks for
// community packages
// (`.n8n/nodes/node_modules/@relais/n8n-nodes-agent-actions`, so node types are
// `@relais/n8n-nodes-agent-actions.<name>`). Workflows are run with the CLI (`import:workflow`,
// `execute --rawOutput`); webhooks need `publish:workflow` and a running `n8n start`.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, installTarball } from './node-red';

const repoRoot = join(__dirname, '../..');

/** Prefix of every Relais node type inside n8n. */
export const RELAIS_PACKAGE = '@relais/n8n-nodes-agent-actions';
/** The owner account `setupOwner()` creates (the screenshot logs in with it). */
export const N8N_OWNER = { email: 'owner@relais.test', firstName: 'Relais', lastName: 'Tester', password: 'Relais-e2e-Passw0rd' } as const;

/** `@relais/n8n-nodes-agent-actions.<nodeName>` */
export function relaisType(nodeName: string): string {
  return `${RELAIS_PACKAGE}.${nodeName}`;
}

/**
 * The cached n8n install folder, installing it first when missing (says so on stderr: the first run
 * takes minutes). Synchronous on purpose: call it from `beforeAll` with a long timeout.
 */
export function ensureN8nInstalled(): string {
  const out = execFileSync(process.execPath, [join(repoRoot, 'scripts/install-n8n.mjs')], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 20 * 60_000,
  });
  return out.trim().split('\n').pop() as string;
}

/** One node of a workflow as `import:workflow` takes it. */
export interface WorkflowNode {
  id: string;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: Record<string, unknown>;
  credentials?: Record<string, { id: string; name: string }>;
  webhookId?: string;
  [key: string]: unknown;
}

export interface Workflow {
  id: string;
  name: string;
  nodes: WorkflowNode[];
  connections: Record<string, unknown>;
  settings?: Record<string, unknown>;
  active?: boolean;
  [key: string]: unknown;
}

/** A credential as `import:credentials` takes it: `data` in clear, n8n encrypts it on import. */
export interface CredentialSpec {
  id: string;
  name: string;
  type: string;
  data: Record<string, unknown>;
}

/** One output item of a node, as n8n keeps it in the run data. */
export interface RunItem {
  json: Record<string, unknown>;
  pairedItem?: unknown;
  [key: string]: unknown;
}

/** What `n8n execute --rawOutput` prints: the execution's run data. */
export interface RunData {
  data: {
    resultData: {
      runData: Record<string, Array<{ data?: { main?: Array<RunItem[] | null> }; error?: { message?: string; [key: string]: unknown }; executionStatus?: string }>>;
      lastNodeExecuted?: string;
      error?: { message?: string; [key: string]: unknown };
    };
  };
  status?: string;
  finished?: boolean;
  [key: string]: unknown;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface N8nExecution {
  /**
   * True when n8n printed a finished, successful run and exited cleanly — or crashed only after that
   * (n8n 2.41 with its default isolated-vm expression engine now and then dies with SIGSEGV while
   * shutting down, after the run is complete and stored; `crashedAfterRun` says so).
   */
  ok: boolean;
  /** The exit code of `n8n execute` (0 when the workflow succeeded); null when it died by a signal. */
  code: number | null;
  crashedAfterRun: boolean;
  /** The parsed run data, or undefined when n8n printed none (see `output`). */
  run?: RunData;
  /** Everything the command printed, for failure messages. */
  output: string;
}

/** A running n8n process of a test. */
export interface N8nProcess {
  /** Everything it printed so far. */
  logs(): string;
  /** SIGTERM, wait for exit (SIGKILL after 15 s). */
  stop(): Promise<void>;
  /** `kill -9`: no shutdown at all (what a crash or the OOM killer does); resolves once it is gone. */
  kill(): Promise<void>;
}

export interface N8nServer {
  /** http://127.0.0.1:<port> (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /**
   * Resolves once the production webhook `<path>` (e.g. "<webhookId>/<node path>") is registered.
   * n8n 2.x activates published workflows in the background after the editor is up, so a webhook may
   * answer "not registered" for a few seconds. Probed with GET, which starts nothing: a POST-only
   * webhook then answers "not registered for GET requests" instead of "is not registered".
   */
  waitForWebhook(path: string, timeoutMs?: number): Promise<void>;
  /** Everything `n8n start` printed so far. */
  logs(): string;
  /** SIGTERM, wait for exit (SIGKILL after 15 s). */
  stop(): Promise<void>;
  /** `kill -9`; resolves once it is gone. */
  kill(): Promise<void>;
}

export interface N8nHost {
  readonly userFolder: string;
  /** The environment every n8n command of this host runs with. */
  readonly env: NodeJS.ProcessEnv;
  /** Run `n8n <args>` to completion. */
  cli(args: string[], timeoutMs?: number): Promise<CliResult>;
  /** `import:credentials` of these credentials (in clear; n8n encrypts them with the host's key). */
  importCredentials(credentials: CredentialSpec[]): Promise<void>;
  /** `import:workflow --separate` of these workflows in one command (each ~3 s saved). */
  importWorkflows(workflows: Workflow[]): Promise<void>;
  /** `execute --id --rawOutput`, the run data parsed from the first line that opens a JSON object. */
  execute(workflowId: string): Promise<N8nExecution>;
  /** Imports the credentials and the workflow, executes it, and returns its run data; throws with the end
   * of n8n's output when the run did not succeed. */
  runOnce(workflow: Workflow, credentials?: CredentialSpec[]): Promise<RunData>;
  /** `publish:workflow --id` (2.x): its webhooks are registered when `start()` runs. */
  publish(workflowId: string): Promise<void>;
  /** `n8n start` on a free loopback port; resolves once the editor answers. */
  start(extraEnv?: Record<string, string>): Promise<N8nServer>;
  /** `n8n worker` (queue mode: EXECUTIONS_MODE=queue and the Redis settings in the host's env);
   * resolves once it says it is ready to take executions. */
  startWorker(extraEnv?: Record<string, string>): Promise<N8nProcess>;
  /** `n8n webhook` (queue mode) on a free loopback port: production webhooks only, executions queued
   * for the workers; resolves once it listens and `webhookPaths` are registered there. */
  startWebhook(webhookPaths: string[], extraEnv?: Record<string, string>): Promise<N8nServer>;
  /** Remove the user folder (kept when RELAIS_N8N_KEEP=1). */
  dispose(): void;
}

export interface CreateN8nHostOptions {
  /** Tarball to install as a community package; `false` = n8n's own nodes only. */
  tarball: string | false;
  /** Extra environment for every command. */
  env?: Record<string, string>;
}

/**
 * Everything that keeps n8n offline, quiet and fast in a test: no telemetry, version checks,
 * templates, banners or community-package catalogue fetches. Log level info: `execute` reports a missing
 * workflow and a failed run only at that level.
 */
export function n8nTestEnv(userFolder: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // Jest sets NODE_ENV=test, under which n8n silences its logger and the CLI prints nothing at all.
  const { NODE_ENV: _testMode, JEST_WORKER_ID: _worker, ...inherited } = process.env;
  return {
    ...inherited,
    PATH: `${join(process.execPath, '..')}:${process.env.PATH ?? ''}`,
    N8N_USER_FOLDER: userFolder,
    N8N_ENCRYPTION_KEY: 'relais-e2e-encryption-key',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_AI_ENABLED: 'false',
    N8N_VERIFIED_PACKAGES_ENABLED: 'false',
    N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
    N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
    N8N_REINSTALL_MISSING_PACKAGES: 'false',
    N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_SECURE_COOKIE: 'false',
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_LOG_LEVEL: 'info',
    N8N_LOG_OUTPUT: 'console',
    DB_TYPE: 'sqlite',
    GENERIC_TIMEZONE: 'UTC',
    // isolated-vm (n8n's expression engine) needs it on Node ≥ 20; NODE_OPTIONS reaches n8n's children too.
    NODE_OPTIONS: '--no-node-snapshot',
    ...extra,
  };
}

/** The JSON document n8n printed after its log lines (from the first line that opens an object). */
export function parseRawOutput(stdout: string): RunData | undefined {
  const start = stdout.search(/^\{/m);
  if (start === -1) return undefined;
  const end = stdout.lastIndexOf('\n}');
  const text = stdout.slice(start, end === -1 ? undefined : end + 2);
  try {
    return JSON.parse(text) as RunData;
  } catch {
    return undefined;
  }
}

/** The items of one output of one node in a run (`output` 0 = main, 1 = the error/second output). */
export function nodeItems(run: RunData, nodeName: string, output = 0): Array<Record<string, unknown>> {
  const runs = run.data.resultData.runData[nodeName];
  if (!runs || runs.length === 0) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`);
  const last = runs[runs.length - 1];
  if (last.error) throw new Error(`node "${nodeName}" failed: ${last.error.message ?? JSON.stringify(last.error)}`);
  return (last.data?.main?.[output] ?? []).map((item) => item.json);
}

async function runCli(n8nBin: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<CliResult> {
  // Every n8n process opens a task broker, on 5679 unless told otherwise: give each its own port so
  // suites (and other n8n instances on the machine) never collide.
  const brokerPort = String(await freePort());
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [n8nBin, ...args], { cwd, env: { ...env, N8N_RUNNERS_BROKER_PORT: brokerPort }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`n8n ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * The command's result when it succeeded: exit 0, or — n8n 2.41 now and then dies with SIGSEGV while
 * shutting down — a crash after it printed `done` (its own success line), which is then reported.
 */
async function mustSucceed(result: Promise<CliResult>, what: string, done: RegExp): Promise<CliResult> {
  const finished = await result;
  if (finished.code === 0) return finished;
  if (finished.signal === 'SIGSEGV' && done.test(finished.stdout)) {
    process.stderr.write(`n8n ${what}: done, then n8n crashed (SIGSEGV) while exiting\n`);
    return finished;
  }
  throw new Error(`n8n ${what} failed (exit ${finished.code ?? finished.signal}):\n${finished.stdout}\n${finished.stderr}`);
}

/**
 * Resolves once `n8n start` has activated the published workflows (it prints "Editor is now accessible
 * via" after that; /healthz answers earlier, before any webhook is registered) and /healthz answers.
 * Rejects when the process exits first or after `timeoutMs`.
 */
/** Spawns `n8n <args>`, collects its output and resolves once `ready` does; stopped again if it never is. */
async function spawnN8n(n8nBin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, ready: (child: ChildProcess, logs: () => string) => Promise<void>): Promise<N8nProcess> {
  const child = spawn(process.execPath, [n8nBin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const logs = () => output;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
  };
  try {
    await ready(child, logs);
  } catch (error) {
    await stop();
    throw error;
  }
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  return { logs, stop, kill };
}

/** Resolves once the process printed `marker` (it has no readiness event to await). */
async function waitForOutput(child: ChildProcess, logs: () => string, marker: RegExp, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (marker.test(logs())) return;
    if (exited) throw new Error(`${what} exited before it was ready:\n${logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms:\n${logs()}`);
}

async function waitUntilReady(url: string, child: ChildProcess, logs: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`n8n start exited before it was ready:\n${logs()}`);
    if (/Editor is now accessible via/.test(logs())) {
      const reply = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
      if (reply?.status === 200) return;
    }
    // Polling: the marker arrives on a pipe, and n8n has no readiness event to await.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`n8n not ready after ${timeoutMs} ms:\n${logs()}`);
}

/** Resolves once the production webhook `path` answers anything but "not registered" at `url`. */
async function waitForWebhookAt(url: string, path: string, logs: () => string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reply = await fetch(`${url}/webhook/${path}`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    const text = reply ? await reply.text() : '';
    if (reply && !(reply.status === 404 && /The requested webhook .* is not registered/.test(text))) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`webhook ${path} not registered after ${timeoutMs} ms:\n${logs()}`);
}

/**
 * Creates the instance owner (N8N_OWNER) through n8n's REST API, as the setup screen does on a fresh
 * instance; workflows and credentials imported with the CLI already belong to that owner's project.
 */
export async function setupOwner(server: Pick<N8nServer, 'url'>): Promise<void> {
  const reply = await fetch(`${server.url}/rest/owner/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(N8N_OWNER),
    signal: AbortSignal.timeout(30_000),
  });
  if (reply.status !== 200) throw new Error(`owner setup refused (${reply.status}): ${await reply.text()}`);
}

/**
 * A `.n8n/nodes` folder with the tarball installed as a user would (`npm install <tarball>`), made
 * once per tarball content in the temp dir and then copied into each user folder: npm takes ~8 s a
 * suite, a copy well under one. --legacy-peer-deps (inside installTarball) keeps npm from installing
 * a second n8n-workflow: the nodes must use the one of the n8n that loads them.
 */
async function installedNodesTemplate(tarball: string): Promise<string> {
  const digest = createHash('sha256').update(readFileSync(tarball)).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `relais-n8n-nodes-${digest}`);
  if (existsSync(join(dir, 'node_modules', RELAIS_PACKAGE, 'package.json'))) return dir;
  const stage = `${dir}.partial-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  // The same manifest n8n writes when it installs a community package itself.
  writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
  await installTarball(stage, tarball);
  try {
    renameSync(stage, dir);
  } catch {
    rmSync(stage, { recursive: true, force: true }); // a parallel run made it first
  }
  forgetOldTemplates(dir);
  return dir;
}

/** Templates of earlier tarballs (one per build: ~20 MB each) are removed once unused for an hour; a
 * younger one may belong to a run still going. */
function forgetOldTemplates(current: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (!name.startsWith('relais-n8n-nodes-') || path === current) continue;
    try {
      if (statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

/** A fresh n8n user folder with the tarball installed as a community package. Always `dispose()` it. */
export async function createN8nHost(options: CreateN8nHostOptions): Promise<N8nHost> {
  const n8nDir = ensureN8nInstalled();
  const n8nBin = join(n8nDir, 'node_modules/n8n/bin/n8n');
  const userFolder = mkdtempSync(join(tmpdir(), 'relais-n8n-'));
  const env = n8nTestEnv(userFolder, options.env);
  if (options.tarball) {
    const template = await installedNodesTemplate(options.tarball);
    cpSync(template, join(userFolder, '.n8n/nodes'), { recursive: true, verbatimSymlinks: true });
  }
  const work = join(userFolder, 'work');
  mkdirSync(work, { recursive: true });
  const cli = (args: string[], timeoutMs = 120_000): Promise<CliResult> => runCli(n8nBin, args, env, userFolder, timeoutMs);
  let counter = 0;
  const writeJson = (name: string, value: unknown): string => {
    const file = join(work, `${++counter}-${name}`);
    writeFileSync(file, JSON.stringify(value, null, 2));
    return file;
  };

  const host: N8nHost = {
    userFolder,
    env,
    cli,
    async importCredentials(credentials) {
      await mustSucceed(cli(['import:credentials', `--input=${writeJson('credentials.json', credentials)}`]), 'import:credentials', /Successfully imported \d+ credential/);
    },
    async importWorkflows(workflows) {
      const dir = join(work, `workflows-${++counter}`);
      mkdirSync(dir);
      for (const workflow of workflows) writeFileSync(join(dir, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
      await mustSucceed(cli(['import:workflow', '--separate', `--input=${dir}`]), 'import:workflow', /Successfully imported \d+ workflow/);
    },
    async execute(workflowId) {
      const result = await cli(['execute', `--id=${workflowId}`, '--rawOutput']);
      const run = parseRawOutput(result.stdout);
      const succeeded = run?.finished === true && run.status === 'success';
      const crashedAfterRun = succeeded && result.signal === 'SIGSEGV';
      if (crashedAfterRun) process.stderr.write(`n8n execute --id=${workflowId}: the run finished, then n8n crashed (SIGSEGV) while exiting\n`);
      return { ok: succeeded && (result.code === 0 || crashedAfterRun), code: result.code, crashedAfterRun, run, output: `${result.stdout}\n${result.stderr}` };
    },
    async runOnce(workflow, credentials = []) {
      if (credentials.length > 0) await host.importCredentials(credentials);
      await host.importWorkflows([workflow]);
      const result = await host.execute(workflow.id);
      if (!result.ok || !result.run) throw new Error(`n8n execute failed (exit ${result.code}):\n${result.output.slice(-6000)}`);
      return result.run;
    },
    async publish(workflowId) {
      await mustSucceed(cli(['publish:workflow', `--id=${workflowId}`]), 'publish:workflow', /Changes will not take effect if n8n is running/);
    },
    async startWebhook(webhookPaths, extraEnv = {}) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const running = await spawnN8n(n8nBin, ['webhook'], userFolder, { ...env, N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(await freePort()), WEBHOOK_URL: `${url}/`, ...extraEnv }, (child, logs) =>
        waitForOutput(child, logs, /Webhook listener waiting for requests/, 'n8n webhook', 120_000),
      );
      const server: N8nServer = { url, port, waitForWebhook: (path, timeoutMs) => waitForWebhookAt(url, path, running.logs, timeoutMs), ...running };
      for (const path of webhookPaths) await server.waitForWebhook(path);
      return server;
    },
    async start(extraEnv = {}) {
      const port = await freePort();
      const running = await spawnN8n(n8nBin, ['start'], userFolder, { ...env, N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(await freePort()), WEBHOOK_URL: `http://127.0.0.1:${port}/`, ...extraEnv }, (child, logs) =>
        waitUntilReady(`http://127.0.0.1:${port}`, child, logs, 120_000),
      );
      const url = `http://127.0.0.1:${port}`;
      const waitForWebhook = (path: string, timeoutMs?: number) => waitForWebhookAt(url, path, running.logs, timeoutMs);
      return { url, port, waitForWebhook, ...running };
    },
    async startWorker(extraEnv = {}) {
      const workerEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), QUEUE_HEALTH_CHECK_PORT: String(await freePort()), ...extraEnv };
      return spawnN8n(n8nBin, ['worker', '--concurrency=5'], userFolder, workerEnv, (child, logs) => waitForOutput(child, logs, /n8n worker is now ready/, 'n8n worker', 120_000));
    },
    dispose() {
      // RELAIS_N8N_KEEP=1 keeps the folder (workflows, credentials, database) for a look after a failure.
      if (process.env.RELAIS_N8N_KEEP === '1') process.stderr.write(`n8n user folder kept: ${userFolder}\n`);
      else rmSync(userFolder, { recursive: true, force: true });
    },
  };
  return host;
}
