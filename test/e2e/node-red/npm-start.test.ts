// `npm start` itself (scripts/start.mjs), as a user runs it: the script starts the emulator, the local
// stand-ins and a real Node-RED with the example flows, prints the editor and chat URLs, serves a chat
// that reaches the emulator's agent, and stops everything on Ctrl-C (SIGINT). The package is the packed
// tarball unpacked where the script stages its build (--no-build), in a private demo home inside the
// repository (RELAIS_DEMO_HOME) so a demo the developer is running is left alone.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { relaisTarball } from '../../support/tarball';

const root = join(__dirname, '../../..');

describe('npm start (scripts/start.mjs)', () => {
  let home: string;
  let demo: ChildProcess;
  let output = '';
  let editorUrl: string;
  let chatUrl: string;

  beforeAll(async () => {
    home = join(root, '.relais', `e2e-demo-${process.pid}`);
    rmSync(home, { recursive: true, force: true });
    mkdirSync(join(home, 'start'), { recursive: true });
    execFileSync('tar', ['-xzf', relaisTarball(), '-C', join(home, 'start')]);
    // A userDir from an earlier run: an older demo tab (other ids, same label, its agent-events on the
    // same path) that must be replaced, and the user's own tab that must be kept.
    mkdirSync(join(home, 'node-red'), { recursive: true });
    writeFileSync(
      join(home, 'node-red/flows.json'),
      JSON.stringify([
        { id: 'old.tab', type: 'tab', label: 'Relais: chat bridge' },
        { id: 'old.platform', type: 'relais-agent-platform', base_url: 'http://127.0.0.1:9', bot_id: 'old', allow_private_network: true },
        { id: 'old.events', type: 'relais-agent-events', z: 'old.tab', platform: 'old.platform', path: '/relais/agent', wires: [[]] },
        { id: 'mine.tab', type: 'tab', label: 'my own flow' },
        { id: 'mine.in', type: 'http in', z: 'mine.tab', url: '/mine', method: 'get', wires: [['mine.out']] },
        { id: 'mine.out', type: 'http response', z: 'mine.tab', statusCode: '204', wires: [] },
      ]),
    );
    demo = spawn(process.execPath, [join(root, 'scripts/start.mjs'), '--port', '0', '--no-build'], {
      cwd: root,
      env: { ...process.env, RELAIS_DEMO_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [demo.stdout, demo.stderr]) stream?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (output.includes('Press Ctrl-C')) resolve();
        else if (output.includes('could not start')) reject(new Error(output));
      };
      demo.stdout?.on('data', check);
      demo.stderr?.on('data', check);
      demo.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
    });
    editorUrl = /Node-RED editor\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1] ?? '';
    chatUrl = /Chat page\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '';
  }, 120_000);

  afterAll(async () => {
    if (demo && demo.exitCode === null && demo.signalCode === null) {
      demo.kill('SIGKILL');
    }
    rmSync(home, { recursive: true, force: true });
  });

  it('prints the editor and chat URLs on 127.0.0.1, with every Relais node type loaded', () => {
    expect(editorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(chatUrl).toBe(`${editorUrl}/relais/chat`);
    expect(output).not.toContain('did not load these node types');
  });

  it("replaces an earlier demo and keeps the user's own flows", async () => {
    expect((await fetch(`${editorUrl}/mine`)).status).toBe(204);
    const flows = (await (await fetch(`${editorUrl}/flows`)).json()) as Array<{ id: string; type: string; label?: string }>;
    expect(flows.map((n) => n.id)).not.toEqual(expect.arrayContaining(['old.tab']));
    expect(flows.some((n) => n.id === 'old.events' || n.id === 'old.platform')).toBe(false);
    expect(flows.filter((n) => n.type === 'tab' && n.label === 'Relais: chat bridge')).toHaveLength(1);
  });

  it('serves the editor and the chat page', async () => {
    expect((await fetch(`${editorUrl}/`)).status).toBe(200);
    const page = await fetch(chatUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Relais demo chat');
  });

  it("talks to the emulator's agent from the chat endpoints", async () => {
    const send = (body: object) => fetch(`${chatUrl}/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await send({ conversationId: 'npm-start-1', start: true, language: 'en' })).status).toBe(202);
    expect((await send({ conversationId: 'npm-start-1', text: 'track order 1002' })).status).toBe(202);
    const deadline = Date.now() + 10_000;
    let texts: string[] = [];
    while (texts.length < 2 && Date.now() < deadline) {
      const reply = await fetch(`${chatUrl}/messages?conversationId=npm-start-1&after=0`);
      texts = ((await reply.json()) as { messages: Array<{ text: string }> }).messages.map((m) => m.text);
      if (texts.length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(texts).toEqual(["Hello! I'm the demo assistant. How can I help you?", 'Order 1002: status: preparing, carrier: DHL, eta: 2026-11-27.']);
  });

  it('stops Node-RED, the emulator and the stand-ins on Ctrl-C (SIGINT) and exits 0', async () => {
    const emulatorUrl = /Agent emulator\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '';
    const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(`${editorUrl}/`)).rejects.toThrow();
    await expect(fetch(`${emulatorUrl}/`)).rejects.toThrow();
  });
});
