// The Node-RED editor in a real browser, in French: log in, find every Relais node in the palette under
// its "Relais" category, open the edit dialog of every node (and, from them, of each config node)
// without a page error, edit the HTTP action's URL and deploy it, and check the deployed flow through
// the admin API. Saves the README screenshots (docs/images/node-red-palette.png and
// docs/images/node-red-http-request.png).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_MISSING, launchChromium } from '../../support/browser';
import { NODE_RED_ADMIN, startNodeRed, type FlowNode, type NodeRed } from '../../support/node-red';
import { describeWhen, findChromium } from '../../support/prerequisites';
import { relaisTarball } from '../../support/tarball';
import { readExamples } from '../../../scripts/start/demo-flows.cjs';

const IMAGES = join(__dirname, '../../../docs/images');
jest.setTimeout(60_000);

/** The nine palette nodes, with the config node each one's dialog can open (pencil button). */
const PALETTE_NODES: Array<{ type: string; id: string; config?: { property: string; type: string; id: string } }> = [
  { type: 'relais-http-request', id: 'b1000000000001', config: { property: 'credential', type: 'relais-auth', id: 'c1000000000001' } },
  { type: 'relais-sales-task', id: 'b1000000000002', config: { property: 'store', type: 'relais-contact-store', id: 'c1000000000002' } },
  { type: 'relais-crm-upsert', id: 'b1000000000003' },
  { type: 'relais-ai-reply', id: 'b1000000000004', config: { property: 'provider', type: 'relais-ai-provider', id: 'c1000000000003' } },
  { type: 'relais-tag-contact', id: 'b1000000000005' },
  { type: 'relais-block', id: 'b1000000000006' },
  { type: 'relais-conversation', id: 'b1000000000007', config: { property: 'platform', type: 'relais-agent-platform', id: 'c1000000000004' } },
  { type: 'relais-agent-events', id: 'b1000000000008' },
  { type: 'relais-agent-reply', id: 'b1000000000009' },
];

const CONFIG_NAMES: Record<string, string> = { c1000000000001: 'API token', c1000000000002: 'Contacts', c1000000000003: 'AI', c1000000000004: 'Platform' };

function flow(): FlowNode[] {
  const configs: FlowNode[] = [
    { id: 'c1000000000001', type: 'relais-auth', name: CONFIG_NAMES.c1000000000001, kind: 'bearer', credentials: { token: 'browser-test-token' } },
    { id: 'c1000000000002', type: 'relais-contact-store', name: CONFIG_NAMES.c1000000000002, backend: 'sqlite', path: 'relais-contacts.sqlite' },
    { id: 'c1000000000003', type: 'relais-ai-provider', name: CONFIG_NAMES.c1000000000003, base_url: 'https://api.openai.com/v1', model: 'gpt-4o-mini' },
    { id: 'c1000000000004', type: 'relais-agent-platform', name: CONFIG_NAMES.c1000000000004, base_url: 'https://api.ultimate.ai', bot_id: 'demo-bot', credentials: { api_key: 'browser-test-key' } },
  ];
  const refs: Record<string, Record<string, string>> = {
    'relais-http-request': {
      credential: 'c1000000000001',
      http_method: 'GET',
      url: 'https://api.example.com/orders/{{order_number}}',
      content_type: 'json',
      timeout_seconds: '10',
      filter_expression: '{status: status, eta: eta}',
      variables: [{ name: 'order_number', type: 'integer', description: 'Numéro de commande', example: '1001', required: true, default: '' }] as unknown as string,
    },
    'relais-sales-task': { store: 'c1000000000002', assignation: 'commercial', priorite: 'haute' },
    'relais-crm-upsert': { store: 'c1000000000002' },
    'relais-ai-reply': { provider: 'c1000000000003', body_source: 'ai', prompt: 'Bonjour {{contact.first_name}}' },
    'relais-tag-contact': { store: 'c1000000000002', tag: 'prospect' },
    'relais-block': { store: 'c1000000000002' },
    'relais-conversation': { platform: 'c1000000000004', operation: 'message' },
    'relais-agent-events': { platform: 'c1000000000004', path: '/relais/agent' },
    'relais-agent-reply': {},
  };
  const nodes = PALETTE_NODES.map(({ type, id }, index) => ({
    id,
    type,
    z: 'a1000000000001',
    name: '',
    ...refs[type],
    x: 220 + (index % 3) * 260,
    y: 80 + Math.floor(index / 3) * 100,
    wires: type === 'relais-agent-reply' ? [] : type === 'relais-agent-events' ? [[]] : [[], []],
  }));
  return [{ id: 'a1000000000001', type: 'tab', label: 'Relais' }, ...configs, ...nodes];
}

