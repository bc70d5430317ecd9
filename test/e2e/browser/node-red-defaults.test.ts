// Every Relais Node-RED node as a new user makes it (issue 12): dragged from the palette of the real
// editor (Chromium), only its required fields typed (the URL of the HTTP action, the tag, the agent
// platform of the conversation and events nodes), saved and deployed from the editor. The nodes as the
// editor saved them (read back through the admin API, untouched) are then put behind `http in`
// endpoints and run: each must run, or fail with the error a user expects (an http:// URL refused,
// no AI provider), never with an internal shape error.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { CHROMIUM_MISSING, launchChromium } from '../../support/browser';
import { NODE_RED_ADMIN, startNodeRed, type FlowNode, type NodeRed } from '../../support/node-red';
import { describeWhen, findChromium } from '../../support/prerequisites';
import { relaisTarball } from '../../support/tarball';
import { endpoint, TAB } from '../node-red/endpoints';

jest.setTimeout(180_000);

const BOT_ID = 'bot-node-red-defaults';
const PLATFORM_KEY = 'platform-Key-nr-defaults-5521';

/** The palette nodes in the order they are dropped, with what a user types in each. */
const ACTION_TYPES = ['relais-http-request', 'relais-sales-task', 'relais-crm-upsert', 'relais-ai-reply', 'relais-tag-contact', 'relais-block', 'relais-conversation'] as const;
const EVENT_TYPES = ['relais-agent-events', 'relais-agent-reply'] as const;

/** A public status API on loopback (no authentication). */
async function startStatusApi(): Promise<{ url: string; server: Server; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ service: 'orders', status: 'up' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits };
}

