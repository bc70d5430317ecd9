// The Relais HTTP Request node in the real n8n editor (headless Debian chromium against `n8n start`):
// the owner signs in, opens a workflow holding the node, the canvas shows the node's subtitle (method
// and URL) and its parameter panel opens with the generated parameters and the imported credential.
// Saves the README screenshot docs/images/n8n-http-request.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_MISSING, launchChromium } from '../../support/browser';
import { createN8nHost, N8N_OWNER, setupOwner, type N8nHost, type N8nServer } from '../../support/n8n';
import { describeWhen, findChromium } from '../../support/prerequisites';
import { relaisTarball } from '../../support/tarball';
import { credentialRef, manualTrigger, relaisNode, workflow } from './workflows';

jest.setTimeout(20 * 60_000); // the first run installs n8n (minutes); afterwards about 40 s

const IMAGE = join(__dirname, '../../../docs/images/n8n-http-request.png');
const URL_TEMPLATE = 'https://api.example.com/orders/{{order_number}}';

const token = { id: 'relaisEditorTokn', name: 'Shop API token', type: 'relaisBearerAuth', data: { token: 'editor-test-token-123', testUrl: '' } };
const lookup = workflow('e2eEditorShot', 'Order status lookup', [
  manualTrigger('When clicking ‘Execute workflow’'),
  relaisNode('Look up order', 'relaisHttpRequest', {
    authentication: 'relaisBearerAuth',
    http_method: 'GET',
    url: URL_TEMPLATE,
    variables: { variable: [
      { name: 'order_number', type: 'string', description: 'The order number from the confirmation email', example: 'A-10023', required: true, default: '' },
      { name: 'include_items', type: 'boolean', description: 'Whether to list the items', example: 'false', required: false, default: 'false' },
    ] },
    content_type: 'json',
    query_json: '{"include_items": "{{include_items}}"}',
    filter: { include: 'order.status, order.tracking, order.eta', max_items: 5 },
    options: { timeout_seconds: 10 },
  }, { credentials: { relaisBearerAuth: credentialRef(token) } }),
]);

describeWhen(Boolean(findChromium()), 'Relais HTTP Request in the n8n editor (chromium)', CHROMIUM_MISSING, () => {
  let host: N8nHost;
  let server: N8nServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    host = await createN8nHost({ tarball: relaisTarball() });
    await host.importCredentials([token]);
    await host.importWorkflows([lookup]);
    [server, browser] = await Promise.all([host.start(), launchChromium()]);
    await setupOwner(server);
    page = await browser.newPage({ viewport: { width: 1440, height: 1300 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/signin`);
    await page.fill('#emailOrLdapLoginId', N8N_OWNER.email);
    await page.fill('#password', N8N_OWNER.password);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    host?.dispose();
  });

  it('shows the node on the canvas with its method and URL as subtitle', async () => {
    await page.goto(`${server.url}/workflow/${lookup.id}`);
    const node = page.locator('[data-test-id="canvas-node"][data-node-name="Look up order"]');
    await node.waitFor({ timeout: 30_000 });
    await expect(node.innerText()).resolves.toContain(`GET ${URL_TEMPLATE}`);
  });

  it('opens the parameter panel with the generated parameters and the imported credential', async () => {
    await page.locator('[data-test-id="canvas-node"][data-node-name="Look up order"]').dblclick();
    // The panel opens under the pointer: move it away now, so no field shows its hover controls (and
    // their fade-out is over) by the time the picture is taken.
    await page.mouse.move(5, 5);
    const panel = page.locator('[data-test-id="ndv"]');
    await panel.waitFor({ timeout: 30_000 });
    const parameters = page.locator('[data-test-id="node-parameters"]');
    await parameters.getByText('Variables', { exact: true }).waitFor({ timeout: 30_000 });
    // n8n renders collections and fixedCollections lazily ("Loading fields..." first): read the panel
    // once it shows no loading placeholder and the variables' rows are filled in.
    await page.waitForFunction(
      () => {
        type Panel = { innerText: string; querySelectorAll(selector: string): ArrayLike<{ value: string }> };
        const page = globalThis as unknown as { document: { querySelector(selector: string): Panel | null } };
        const panel = page.document.querySelector('[data-test-id="node-parameters"]');
        if (!panel || /Loading fields/.test(panel.innerText)) return false;
        return Array.from(panel.querySelectorAll('input')).some((input) => input.value === 'include_items');
      },
      undefined,
      { timeout: 30_000 },
    );
    const text = await parameters.innerText();
    for (const label of ['Authentication', 'Method', 'URL', 'Variables', 'Required']) expect(text).toContain(label);
    const inputs = await parameters.locator('input').evaluateAll((elements) => elements.map((e) => (e as unknown as { value: string }).value));
    expect(inputs).toEqual(expect.arrayContaining([token.name, URL_TEMPLATE, 'order_number', 'include_items']));
    expect(pageErrors.filter((message) => /relais/i.test(message))).toEqual([]);

    mkdirSync(join(IMAGE, '..'), { recursive: true });
    await panel.screenshot({ path: IMAGE });
  });
});
