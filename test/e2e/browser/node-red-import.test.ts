// The "Import…" and "Test" buttons of the relais-http-request dialog in a real Node-RED 5 and Debian
// chromium: a pasted cURL command fills the form and proposes a relais-auth configuration for its
// secret; a pasted OpenAPI description lists its operations and the chosen one fills the form, its
// variables included; Test shows the redacted request with the variables' examples, then the live
// call's filtered result from a loopback API (allowed in settings.js, as a user would allow an
// internal host). The admin endpoints refuse a caller without the editor's permission.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_MISSING, launchChromium } from '../../support/browser';
import { NODE_RED_ADMIN, startNodeRed, type NodeRed } from '../../support/node-red';
import { describeWhen, findChromium } from '../../support/prerequisites';
import { startTestServer, type TestServer } from '../../support/servers';
import { relaisTarball } from '../../support/tarball';

jest.setTimeout(60_000);

const openApi = (origin: string) => `openapi: 3.0.3
info: {title: Shop, version: "1"}
servers: [{url: "${origin}"}]
paths:
  /orders/{order_number}:
    get:
      operationId: getOrder
      summary: Look up an order
      description: Use when the customer asks where an order is.
      parameters:
        - {name: order_number, in: path, required: true, description: The order number, schema: {type: string, example: A-1001}}
      responses:
        "200":
          description: The order
          content:
            application/json:
              schema:
                type: object
                properties:
                  status: {type: string}
                  tracking: {type: string}
                  internal: {type: object, properties: {margin: {type: number}}}
`;

