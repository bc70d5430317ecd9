// Every Relais n8n node left at its defaults, in a real n8n 2.x (issue 12): each node sets only its
// required parameters and n8n fills in the rest, as it does for any workflow (the editor leaves
// parameters at their defaults out of the saved JSON; n8n fills an omitted collection or
// fixedCollection with `{}` when it runs). The same workflow reaches n8n three ways — `import:workflow`,
// the public REST API (`POST /api/v1/workflows` with an API key made headlessly), and the editor in
// Chromium (a Relais HTTP Request added from the node creator, only its URL typed, saved) — and each
// node must run or fail with the error a user expects (http:// refused, no AI provider), never with an
// internal shape error. Plus: Relais HTTP Tool with no variables under n8n's own AI Agent is a tool
// with an empty schema the model can call, and Relais Agent Trigger + Relais Respond to Agent at their
// defaults answer an action trigger. One n8n start serves the REST API, the trigger and the editor;
// the four workflows then run with `n8n execute` once it is stopped.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Browser, Page } from 'playwright-core';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { CHROMIUM_MISSING, launchChromium } from '../../support/browser';
import { createN8nHost, N8N_OWNER, nodeItems, relaisType, setupOwner, type CredentialSpec, type N8nHost, type N8nServer, type RunData, type Workflow, type WorkflowNode } from '../../support/n8n';
import { describeWhen, findChromium } from '../../support/prerequisites';
import { relaisTarball } from '../../support/tarball';
import { startOrderApi, type OrderApi } from './order-api';
import { postJson } from './post-json';
import { startToolCallingModel, type ToolCallingModel } from './tool-calling-model';
import { credentialRef, itemNode, manualTrigger, relaisNode, workflow } from './workflows';

jest.setTimeout(20 * 60_000); // the first run installs n8n (minutes); afterwards about a minute and a half

const BOT_ID = 'bot-n8n-defaults';
const PLATFORM_KEY = 'platform-Key-defaults-4410';
const MODEL_KEY = 'sk-relais-defaults-e2e-8812';
const TRIGGER_HOOK = 'defaults-agent-hook';
/** Both loopback opt-ins: the one thing added to a node that must reach the local API. */
const LOOPBACK = { options: { allow_http: true, allow_private_network: true } };

type Refs = Record<string, Record<string, { id: string; name: string }>>;

/**
 * One node of each action type with only its required parameters (and the loopback opt-ins where the
 * node must reach the local API), each fed the same item and continuing on failure so every node's
 * outcome is in the run.
 */
function defaultsWorkflow(stem: string, apiUrl: string, refs: Refs): Workflow {
  const status = `${apiUrl}/public/status`;
  const block = { id: 'status', type: 'action', data: { label: 'Status', parameters: { action_type: 'http_request', http_method: 'GET', url: status, allow_http: 'true', allow_private_network: 'true' } } };
  const nodes: WorkflowNode[] = [
    relaisNode('HTTP Request', 'relaisHttpRequest', { url: status, ...LOOPBACK }),
    relaisNode('HTTP Request (only URL)', 'relaisHttpRequest', { url: status }),
    relaisNode('Sales Task', 'relaisSalesTask', {}, { credentials: refs.store }),
    relaisNode('CRM Upsert', 'relaisCrmUpsert', {}, { credentials: refs.store }),
    relaisNode('Tag Contact', 'relaisTagContact', { tag: 'vip' }, { credentials: refs.store }),
    relaisNode('AI Reply', 'relaisAiReply', { prompt: 'Say hello to {{contact.email}}' }),
    relaisNode('Block', 'relaisBlock', { blockJson: JSON.stringify(block) }),
    relaisNode('Conversation', 'relaisConversation', { text: 'Hello' }, { credentials: refs.platform }),
    relaisNode('Respond to Agent', 'relaisRespondToAgent', {}),
  ].map((node) => ({ ...node, onError: 'continueRegularOutput' }));
  const item = itemNode('Item', { platformConversationId: 'conv-defaults', contact: { email: 'ana@example.com' } });
  return workflow(stem, 'Relais nodes at their defaults', [manualTrigger(), item, ...nodes], [['Start', 'Item'], ...nodes.map((node): [string, string] => ['Item', node.name])]);
}