describeWhen(Boolean(findChromium()), 'Node-RED editor in chromium (fr-FR)', CHROMIUM_MISSING, () => {
  let red: NodeRed;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // lang: the runtime's own texts (node status, errors) in French too, not only the editor's.
    [red, browser] = await Promise.all([startNodeRed({ tarball: relaisTarball(), settings: { lang: 'fr' } }), launchChromium()]);
    await red.deploy(flow());
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 1150 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message} ${(error.stack ?? '').split('\n').slice(1, 4).join(' | ')}`));
    await page.goto(`${red.url}/`);
    await page.fill('#node-dialog-login-username', NODE_RED_ADMIN.username);
    await page.fill('#node-dialog-login-password', NODE_RED_ADMIN.password);
    await page.click('#node-dialog-login-submit');
    await page.waitForSelector('#red-ui-palette-container-Relais', { state: 'attached', timeout: 30_000 });
    await page.waitForSelector(`[id="${PALETTE_NODES[0].id}"]`, { timeout: 30_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await red?.stop();
  });

  it('shows the editor in French', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as { RED: { i18n: { lang(): string } } }).RED.i18n.lang())).toMatch(/^fr/);
    await expect(page.locator('#red-ui-header-button-deploy').innerText()).resolves.toMatch(/Déployer/);
  });

  it('lists every Relais node in the palette under the Relais category', async () => {
    const category = page.locator('#red-ui-palette-container-Relais');
    for (const { type } of PALETTE_NODES) {
      await expect(category.locator(`.red-ui-palette-node[data-palette-type="${type}"]`).count()).resolves.toBe(1);
    }
    // French palette label of the HTTP action (from its fr catalogue).
    const label = await category.locator('.red-ui-palette-node[data-palette-type="relais-http-request"]').innerText();
    expect(label.replace(/\s+/g, ' ')).toContain('Appeler une source HTTP');
    mkdirSync(IMAGES, { recursive: true });
    // Fold every other category so the Relais one sits at the top of the palette for the screenshot.
    const open = await page.locator('.red-ui-palette-header[aria-expanded="true"]:visible').evaluateAll((headers) => headers.map((h) => h.id));
    for (const id of open.filter((id) => id !== 'red-ui-palette-header-Relais')) await page.click(`[id="${id}"]`);
    await category.scrollIntoViewIfNeeded();
    // Move the pointer off the palette and let the category tooltip go before the screenshots.
    await page.mouse.move(700, 900);
    await page.waitForFunction("!document.querySelector('.red-ui-popover')");
    const palette = await page.locator('#red-ui-palette').boundingBox();
    const relais = await category.boundingBox();
    if (!palette || !relais) throw new Error('the palette is not on screen');
    await page.screenshot({ path: join(IMAGES, 'node-red-palette.png'), clip: { x: palette.x, y: palette.y, width: palette.width, height: relais.y + relais.height + 8 - palette.y } });
    await page.screenshot({ path: join(IMAGES, 'node-red-editor.png') });
    expect(pageErrors).toEqual([]);
  });

  /**
   * Clicks `button` until `gone` has left the page: a click that lands while the tray is still
   * sliding in can be dropped by the editor, so one retry is not a hidden failure.
   */
  async function closeWith(button: string, gone: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      await page.click(button);
      try {
        await page.locator(gone).first().waitFor({ state: 'detached', timeout: 5_000 });
        return;
      } catch (error) {
        if (attempt === 3) throw new Error(`${button} did not close the dialog (${gone} still there): ${String(error)}`);
      }
    }
  }

  /**
   * Waits until the editor has finished opening the top tray. Node-RED resizes a tray's panes from
   * timers it starts on opening (RED.tray.show); a tray closed before they ran gets its panes resized
   * after they were closed, and Node-RED's own Description pane then throws "Cannot read properties of
   * null (reading 'resize')" (its editor is null once closed). A user cannot click that fast, a test
   * can: the editor raises #red-ui-editor-stack to z-index 13 as the last step of opening.
   */
  async function trayOpened(): Promise<void> {
    await page.waitForFunction("document.getElementById('red-ui-editor-stack').style.zIndex === '13'", undefined, { timeout: 10_000 });
  }

  async function openNode(id: string): Promise<void> {
    await page.dblclick(`[id="${id}"] .red-ui-flow-node`);
    await page.locator('.red-ui-tray .red-ui-tray-body').first().waitFor();
    await page.locator('#node-dialog-ok').waitFor({ state: 'visible' });
    await trayOpened();
  }

  it("opens every node's edit dialog, and each config node's from it, without a page error", async () => {
    for (const node of PALETTE_NODES) {
      await openNode(node.id);
      if (node.config) {
        // The config node's dialog opens over the node's (stacked tray), then closes back to it.
        await page.click(`#node-input-btn-${node.config.property}-edit`);
        await page.locator('#node-config-dialog-cancel').waitFor({ state: 'visible' });
        await trayOpened();
        await expect(page.locator('#node-config-input-name').inputValue()).resolves.toBe(CONFIG_NAMES[node.config.id]);
        await closeWith('#node-config-dialog-cancel', '#node-config-dialog-cancel');
        await page.locator('#node-dialog-cancel').waitFor({ state: 'visible' });
        await trayOpened();
      }
      await closeWith('#node-dialog-cancel', '.red-ui-tray');
      expect({ node: node.type, pageErrors }).toEqual({ node: node.type, pageErrors: [] });
    }
  });

  it("sizes the HTTP action's variables table to its rows and shows the default content type of a node saved without one", async () => {
    const id = PALETTE_NODES[0].id;
    // As a node saved without content_type (or with an empty one) reaches the editor.
    await page.evaluate(`RED.nodes.node('${id}').content_type = ''`);
    await openNode(id);
    await expect(page.locator('#node-input-content_type').inputValue()).resolves.toBe('json');
    const tableHeight = "document.querySelector('.red-ui-tray .red-ui-editableList-container').getBoundingClientRect().height";
    // One variable: about one row, not the whole height of the dialog (it was ~440 px before).
    await page.waitForFunction(`${tableHeight} > 30 && ${tableHeight} < 120`, undefined, { timeout: 5_000 });
    const oneRow = (await page.evaluate(tableHeight)) as number;
    await page.click('.red-ui-tray .red-ui-editableList-addButton');
    await page.waitForFunction(`${tableHeight} > ${oneRow + 25}`, undefined, { timeout: 5_000 });
    const twoRows = (await page.evaluate(tableHeight)) as number;
    expect(twoRows).toBeLessThan(200);
    await closeWith('#node-dialog-cancel', '.red-ui-tray');
    expect(pageErrors).toEqual([]);
  });

  it('edits the HTTP action in its French dialog and deploys the change', async () => {
    await openNode(PALETTE_NODES[0].id);
    const tray = page.locator('.red-ui-tray');
    await expect(tray.innerText()).resolves.toContain('Méthode');
    const url = tray.locator('.relais-row-url input:visible').first();
    await url.fill('https://api.example.com/v2/orders/{{order_number}}');
    await url.press('Tab'); // typedInput copies the value to the node's property on change
    await tray.screenshot({ path: join(IMAGES, 'node-red-http-request.png') });
    await page.click('#node-dialog-ok');
    await page.locator('.red-ui-tray').waitFor({ state: 'detached' });
    await expect(page.locator('#red-ui-header-button-deploy.disabled').count()).resolves.toBe(0);
    await page.click('#red-ui-header-button-deploy');
    // The editor confirms a successful deploy in a notification ("Déployé avec succès").
    await page.locator('.red-ui-notification', { hasText: /succès/ }).waitFor({ timeout: 15_000 });
    await page.locator('#red-ui-header-button-deploy.disabled').waitFor({ timeout: 15_000 });
    const { flows } = await red.flows();
    // The variables table (resources/relais-form.js) saved its row back, every column as it was.
    expect(flows.find((n) => n.id === PALETTE_NODES[0].id)).toMatchObject({
      url: 'https://api.example.com/v2/orders/{{order_number}}',
      credential: 'c1000000000001',
      variables: [{ name: 'order_number', type: 'integer', description: 'Numéro de commande', example: '1001', required: true, default: '' }],
    });
    expect(pageErrors).toEqual([]);
  });
  it("picks the AI reply's tools by node in its French dialog and deploys them", async () => {
    await openNode(PALETTE_NODES[3].id);
    const tray = page.locator('.red-ui-tray');
    await expect(tray.innerText()).resolves.toContain('Outils (nœuds)');
    const choices = tray.locator('.relais-tool-node');
    // The workspace's relais-http-request and relais-block nodes, nothing else.
    await expect(choices.evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value).sort())).resolves.toEqual([PALETTE_NODES[0].id, PALETTE_NODES[5].id]);
    await tray.locator(`.relais-tool-node[value="${PALETTE_NODES[0].id}"]`).check();
    await tray.screenshot({ path: join(IMAGES, 'node-red-ai-reply-tools.png') });
    await page.click('#node-dialog-ok');
    await page.locator('.red-ui-tray').waitFor({ state: 'detached' });
    await expect(page.locator('#red-ui-header-button-deploy.disabled').count()).resolves.toBe(0);
    await page.click('#red-ui-header-button-deploy');
    // The previous test's "succès" may still be shown, and the editor marks the button disabled as soon as
    // a deploy starts: done when its spinner is gone again (the server answered) and nothing is left to deploy.
    await page.locator('.red-ui-deploy-button-spinner').waitFor({ state: 'hidden', timeout: 15_000 });
    await page.locator('#red-ui-header-button-deploy.disabled').waitFor({ timeout: 15_000 });
    const { flows } = await red.flows();
    expect(flows.find((n) => n.id === PALETTE_NODES[3].id)).toMatchObject({ tool_nodes: [PALETTE_NODES[0].id], provider: 'c1000000000003' });
    // Opened again, the pick is shown ticked.
    await openNode(PALETTE_NODES[3].id);
    await expect(page.locator(`.red-ui-tray .relais-tool-node[value="${PALETTE_NODES[0].id}"]`).isChecked()).resolves.toBe(true);
    await closeWith('#node-dialog-cancel', '.red-ui-tray');
    expect(pageErrors).toEqual([]);
  });

  it('opens every Relais node of the example flows in the editor without a page error', async () => {
    const examples = readExamples(join(__dirname, '../../../examples'));
    // The examples as users import them (no localisation), deployed over the test flow.
    await red.deploy(examples);
    await page.reload();
    const tabs = examples.filter((node) => node.type === 'tab');
    await page.locator(`#red-ui-tab-${tabs[0].id}`).waitFor({ timeout: 30_000 });
    let opened = 0;
    for (const tab of tabs) {
      await page.click(`#red-ui-tab-${tab.id} a`);
      for (const node of examples.filter((n) => n.z === tab.id && n.type.startsWith('relais-'))) {
        await openNode(node.id);
        await closeWith('#node-dialog-cancel', '.red-ui-tray');
        opened += 1;
        expect({ example: tab.label, node: node.type, pageErrors }).toEqual({ example: tab.label, node: node.type, pageErrors: [] });
      }
    }
    expect(opened).toBe(examples.filter((n) => n.z && n.type.startsWith('relais-')).length);
    expect(opened).toBeGreaterThanOrEqual(12);
  });

  it('keeps every property of the example nodes when the editor saves them', async () => {
    // What the editor sends on deploy (only the properties its forms declare) must hold everything
    // the example files set, or a node opened and saved in the editor would lose settings.
    const saved = (await page.evaluate('RED.nodes.createCompleteNodeSet(false)')) as FlowNode[];
    const examples = readExamples(join(__dirname, '../../../examples')).filter((n) => n.type.startsWith('relais-'));
    for (const node of examples) {
      const { x: _x, y: _y, wires: _wires, credentials: _credentials, ...settings } = node;
      expect(saved.find((n) => n.id === node.id)).toMatchObject(settings);
    }
  });
});