describeWhen(Boolean(findChromium()), 'Relais Node-RED nodes left at their defaults, from the editor (chromium)', CHROMIUM_MISSING, () => {
  let red: NodeRed;
  let browser: Browser;
  let page: Page;
  let emulator: Emulator;
  let api: Awaited<ReturnType<typeof startStatusApi>>;
  const pageErrors: string[] = [];
  /** Node type → the id the editor gave the dropped node. */
  const dropped = new Map<string, string>();
  let saved: FlowNode[] = [];

  beforeAll(async () => {
    [red, browser, emulator, api] = await Promise.all([
      startNodeRed({ tarball: relaisTarball() }),
      launchChromium(),
      startEmulator({ host: '127.0.0.1', port: 0, bot_id: BOT_ID, api_key: PLATFORM_KEY }),
      startStatusApi(),
    ]);
    await red.deploy([{ id: TAB, type: 'tab', label: 'Defaults' }]);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${red.url}/`);
    await page.fill('#node-dialog-login-username', NODE_RED_ADMIN.username);
    await page.fill('#node-dialog-login-password', NODE_RED_ADMIN.password);
    await page.click('#node-dialog-login-submit');
    await page.waitForSelector('#red-ui-palette-container-Relais .red-ui-palette-node', { timeout: 30_000 });
    // The editor shows the deployed tab: the nodes are dropped on it.
    await page.waitForFunction((tab) => (globalThis as unknown as { RED: { workspaces: { active(): string } } }).RED.workspaces.active() === tab, TAB, { timeout: 30_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await red?.stop();
    await emulator?.close();
    await new Promise((resolve) => api?.server.close(resolve));
  });

  /** Drags a palette node onto the workspace; resolves with the new node's id (the editor selects it). */
  async function drop(type: string, index: number): Promise<string> {
    const item = page.locator(`#red-ui-palette-container-Relais .red-ui-palette-node[data-palette-type="${type}"]`);
    await item.scrollIntoViewIfNeeded();
    const from = (await item.boundingBox())!;
    const chart = (await page.locator('#red-ui-workspace-chart').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(chart.x + 160 + (index % 3) * 260, chart.y + 80 + Math.floor(index / 3) * 110, { steps: 12 });
    await page.mouse.up();
    const id = await page.waitForFunction(
      (t) => {
        const selection = (globalThis as unknown as { RED: { view: { selection(): { nodes?: Array<{ id: string; type: string }> } } } }).RED.view.selection();
        return selection.nodes?.length === 1 && selection.nodes[0].type === t ? selection.nodes[0].id : false;
      },
      type,
      { timeout: 10_000 },
    );
    return (await id.jsonValue()) as string;
  }

  /** Opens a node's dialog and waits until the editor has finished opening it (see node-red-editor.test.ts). */
  async function openNode(id: string): Promise<void> {
    await page.dblclick(`[id="${id}"] .red-ui-flow-node`);
    await page.locator('#node-dialog-ok').waitFor({ state: 'visible' });
    await page.waitForFunction("document.getElementById('red-ui-editor-stack').style.zIndex === '13'", undefined, { timeout: 10_000 });
  }

  async function done(): Promise<void> {
    await page.click('#node-dialog-ok');
    await page.locator('.red-ui-tray').first().waitFor({ state: 'detached' });
  }

  async function typeInto(row: string, value: string): Promise<void> {
    const input = page.locator(`.red-ui-tray .relais-row-${row} input:visible`).first();
    await input.fill(value);
    await input.press('Tab'); // typedInput copies the value to the node on change
  }

  it('drops every Relais node from the palette, types only the required fields and deploys', async () => {
    let index = 0;
    for (const type of [...ACTION_TYPES, ...EVENT_TYPES]) dropped.set(type, await drop(type, index++));

    await openNode(dropped.get('relais-http-request')!);
    await typeInto('url', `${api.url}/status`);
    await done();

    await openNode(dropped.get('relais-tag-contact')!);
    await typeInto('tag', 'vip');
    await done();

    // The conversation node needs an agent platform: made from its dialog, as a user does.
    await openNode(dropped.get('relais-conversation')!);
    await page.click('#node-input-btn-platform-add');
    await page.locator('#node-config-dialog-ok').waitFor({ state: 'visible' });
    await page.fill('#node-config-input-base_url', emulator.url);
    await page.fill('#node-config-input-bot_id', BOT_ID);
    await page.fill('#node-config-input-api_key', PLATFORM_KEY);
    await page.check('#node-config-input-allow_private_network'); // the emulator is on loopback
    await page.click('#node-config-dialog-ok');
    await page.locator('#node-config-dialog-ok').waitFor({ state: 'detached' });
    await done();

    // The events node: the user picks the agent platform just made (it was dropped before it existed).
    await openNode(dropped.get('relais-agent-events')!);
    const platforms = await page.locator('#node-input-platform option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
    const platform = platforms.find((value) => value !== '_ADD_');
    expect(platform).toBeDefined();
    await page.selectOption('#node-input-platform', platform!);
    await done();

    await page.click('#red-ui-header-button-deploy');
    // A node the editor thinks misconfigured would raise the "not properly configured" confirmation instead.
    await page.locator('.red-ui-notification', { hasText: /Successfully deployed/ }).waitFor({ timeout: 15_000 });
    saved = (await red.flows()).flows;
    for (const [type, id] of dropped) expect({ type, saved: saved.some((node) => node.id === id && node.type === type) }).toEqual({ type, saved: true });
    expect(pageErrors).toEqual([]);
  });

  describe('the nodes as the editor saved them, run behind http in endpoints', () => {
    beforeAll(async () => {
      const editorNode = (type: string): FlowNode => {
        const node = saved.find((n) => n.id === dropped.get(type));
        if (!node) throw new Error(`${type} was not saved by the editor`);
        return node;
      };
      const configs = saved.filter((node) => !node.z && node.type !== 'tab');
      const events = editorNode('relais-agent-events');
      const reply = editorNode('relais-agent-reply');
      await red.deploy([
        { id: TAB, type: 'tab', label: 'Defaults' },
        ...configs,
        ...ACTION_TYPES.flatMap((type) => endpoint(`/defaults/${type}`, editorNode(type))),
        { ...events, z: TAB, wires: [[reply.id]] },
        { ...reply, z: TAB },
      ]);
    });

    const run = async (type: string, msg: Record<string, unknown>) => {
      const reply = await red.http('POST', `/defaults/${type}`, { msg });
      return reply.json as { ok: boolean; payload?: Record<string, unknown>; error?: { code: string; message: string } };
    };
    const contact = { email: 'ana@example.com' };

    it('relais-http-request with only its URL: the http:// URL is refused as such', async () => {
      const result = await run('relais-http-request', { payload: {} });
      expect(result.error).toEqual(expect.objectContaining({ code: 'insecure_url' }));
      expect(api.hits).toEqual([]);
    });

    it('relais-sales-task, relais-crm-upsert and relais-tag-contact run against the default contact store', async () => {
      const task = await run('relais-sales-task', { contact });
      expect(task).toEqual(expect.objectContaining({ ok: true, payload: expect.objectContaining({ priorite: 'normale', status: 'open' }) }));
      const upsert = await run('relais-crm-upsert', { contact });
      expect(upsert).toEqual(expect.objectContaining({ ok: true, payload: expect.objectContaining({ created: expect.any(Boolean) }) }));
      const tag = await run('relais-tag-contact', { contact });
      expect(tag).toEqual(expect.objectContaining({ ok: true, payload: expect.objectContaining({ tags: ['vip'] }) }));
    });

    it('relais-ai-reply with no AI provider says a provider is needed', async () => {
      const result = await run('relais-ai-reply', { payload: { message: 'Hello' } });
      expect(result.error).toEqual(expect.objectContaining({ code: 'ai_error' }));
    });

    it('relais-block runs a block with no variables given in msg.block', async () => {
      const block = { id: 'status', type: 'action', data: { label: 'Status', parameters: { action_type: 'http_request', http_method: 'GET', url: `${api.url}/status`, allow_http: 'true', allow_private_network: 'true' } } };
      const result = await run('relais-block', { block, payload: {} });
      expect(result).toEqual(expect.objectContaining({ ok: true, payload: { service: 'orders', status: 'up' } }));
    });

    it('relais-conversation sends msg.payload to msg.conversationId', async () => {
      const result = await run('relais-conversation', { conversationId: 'conv-node-red-defaults', payload: 'Hello' });
      expect(result.ok).toBe(true);
    });

    it('relais-agent-events left without a secret does not listen (anybody could post events): the path is not served', async () => {
      // At its defaults the node has no secret and "No secret (testing only)" is not ticked: it refuses
      // to start (red status "no secret set") rather than accept unauthenticated events.
      const reply = await red.http('POST', '/relais/agent', { botId: BOT_ID, conversationId: 'c-nr', platformConversationId: 'conv-nr', name: 'check', data: [{ key: 'order_number', value: ['A-1'] }] });
      expect(reply.status).toBe(404);
    });
  });
});