/** What each node of defaultsWorkflow must give: its data, or the error code a user expects. */
function expectDefaultsRan(run: RunData): void {
  const first = (name: string) => nodeItems(run, name)[0] ?? {};
  const outcome = (name: string) => {
    const json = first(name);
    return json.error ? { error: (json.error as { code?: string }).code } : { data: json.data };
  };
  expect({
    'HTTP Request': outcome('HTTP Request'),
    'HTTP Request (only URL)': outcome('HTTP Request (only URL)'),
    'Tag Contact': outcome('Tag Contact'),
    'AI Reply': outcome('AI Reply'),
    Block: outcome('Block'),
  }).toEqual({
    'HTTP Request': { data: { service: 'orders', status: 'up' } },
    'HTTP Request (only URL)': { error: 'insecure_url' },
    'Tag Contact': { data: expect.objectContaining({ tags: ['vip'] }) },
    'AI Reply': { error: 'ai_error' },
    Block: { data: { service: 'orders', status: 'up' } },
  });
  expect(first('Sales Task').data).toEqual(expect.objectContaining({ priorite: 'normale', status: 'open' }));
  expect(first('CRM Upsert').data).toEqual(expect.objectContaining({ created: expect.any(Boolean) }));
  expect(first('Conversation')).toEqual(expect.objectContaining({ operation: 'message' }));
  expect(first('Respond to Agent')).toEqual(expect.objectContaining({ answered: false }));
}

/** A workflow made through n8n's REST APIs: its id and its nodes as n8n stored them. */
interface Created {
  id: string;
  nodes: WorkflowNode[];
}