describeWhen(Boolean(findChromium()), 'Node-RED import and test buttons in chromium', CHROMIUM_MISSING, () => {
  let api: TestServer;
  let red: NodeRed;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    api = await startTestServer((_req, res, _body, url) => {
      if (!url.pathname.startsWith('/orders/')) return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'shipped', tracking: 'TRACK-9', internal: { margin: 0.42 }, order: decodeURIComponent(url.pathname.slice(8)) }));
      return true;
    });
    [red, browser] = await Promise.all([
      startNodeRed({ tarball: relaisTarball(), settings: { relais: { network: { allowed_hosts: [`127.0.0.1:${api.port}`] } } } }),
      launchChromium(),
    ]);
    await red.deploy([
      { id: 'a2000000000001', type: 'tab', label: 'Import' },
      { id: 'b2000000000001', type: 'relais-http-request', z: 'a2000000000001', name: '', http_method: 'GET', url: 'https://example.com', x: 200, y: 100, wires: [[], []] },
      { id: 'b2000000000002', type: 'relais-block', z: 'a2000000000001', name: '', block: '', x: 200, y: 200, wires: [[], []] },
    ]);
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1150 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${red.url}/`);
    await page.fill('#node-dialog-login-username', NODE_RED_ADMIN.username);
    await page.fill('#node-dialog-login-password', NODE_RED_ADMIN.password);
    await page.click('#node-dialog-login-submit');
    await page.waitForSelector('[id="b2000000000001"]', { timeout: 30_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await red?.stop();
    await api?.close();
  });

  async function openNode(id = 'b2000000000001'): Promise<void> {
    await page.dblclick(`[id="${id}"] .red-ui-flow-node`);
    await page.locator('#node-dialog-ok').waitFor({ state: 'visible' });
    await page.waitForFunction("document.getElementById('red-ui-editor-stack').style.zIndex === '13'", undefined, { timeout: 10_000 });
    await page.locator('#relais-import-button').waitFor({ state: 'visible' });
  }

  it('refuses the admin endpoints to a caller without the editor permission', async () => {
    for (const path of ['/relais/import', '/relais/test']) {
      const response = await fetch(`${red.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"source": "curl https://example.com"}' });
      expect(response.status).toBe(401);
    }
  });

  it('imports a cURL command: the form is filled and the secret goes into a proposed relais-auth', async () => {
    await openNode();
    await page.click('#relais-import-button');
    await page.fill('#relais-import-source', `curl -H "Authorization: Bearer s3cret-token-xyz" -H "X-Shop: eu" "${api.origin}/orders/A-1?expand=items"`);
    await page.click('#relais-import-read');
    await page.waitForFunction(`document.getElementById('node-input-url').value === '${api.origin}/orders/A-1'`, undefined, { timeout: 10_000 });
    await expect(page.locator('#node-input-query_json').inputValue()).resolves.toBe('{"expand":"items"}');
    await expect(page.locator('#node-input-headers_json').inputValue()).resolves.toBe('{"X-Shop":"eu"}');
    await expect(page.locator('#relais-editor-message').innerText()).resolves.toContain('An authentication config "_127_0_0_1" was added');
    const auth = (await page.evaluate("(function () { var id = $('#node-input-credential').val(); var n = RED.nodes.node(id); return { type: n.type, kind: n.kind, token: n.credentials.token }; })()")) as Record<string, string>;
    expect(auth).toEqual({ type: 'relais-auth', kind: 'bearer', token: 's3cret-token-xyz' });
    expect(await page.locator('#dialog-form').innerText()).not.toContain('s3cret-token-xyz');
    expect(pageErrors).toEqual([]);
  });

  it('imports an OpenAPI description: pick an operation, the form and its variables are filled; Test shows the request, then the filtered live result', async () => {
    await page.click('#relais-import-button');
    await page.fill('#relais-import-source', openApi(api.origin));
    await page.click('#relais-import-read');
    await page.locator('#relais-import-operation').waitFor();
    await expect(page.locator('#relais-import-operation option').allInnerTexts()).resolves.toEqual(['GET /orders/{order_number} — Look up an order (getOrder)']);
    await page.click('#relais-import-use');
    await page.waitForFunction(`document.getElementById('node-input-url').value === '${api.origin}/orders/{{order_number}}'`, undefined, { timeout: 10_000 });
    await expect(page.locator('.relais-var-name').first().inputValue()).resolves.toBe('order_number');
    await expect(page.locator('.relais-var-example').first().inputValue()).resolves.toBe('A-1001');
    await expect(page.locator('#node-input-filter_include').inputValue()).resolves.toBe('status, tracking');
    // The loopback API speaks http://: opt in, as a user would for an internal service.
    await page.evaluate("$('#node-input-allow_http').prop('checked', true); $('#node-input-credential').val('_ADD_')");
    await page.click('#relais-test-button');
    await page.locator('#relais-test-preview').waitFor({ timeout: 10_000 });
    const preview = JSON.parse(await page.locator('#relais-test-preview').innerText()) as { method: string; url: string };
    expect(preview).toMatchObject({ method: 'GET', url: `${api.origin}/orders/A-1001` });
    const before = api.requests.length;
    await page.click('#relais-test-send');
    await page.waitForFunction("document.getElementById('relais-test-result').innerText.includes('shipped')", undefined, { timeout: 10_000 });
    const result = await page.locator('#relais-test-result').innerText();
    expect(JSON.parse(result.slice(result.indexOf('{')))).toEqual({ status: 'shipped', tracking: 'TRACK-9' });
    expect(api.requests.slice(before).map((r) => r.url)).toEqual(['/orders/A-1001']);
    await page.locator('#relais-editor-row').screenshot({ path: join(__dirname, '../../../docs/images/node-red-import-test.png') });
    expect(pageErrors).toEqual([]);
  });

  it('relais-block: Import fills the block JSON and names the credential; Test runs the block against the API', async () => {
    await page.click('#node-dialog-cancel');
    await page.locator('.red-ui-tray').first().waitFor({ state: 'detached' });
    await openNode('b2000000000002');
    await page.click('#relais-import-button');
    await page.fill('#relais-import-source', `curl -H "X-API-Key: k-123456" ${api.origin}/orders/B-7`);
    await page.click('#relais-import-read');
    await page.waitForFunction("document.getElementById('node-input-block').value.includes('/orders/B-7')", undefined, { timeout: 10_000 });
    const block = JSON.parse(await page.locator('#node-input-block').inputValue()) as { data: { parameters: Record<string, unknown> } };
    expect(block.data.parameters).toMatchObject({ http_method: 'GET', url: `${api.origin}/orders/B-7`, credential: '_127_0_0_1' });
    expect(JSON.stringify(block)).not.toContain('k-123456');
    await expect(page.locator('#node-input-credential_name').inputValue()).resolves.toBe('_127_0_0_1');
    // Test without the (undeployed) credential: the block names one the runtime does not have yet.
    block.data.parameters.credential = undefined;
    block.data.parameters.allow_http = true;
    await page.locator('#node-input-block').fill(JSON.stringify(block));
    await page.click('#relais-test-button');
    await page.locator('#relais-test-send').waitFor({ timeout: 10_000 });
    await page.click('#relais-test-send');
    await page.waitForFunction("document.getElementById('relais-test-result').innerText.includes('B-7')", undefined, { timeout: 10_000 });
    expect(pageErrors).toEqual([]);
  });

  it('Test shows the error and its fallback line when the request is refused (a private address not allowed)', async () => {
    // A literal private address is refused by the preview already: nothing can be sent.
    await page.click('#node-dialog-cancel');
    await page.locator('.red-ui-tray').first().waitFor({ state: 'detached' });
    await openNode();
    await page.evaluate("$('#node-input-url').typedInput('value', 'http://10.255.255.1/orders'); $('#node-input-allow_http').prop('checked', true)");
    await page.click('#relais-test-button');
    await page.waitForFunction("document.getElementById('relais-editor-message').innerText.includes('blocked_url')", undefined, { timeout: 10_000 });
    await expect(page.locator('#relais-editor-message').innerText()).resolves.toContain('Fallback line: This service cannot be reached from here.');
    await expect(page.locator('#relais-test-send').count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
