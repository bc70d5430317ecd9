// `npm start` — the Relais demo, offline: builds the package, starts the local agent platform emulator,
// local stand-ins for an orders API and an OpenAI-compatible model, and a real Node-RED (the
// devDependency) on 127.0.0.1 with Relais installed in its userDir (.relais/node-red) and every example
// flow deployed, including a web chat page talking to the emulator's agent. Ctrl-C stops everything.
// Usage: node scripts/start.mjs [--port 1880] [--emulator-port 3999] [--no-build]
// Environment: RELAIS_DEMO_PORT, RELAIS_EMULATOR_PORT (same as the flags); RELAIS_DEMO_HOME (default
// .relais: the build goes to <home>/start/package, Node-RED's userDir is <home>/node-red).
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { freePort, startNodeRedProcess, writeSettings } = require('./start/node-red.cjs');
const { localiseExamples, mergeDemo, readExamples } = require('./start/demo-flows.cjs');
const { startLocalServices } = require('./start/local-services.cjs');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Where the demo keeps its build and its Node-RED userDir. It must stay inside the repository: the
// linked package finds its dependencies in the repository's node_modules.
const home = resolve(process.env.RELAIS_DEMO_HOME || join(root, '.relais'));
const stage = join(home, 'start/package');
const userDir = join(home, 'node-red');
const PACKAGE_NAME = '@relais/n8n-nodes-agent-actions';
const BOT_ID = 'relais-demo-bot';
const API_KEY = 'relais-demo-key';

function option(flag, envName, fallback) {
  const index = process.argv.indexOf(flag);
  const raw = index === -1 ? process.env[envName] : process.argv[index + 1];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`relais: ${flag} must be a port number from 0 to 65535 (got "${raw}")`);
    process.exit(2);
  }
  return port;
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 13)) {
    console.error(
      `relais: Node ${process.versions.node} is too old for the demo (Node-RED 5 and the sqlite contact store need Node >= 22.13).\n` +
        'Run it with `npm start` after `npm install`: npm puts the Node 24 of the devDependencies first on PATH.',
    );
    process.exit(1);
  }
}

/** Builds and stages the package exactly as it is packed (scripts/pack.mjs), never touching ./dist. */
function build() {
  const started = Date.now();
  execFileSync(process.execPath, [join(root, 'scripts/pack.mjs'), stage], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`relais: built the package into ${relative(root, stage)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/**
 * Installs the staged package into the userDir by symlink: no registry, no network. Node resolves its
 * dependencies (zod, undici…) from the repository's node_modules, above the staged folder.
 */
function installIntoUserDir() {
  mkdirSync(join(userDir, 'node_modules/@relais'), { recursive: true });
  const link = join(userDir, 'node_modules', PACKAGE_NAME);
  if (existsSync(link) || isSymlink(link)) rmSync(link, { recursive: true, force: true });
  symlinkSync(relative(dirname(link), stage), link, 'dir');
  const manifest = join(userDir, 'package.json');
  const current = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')) : { name: 'relais-demo', description: 'Node-RED userDir of the Relais demo', version: '0.0.1', private: true };
  current.dependencies = { ...current.dependencies, [PACKAGE_NAME]: `file:${relative(userDir, stage)}` };
  writeFileSync(manifest, `${JSON.stringify(current, null, 2)}\n`);
}

function isSymlink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function demoSettings(port) {
  return {
    uiHost: '127.0.0.1',
    uiPort: port,
    flowFile: 'flows.json',
    // The demo's credentials (emulator key, stand-in AI key) are encrypted with this local secret.
    credentialSecret: 'relais-local-demo',
    httpNodeRoot: '/',
    diagnostics: { enabled: false },
    telemetry: { enabled: false },
    editorTheme: { tours: false, projects: { enabled: false }, page: { title: 'Relais demo — Node-RED' } },
    externalModules: { palette: { allowInstall: false } },
    logging: { console: { level: 'info', metrics: false, audit: false } },
  };
}

async function main() {
  checkNode();
  const nodeRedPort = option('--port', 'RELAIS_DEMO_PORT', 1880);
  const emulatorPort = option('--emulator-port', 'RELAIS_EMULATOR_PORT', 0);
  if (!process.argv.includes('--no-build') || !existsSync(join(stage, 'dist'))) build();
  installIntoUserDir();

  const port = nodeRedPort === 0 ? await freePort() : nodeRedPort;
  const editorUrl = `http://127.0.0.1:${port}`;
  const webhookUrl = `${editorUrl}/relais/agent`;
  const stops = [];
  let stopping;
  const stopAll = async () => {
    stopping ??= (async () => {
      for (const stop of stops.reverse()) await stop().catch((error) => console.error(`relais: ${error.message}`));
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      console.log(`\nrelais: stopping (${signal})…`);
      stopAll().then(() => process.exit(0));
    });
  }

  try {
    const services = await startLocalServices();
    stops.push(services.close);
    const { startEmulator } = require(join(stage, 'dist/src/emulator/index.js'));
    const emulator = await startEmulator({
      host: '127.0.0.1',
      port: emulatorPort,
      bot_id: BOT_ID,
      api_key: API_KEY,
      chat_webhook_url: webhookUrl,
      actions_webhook_url: webhookUrl,
    });
    stops.push(() => emulator.close());

    const settingsFile = writeSettings(userDir, demoSettings(port), 'Written by scripts/start.mjs at each start (the Relais demo)');
    const red = await startNodeRedProcess({ userDir, settingsFile, port, echo: process.stdout, startTimeoutMs: 60_000 });
    stops.push(red.stop);

    const demo = localiseExamples(readExamples(join(stage, 'examples')), {
      ordersUrl: services.ordersUrl,
      aiUrl: services.aiUrl,
      emulatorUrl: emulator.url,
      botId: BOT_ID,
      apiKey: API_KEY,
    });
    const deployed = await red.flows();
    await red.deploy(mergeDemo(deployed.flows, demo));
    const loaded = new Set(((await red.admin('GET', '/nodes')).json ?? []).flatMap((set) => set.types));
    const missing = [...new Set(demo.map((node) => node.type))].filter((type) => type !== 'tab' && !loaded.has(type));
    if (missing.length > 0) console.warn(`relais: WARNING — Node-RED did not load these node types, so the flows using them do not run: ${missing.join(', ')}`);

    console.log(`
──────────────────────────────────────────────────────────────────────────────
 Relais demo is running (everything on 127.0.0.1, no account, no internet)
   Node-RED editor   ${editorUrl}/
   Chat page         ${editorUrl}/relais/chat
   Agent emulator    ${emulator.url}   (local stand-in of the agent platform)
   Local stand-ins   ${services.ordersUrl}/orders/1001   (orders API)
                     ${services.aiUrl}   (OpenAI-compatible model — canned replies, not a real AI)
   userDir           ${relative(process.cwd(), userDir) || '.'}   (contacts in relais-contacts.sqlite)
 Press Ctrl-C to stop.
──────────────────────────────────────────────────────────────────────────────`);
  } catch (error) {
    // Node-RED's own log is already on screen: name the failure in one line.
    console.error(`relais: the demo could not start: ${String(error.message).split('\n')[0]}`);
    if (/EADDRINUSE|address already in use|port in use/i.test(error.message)) {
      console.error(`relais: port ${port} is taken — run \`npm start -- --port <another port>\` (0 = any free port).`);
    }
    await stopAll();
    process.exit(1);
  }
}

main();