describe('Relais nodes left at their defaults in a real n8n', () => {
  let host: N8nHost;
  let server: N8nServer | undefined;
  let api: OrderApi;
  let emulator: Emulator;
  let model: ToolCallingModel;
  let browser: Browser | undefined;
  let imported: Workflow;
  let agent: Workflow;
  let noUrl: Workflow;
  let cookie: string;
  let apiKey: string;
  let viaRest: Created;
  let viaEditor: Created | undefined;

  /** A call to n8n's internal REST API as the signed-in owner; `missingOk`: a 404 gives undefined. */
  async function rest(method: string, path: string, body?: unknown, missingOk = false): Promise<unknown> {
    const reply = await fetch(`${server!.url}/rest${path}`, {
      method,
      headers: { cookie, 'content-type': 'application/json', 'browser-id': 'relais-defaults-e2e' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await reply.text();
    if (missingOk && reply.status === 404) return undefined;
    if (!reply.ok) throw new Error(`${method} /rest${path}: ${reply.status} ${text}`);
    return (JSON.parse(text) as { data: unknown }).data;
  }

  /** A call to n8n's public API with the API key. */
  async function publicApi(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const reply = await fetch(`${server!.url}/api/v1${path}`, {
      method,
      headers: { 'x-n8n-api-key': apiKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await reply.text();
    if (!reply.ok) throw new Error(`${method} /api/v1${path}: ${reply.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  }

  beforeAll(async () => {
    [api, emulator, model] = await Promise.all([
      startOrderApi(),
      startEmulator({ host: '127.0.0.1', port: 0, bot_id: BOT_ID, api_key: PLATFORM_KEY }),
      startToolCallingModel({ apiKey: MODEL_KEY, arguments: {} }),
    ]);
    host = await createN8nHost({ tarball: relaisTarball() });
    const credentials: Record<string, CredentialSpec> = {
      store: { id: 'relaisDefStore00', name: 'Contacts (sqlite)', type: 'relaisContactStore', data: { backend: 'sqlite', path: `${host.userFolder}/contacts.sqlite` } },
      platform: {
        id: 'relaisDefPlatfm0',
        name: 'Agent platform (emulator)',
        type: 'relaisAgentPlatformApi',
        data: { baseUrl: emulator.url, botId: BOT_ID, apiKey: PLATFORM_KEY, webhookSecret: '', hmacSecret: '', allowPrivateNetwork: true },
      },
      openAi: { id: 'relaisDefModel00', name: 'Local model', type: 'openAiApi', data: { apiKey: MODEL_KEY, url: model.baseUrl } },
    };
    const refs: Refs = Object.fromEntries(Object.entries(credentials).map(([key, spec]) => [key, { [spec.type]: credentialRef(spec) }]));
    imported = defaultsWorkflow('e2eDefaults', api.url, refs);

    const langchain = (name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, nodeCredentials?: WorkflowNode['credentials']): WorkflowNode =>
      ({ id: `defaults-${name.replace(/\W/g, '-')}`, name, type: `@n8n/n8n-nodes-langchain.${type}`, typeVersion, position: [0, 0], parameters, ...(nodeCredentials ? { credentials: nodeCredentials } : {}) });
    agent = workflow('e2eDefaultsTool', 'Agent with a Relais tool at its defaults', [
      manualTrigger(),
      itemNode('Question', { chatInput: 'Is the order service up?' }),
      langchain('AI Agent', 'agent', 3, { promptType: 'define', text: '={{ $json.chatInput }}', options: { enableStreaming: false } }),
      langchain('Model', 'lmChatOpenAi', 1.2, { model: { __rl: true, mode: 'id', value: 'relais-tool-model' }, options: {} }, refs.openAi),
      relaisNode('Service status', 'relaisHttpTool', { url: `${api.url}/public/status`, ...LOOPBACK }),
    ], [['Start', 'Question'], ['Question', 'AI Agent']]);
    agent.connections.Model = { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] };
    agent.connections['Service status'] = { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] };

    await host.importCredentials(Object.values(credentials));
    noUrl = workflow('e2eDefaultsNoUrl', 'Relais HTTP Request without its URL', [manualTrigger(), relaisNode('HTTP Request', 'relaisHttpRequest', {})]);
    await host.importWorkflows([imported, agent, noUrl]);
    server = await host.start();
    await setupOwner(server);
    const login = await fetch(`${server.url}/rest/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'browser-id': 'relais-defaults-e2e' },
      body: JSON.stringify({ emailOrLdapLoginId: N8N_OWNER.email, password: N8N_OWNER.password }),
    });
    if (!login.ok) throw new Error(`login refused (${login.status}): ${await login.text()}`);
    cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    // An API key as the settings page makes one: every scope the owner may grant, no expiry.
    const scopes = (await rest('GET', '/api-keys/scopes')) as string[];
    apiKey = ((await rest('POST', '/api-keys', { label: 'Relais defaults e2e', scopes, expiresAt: null })) as { rawApiKey: string }).rawApiKey;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    host?.dispose();
    await Promise.all([api?.close(), emulator?.close(), model?.close()]);
  });

  it('takes the workflow through the public REST API as sent, defaults left out', async () => {
    const { id: _id, active: _active, ...body } = imported;
    const created = await publicApi('POST', '/workflows', { ...body, name: 'Relais nodes at their defaults (REST API)' });
    viaRest = { id: String(created.id), nodes: created.nodes as WorkflowNode[] };
    const http = viaRest.nodes.find((node) => node.name === 'HTTP Request (only URL)');
    expect(http?.parameters).toEqual({ url: `${api.url}/public/status` });
  });

  it('answers an action trigger with no results when Agent Trigger and Respond to Agent are at their defaults (REST API, activated)', async () => {
    const trigger = { ...relaisNode('Agent Trigger', 'relaisAgentTrigger', {}, { credentials: { relaisAgentPlatformApi: credentialRef({ id: 'relaisDefPlatfm0', name: 'Agent platform (emulator)' }) }, webhookId: TRIGGER_HOOK }) };
    const wf = workflow('e2eDefaultsTrig', 'Agent trigger at its defaults', [trigger, relaisNode('Respond to Agent', 'relaisRespondToAgent', {})]);
    const { id: _id, active: _active, ...body } = wf;
    const created = await publicApi('POST', '/workflows', body);
    await publicApi('POST', `/workflows/${String(created.id)}/activate`);
    await server!.waitForWebhook(`${TRIGGER_HOOK}/relais-agent`);
    const reply = await postJson(`${server!.url}/webhook/${TRIGGER_HOOK}/relais-agent`, JSON.stringify({
      botId: BOT_ID,
      conversationId: 'c-defaults',
      platformConversationId: 'conv-defaults',
      name: 'check',
      data: [{ key: 'order_number', value: 'A-100' }],
    }));
    expect({ status: reply.status, body: reply.json }).toEqual({ status: 200, body: { results: [] } });
  });

  describeWhen(Boolean(findChromium()), 'from the editor (chromium)', CHROMIUM_MISSING, () => {
    it('saves a Relais HTTP Request added in the editor with only its URL typed', async () => {
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      await signIn(page, server!.url);
      await page.goto(`${server!.url}/workflow/new`);
      // First step: the manual trigger `n8n execute` starts from; then the Relais node after it.
      await page.locator('[data-test-id="canvas-add-button"]').click();
      await addFromCreator(page, 'manual', 'Manual Trigger');
      await page.locator('[data-test-id="canvas-handle-plus"]').first().click();
      await addFromCreator(page, 'Relais HTTP Request', 'Relais HTTP Request');
      // The editor opens the new node's panel.
      await page.locator('[data-test-id="ndv"]').waitFor();
      const url = page.locator('[data-test-id="parameter-input-url"] input');
      await url.fill(`${api.url}/public/status`);
      await url.press('Tab');
      await page.locator('[data-test-id="ndv-close-button"]').click();
      await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
      await page.locator('[data-test-id="canvas-wrapper"]').click({ position: { x: 100, y: 100 } });
      await page.keyboard.press('Control+s');
      // The editor gives the workflow its id as soon as it opens and saves it in the background: until
      // then n8n answers 404 for it, then the workflow without the node.
      const id = /\/workflow\/([A-Za-z0-9]{16})/.exec(new URL(page.url()).pathname)![1];
      const saved = await pollUntil(async () => {
        const workflow = (await rest('GET', `/workflows/${id}`, undefined, true)) as { nodes: WorkflowNode[] } | undefined;
        const node = workflow?.nodes.find((n) => n.type === relaisType('relaisHttpRequest'));
        return node?.parameters.url ? workflow : undefined;
      });
      viaEditor = { id, nodes: saved.nodes };
      const http = saved.nodes.find((node) => node.type === relaisType('relaisHttpRequest'))!;
      // The premise of issue 12: the editor saves what was typed and leaves the untouched variables
      // table out (it keeps untouched collections as {}).
      expect(http.parameters.url).toBe(`${api.url}/public/status`);
      expect(http.parameters).not.toHaveProperty('variables');
    });
  });

  describe('run with `n8n execute` once the server is stopped', () => {
    const runs = new Map<string, RunData>();
    let noUrlOutput = '';

    beforeAll(async () => {
      await server?.stop();
      server = undefined;
      await host.execute(noUrl.id);
      // `n8n execute` prints only "No active execution found" for a workflow n8n refuses to start; the
      // reason is in the execution it stored (what the editor's execution list shows).
      const db = new DatabaseSync(join(host.userFolder, '.n8n/database.sqlite'), { readOnly: true });
      try {
        const row = db.prepare('SELECT d.data AS data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id DESC').get(noUrl.id) as { data: string } | undefined;
        noUrlOutput = row?.data ?? '';
      } finally {
        db.close();
      }
      for (const id of [imported.id, viaRest?.id, viaEditor?.id, agent.id]) {
        if (!id) continue;
        const result = await host.execute(id);
        if (!result.run) throw new Error(`n8n execute ${id} printed no run (exit ${result.code}):\n${result.output.slice(-4000)}`);
        runs.set(id, result.run);
      }
    });

    it('runs every node of the imported workflow, or fails with the error a user expects', () => {
      expectDefaultsRan(runs.get(imported.id)!);
    });

    it('refuses a Relais HTTP Request with no URL before it runs, naming the URL (n8n\'s own check of required parameters)', () => {
      expect(noUrlOutput).toContain('WorkflowHasIssuesError');
      expect(noUrlOutput).toContain('Parameter \\"URL\\" is required');
      expect(noUrlOutput).not.toMatch(/variables/);
    });

    it('runs the workflow made through the public REST API the same way', () => {
      expectDefaultsRan(runs.get(viaRest.id)!);
    });

    describeWhen(Boolean(findChromium()), 'saved from the editor (chromium)', CHROMIUM_MISSING, () => {
      it('runs the node saved from the editor: the http:// URL is refused as such, not the untouched variables', () => {
        const run = runs.get(viaEditor!.id)!;
        const name = viaEditor!.nodes.find((node) => node.type === relaisType('relaisHttpRequest'))!.name;
        const failure = run.data.resultData.runData[name]?.[0]?.error;
        expect(failure?.message).toEqual(expect.stringContaining('[insecure_url]'));
        expect(failure?.message).not.toMatch(/variables/);
      });
    });

    it('offers the AI Agent a Relais HTTP Tool with no variables as a tool with an empty schema, which the model calls', () => {
      const run = runs.get(agent.id)!;
      const tools = model.requests[0]?.tools as Array<{ function: { name: string; parameters: Record<string, unknown> } }> | undefined;
      expect(tools).toHaveLength(1);
      expect(tools![0].function.parameters).toEqual(expect.objectContaining({ type: 'object', properties: {} }));
      expect(tools![0].function.parameters.required ?? []).toEqual([]);
      expect(api.requests.filter((r) => r.url === '/public/status').length).toBeGreaterThan(0);
      const toolMessage = (model.requests[1]?.messages as Array<{ role: string; content: unknown }> | undefined)?.find((m) => m.role === 'tool');
      expect(String(toolMessage?.content)).toContain('up');
      expect(String(nodeItems(run, 'AI Agent')[0].output)).toContain('up');
    });
  });
});

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/signin`);
  await page.fill('#emailOrLdapLoginId', N8N_OWNER.email);
  await page.fill('#password', N8N_OWNER.password);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL((address) => !address.pathname.includes('signin'));
}

/**
 * Types `search` in the open node creator and adds the item named `name`. A community node shows its
 * details first, with an "Add to workflow" button; the editor then opens the node's panel.
 */
async function addFromCreator(page: Page, search: string, name: string): Promise<void> {
  const creator = page.locator('[data-test-id="node-creator"]');
  await creator.locator('input[data-test-id="node-creator-search-bar"]').fill(search);
  await creator.locator('[data-test-id="node-creator-item-name"]', { hasText: new RegExp(`^${name}$`) }).first().click();
  const addButton = creator.getByRole('button', { name: 'Add to workflow' });
  await Promise.race([addButton.waitFor(), creator.waitFor({ state: 'hidden' })]);
  if (await addButton.isVisible()) await addButton.click();
  await creator.waitFor({ state: 'hidden' });
}

/** `read()` until it gives something: the editor saves in the background, with no event to await. */
async function pollUntil<T>(read: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
