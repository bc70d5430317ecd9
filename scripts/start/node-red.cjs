// Run a real Node-RED (the devDependency's red.js) and talk to its admin API. Shared by `npm start`
// (scripts/start.mjs) and the host tests' harness (test/support/node-red.ts), so both start, log in,
// deploy and stop Node-RED the same way. CommonJS so jest and plain Node can both load it.
'use strict';
const { spawn } = require('node:child_process');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { dirname, join } = require('node:path');

const RED_JS = join(__dirname, '../../node_modules/node-red/red.js');

/** A free TCP port on 127.0.0.1 (asked of the OS, released before use). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Writes `settings` as `<userDir>/settings.js` (JSON inlined in a CommonJS module); returns its path. */
function writeSettings(userDir, settings, header = 'Written by scripts/start/node-red.cjs') {
  const file = join(userDir, 'settings.js');
  writeFileSync(file, `// ${header}\nmodule.exports = ${JSON.stringify(settings, null, 2)};\n`);
  return file;
}

/** Resolves when `predicate(output())` holds; rejects when `child` exits first or after `timeoutMs`. */
function waitForOutput(child, output, predicate, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (predicate(output())) finish();
    };
    const onExit = (code) => finish(new Error(`Node-RED exited (${code}) before ${what}:\n${output()}`));
    const timer = setTimeout(() => finish(new Error(`Node-RED: no ${what} after ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    function finish(error) {
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

/**
 * The runtime's message catalogues next to `redJs`: `<node_modules>/@node-red/runtime/locales`, where
 * `<node_modules>` holds the `node-red` package (npm hoists @node-red/runtime beside it), with the
 * copy nested inside node-red's own node_modules as a fallback.
 */
function runtimeLocales(redJs) {
  const nodeRedDir = dirname(redJs);
  const nested = join(nodeRedDir, 'node_modules/@node-red/runtime/locales');
  return existsSync(nested) ? nested : join(dirname(nodeRedDir), '@node-red/runtime/locales');
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The log lines that say "listening" and "flows started", in the runtime's language (settings.lang:
 * Node-RED translates its own log), taken from its catalogue rather than hard-coded in English.
 */
function logMarkers(lang, redJs = RED_JS) {
  const locales = runtimeLocales(redJs);
  const read = (name) => {
    try {
      return JSON.parse(readFileSync(join(locales, name, 'runtime.json'), 'utf8'));
    } catch {
      return undefined;
    }
  };
  const english = read('en-US');
  const catalogue = (lang && (read(lang) ?? read(lang.split('-')[0]))) || english;
  const pick = (get) => get(catalogue) ?? get(english);
  const running = pick((c) => c?.server?.['now-running']).split('__listenpath__').map(escapeRegExp).join('.*');
  return { listening: new RegExp(running), started: new RegExp(escapeRegExp(pick((c) => c?.nodes?.flows?.['started-flows'])), 'g') };
}

async function readReply(response) {
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** fetch with a deadline; objects are sent as JSON. Resolves `{status, headers, text, json}`. */
async function request(url, method, body, headers = {}) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(30_000) };
  if (body !== undefined) {
    if (typeof body === 'string') init.body = body;
    else {
      init.body = JSON.stringify(body);
      init.headers['content-type'] ??= 'application/json';
    }
  }
  return readReply(await fetch(url, init));
}

/**
 * Starts `node red.js` for `userDir` with `settingsFile` on 127.0.0.1:`port` and resolves once it
 * listens. `lang` = the settings' `lang` (the language of Node-RED's log). `echo` (a writable) also receives everything it prints. `login` ({username, password})
 * gets an admin token from POST /auth/token. The result's `stop()` sends SIGTERM and waits for the
 * exit (SIGKILL after 10 s). `redJs` runs another Node-RED install than the devDependency (e.g. the
 * Node-RED 4 of scripts/install-node-red4.mjs); its own catalogues are read for the log markers.
 */
async function startNodeRedProcess({ userDir, settingsFile, port, lang, env = {}, echo, login, startTimeoutMs = 30_000, redJs = RED_JS }) {
  const markers = logMarkers(lang, redJs);
  const countStarts = (text) => text.match(markers.started)?.length ?? 0;
  const child = spawn(process.execPath, [redJs, '--userDir', userDir, '--settings', settingsFile, '--port', String(port), '--no-telemetry'], {
    cwd: userDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
      echo?.write(chunk);
    });
  }
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const logs = () => output;

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
  }

  let token;
  try {
    await waitForOutput(child, logs, (text) => markers.listening.test(text), startTimeoutMs, 'listening');
    if (login) {
      const reply = await request(`${url}/auth/token`, 'POST', { client_id: 'node-red-admin', grant_type: 'password', scope: '*', ...login });
      token = reply.json?.access_token;
      if (reply.status !== 200 || !token) throw new Error(`Node-RED refused the admin login (${reply.status}): ${reply.text}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const admin = (method, path, body, headers = {}) =>
    request(`${url}${path}`, method, body, { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });

  /** Full deployment (admin API v2); resolves with the revision once the new flows have started. */
  async function deploy(flows) {
    // The admin API may answer before the flows have started (http in routes not yet mounted).
    const startsBefore = countStarts(output);
    const reply = await admin('POST', '/flows', { flows }, { 'Node-RED-API-Version': 'v2', 'Node-RED-Deployment-Type': 'full' });
    const rev = reply.json?.rev;
    if (reply.status !== 200 || !rev) throw new Error(`deploy failed (${reply.status}): ${reply.text}\n${output}`);
    await waitForOutput(child, logs, (text) => countStarts(text) > startsBefore, 30_000, 'started flows after the deploy');
    return rev;
  }

  async function flows() {
    const reply = await admin('GET', '/flows', undefined, { 'Node-RED-API-Version': 'v2' });
    if (reply.status !== 200) throw new Error(`GET /flows failed (${reply.status}): ${reply.text}`);
    return reply.json;
  }

  return { url, pid: child.pid, child, token, logs, admin, deploy, flows, stop };
}

module.exports = { RED_JS, freePort, writeSettings, waitForOutput, request, startNodeRedProcess };
