// Every Relais action node inside a real n8n 2.x: the packed tarball installed as a community package,
// credentials imported (n8n encrypts them), workflows imported and run with `n8n execute`, against
// real servers on 127.0.0.1 — an order API, the embedded sqlite contact store, an OpenAI-compatible
// server and the agent platform emulator. Nothing here is mocked.
import { DatabaseSync } from 'node:sqlite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { createN8nHost, nodeItems, type CredentialSpec, type N8nHost, type RunData, type Workflow } from '../../support/n8n';
import { startOidcServer, startResourceServer, type OidcClient, type OidcServer, type ResourceServer } from '../../support/oidc';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server';
import { relaisTarball } from '../../support/tarball';
import { ORDER_API_TOKEN, startOrderApi, type OrderApi } from './order-api';
import { credentialRef, itemNode, manualTrigger, relaisNode, workflow } from './workflows';

jest.setTimeout(20 * 60_000); // the first run installs n8n (minutes); afterwards the file takes about a minute

const AI_KEY = 'sk-relais-e2e-0042';
const PLATFORM_KEY = 'platform-Key-e2e-7781';
const BOT_ID = 'bot-n8n-e2e';
const BASIC_PASSWORD = 'basic-Pass-3321';
const HEADER_SECRET = 'header-Secret-5512';
const BODY_SECRET = 'body-Secret-6623';
const OAUTH_API: OidcClient = { id: 'orders-api', secret: 'n8n-e2e-api-secret-2e4f6a' };
const OAUTH_CLIENT: OidcClient = { id: 'relais-n8n-e2e', secret: 'n8n-e2e-client-secret-8b0d2f' };
/** Every secret the workflows hold: none may appear in any node's output. */
const SECRETS = [ORDER_API_TOKEN, AI_KEY, PLATFORM_KEY, BASIC_PASSWORD, HEADER_SECRET, BODY_SECRET, OAUTH_CLIENT.secret];

describe('Relais action nodes in a real n8n', () => {
  let host: N8nHost;
  let api: OrderApi;
  let ai: OpenAiServer;
  let emulator: Emulator;
  let oidc: OidcServer;
  let resource: ResourceServer;
  let storePath: string;
  const runs = new Map<string, RunData>();

  const cred = (id: string, name: string, type: string, data: Record<string, unknown>): CredentialSpec => ({ id, name, type, data });

  /** Runs a workflow once per file and keeps its run data; fails with n8n's own output when it did not succeed. */
  async function run(workflowId: string): Promise<RunData> {
    const known = runs.get(workflowId);
    if (known) return known;
    const result = await host.execute(workflowId);
    if (!result.ok || !result.run) throw new Error(`n8n execute ${workflowId} failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
    runs.set(workflowId, result.run);
    return result.run;
  }

  let credentials: Record<string, CredentialSpec>;
  let workflows: Record<string, Workflow>;

  beforeAll(async () => {
    [api, ai, emulator] = await Promise.all([
      startOrderApi(),
      startOpenAiServer({ apiKey: AI_KEY, defaultModel: 'relais-e2e-model' }),
      startEmulator({ host: '127.0.0.1', port: 0, bot_id: BOT_ID, api_key: PLATFORM_KEY }),
    ]);
    oidc = await startOidcServer([OAUTH_API, OAUTH_CLIENT]);
    resource = await startResourceServer(oidc, OAUTH_API);
    host = await createN8nHost({ tarball: relaisTarball() });
    storePath = join(host.userFolder, 'relais-contacts.sqlite');

    credentials = {
      bearer: cred('relaisCredBearer', 'Order API token', 'relaisBearerAuth', { token: ORDER_API_TOKEN, testUrl: '' }),
      basic: cred('relaisCredBasic0', 'Order API basic', 'relaisBasicAuth', { username: 'agent', password: BASIC_PASSWORD, testUrl: '' }),
      header: cred('relaisCredHeader', 'Order API key header', 'relaisHeaderAuth', { name: 'X-Api-Key', secretValue: HEADER_SECRET, testUrl: '' }),
      body: cred('relaisCredBody00', 'Order API body field', 'relaisBodyAuth', { name: 'api_key', secretValue: BODY_SECRET, testUrl: '' }),
      oauth2: cred('relaisCredOAuth2', 'Orders API (OAuth2)', 'relaisClientCredentialsOAuth2Api', {
        tokenUrl: oidc.tokenUrl,
        clientId: OAUTH_CLIENT.id,
        clientSecret: OAUTH_CLIENT.secret,
        scope: 'orders:read',
        clientAuth: 'basic',
        allowPrivateNetwork: true,
        allowedHosts: new URL(resource.origin).host,
        testUrl: '',
      }),
      store: cred('relaisCredStore0', 'Contacts (sqlite)', 'relaisContactStore', { backend: 'sqlite', path: storePath }),
      ai: cred('relaisCredAi0000', 'Local model server', 'relaisAiProviderApi', { baseUrl: ai.baseUrl, apiKey: AI_KEY, model: 'relais-e2e-model', allowPrivateNetwork: true }),
      platform: cred('relaisCredPlatfm', 'Agent platform (emulator)', 'relaisAgentPlatformApi', {
        baseUrl: emulator.url,
        botId: BOT_ID,
        apiKey: PLATFORM_KEY,
        webhookSecret: '',
        hmacSecret: '',
        allowPrivateNetwork: true,
      }),
    };
    const auth = (key: keyof typeof credentials) => ({ [credentials[key].type]: credentialRef(credentials[key]) });
    const loopback = { allow_http: true, allow_private_network: true, timeout_seconds: 5 };
    const lookup = (name: string, extra: Record<string, unknown> = {}) =>
      relaisNode(name, 'relaisHttpRequest', {
        authentication: 'relaisBearerAuth',
        http_method: 'GET',
        url: `${api.url}/orders/{{order_number}}`,
        variables: { variable: [
          { name: 'order_number', type: 'string', description: 'The order number, e.g. A-100', example: 'A-100', required: true, default: '' },
          { name: 'verbose', type: 'boolean', description: 'Whether to ask for details', example: 'true', required: false, default: 'false' },
        ] },
        query_json: '{"verbose": "{{verbose}}"}',
        filter: { exclude: 'order.internal_notes, customer.ssn', max_items: 2 },
        options: loopback,
        ...extra,
      }, { credentials: auth('bearer'), onError: 'continueErrorOutput' });
    const post = (name: string, authentication: string, key: keyof typeof credentials) =>
      relaisNode(name, 'relaisHttpRequest', {
        authentication,
        http_method: 'POST',
        url: `${api.url}/verify`,
        content_type: 'json',
        variables: { variable: [
          { name: 'email', type: 'email', description: 'Customer email', required: true },
          { name: 'birth_year', type: 'integer', description: 'Year of birth', required: true },
        ] },
        body_json: '{"email": "{{email}}", "birth_year": {{birth_year}}}',
        options: loopback,
      }, { credentials: auth(key), onError: 'continueErrorOutput' });

    workflows = {
      http: workflow('relaisE2eHttpWf1', 'E2E HTTP Request', [
        manualTrigger(),
        itemNode('Order item', { variables: { order_number: 'A-100', verbose: 'true' } }),
        lookup('Lookup order'),
        lookup('Lookup missing order', { url: `${api.url}/orders/Z-404` }),
        lookup('Lookup without opt-in', { options: { allow_http: true, timeout_seconds: 5 } }),
      ], [['Start', 'Order item'], ['Order item', 'Lookup order'], ['Order item', 'Lookup missing order'], ['Order item', 'Lookup without opt-in']]),
      auth: workflow('relaisE2eAuthWf1', 'E2E auth credentials', [
        manualTrigger(),
        itemNode('Verify item', { email: 'ada@example.com', birth_year: '1990' }),
        post('Verify basic', 'relaisBasicAuth', 'basic'),
        post('Verify header', 'relaisHeaderAuth', 'header'),
        post('Verify body', 'relaisBodyAuth', 'body'),
      ], [['Start', 'Verify item'], ['Verify item', 'Verify basic'], ['Verify item', 'Verify header'], ['Verify item', 'Verify body']]),
      oauth2: workflow('relaisE2eOAuthWf', 'E2E OAuth2 client credentials', [
        manualTrigger(),
        itemNode('Orders item', {}),
        relaisNode('Orders first', 'relaisHttpRequest', { authentication: 'relaisClientCredentialsOAuth2Api', http_method: 'GET', url: `${resource.origin}/orders`, variables: { variable: [] }, options: loopback }, { credentials: auth('oauth2'), onError: 'continueErrorOutput' }),
        relaisNode('Orders again', 'relaisHttpRequest', { authentication: 'relaisClientCredentialsOAuth2Api', http_method: 'GET', url: `${resource.origin}/orders`, variables: { variable: [] }, options: loopback }, { credentials: auth('oauth2'), onError: 'continueErrorOutput' }),
        relaisNode('Orders elsewhere', 'relaisHttpRequest', { authentication: 'relaisClientCredentialsOAuth2Api', http_method: 'GET', url: `${api.url}/orders/A-100`, variables: { variable: [] }, options: loopback }, { credentials: auth('oauth2'), onError: 'continueErrorOutput' }),
      ], [['Start', 'Orders item'], ['Orders item', 'Orders first'], ['Orders first', 'Orders again'], ['Orders again', 'Orders elsewhere']]),
      store: workflow('relaisE2eStoreWf', 'E2E contact store', [
        manualTrigger(),
        itemNode('Contact item', { contact: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone_number: '+33612345678' }, variables: { plan: 'pro' } }),
        relaisNode('Upsert contact', 'relaisCrmUpsert', { crm_champ_email: '{{contact.email}}', crm_champ_telephone: '{{contact.phone_number}}', options: { fields_json: '{"plan": "{{plan}}"}' } }, { credentials: auth('store') }),
        itemNode('Same contact', { contact: { email: 'ada@example.com', first_name: 'Ada' } }),
        relaisNode('Tag contact', 'relaisTagContact', { tag: 'vip' }, { credentials: auth('store') }),
        relaisNode('Sales task', 'relaisSalesTask', { assignation: 'sales-team', priorite: 'haute', title: 'Call {{contact.first_name}} back' }, { credentials: auth('store') }),
      ], [['Start', 'Contact item'], ['Contact item', 'Upsert contact'], ['Upsert contact', 'Same contact'], ['Same contact', 'Tag contact'], ['Same contact', 'Sales task']]),
      ai: workflow('relaisE2eAiReply', 'E2E AI reply', [
        manualTrigger(),
        itemNode('Question', { contact: { first_name: 'Ada' }, variables: { question: 'Where is my parcel?' } }),
        relaisNode('AI reply', 'relaisAiReply', {
          body_source: 'ai',
          prompt: 'Answer {{contact.first_name}}: {{question}}',
          system_prompt: 'You are a courteous support agent.',
          temperature: 0.2,
          max_output_tokens: 120,
          model: '',
        }, { credentials: auth('ai') }),
      ]),
      block: workflow('relaisE2eBlockWf', 'E2E Relais Block', [
        manualTrigger(),
        itemNode('Block item', {
          contact: { email: 'grace@example.com', first_name: 'Grace' },
          block: { id: 'tag-from-item', type: 'action', position: { x: 0, y: 0 }, data: { label: 'Tag', channel: 'tag_contact', parameters: { action_type: 'tag_contact', tag: 'from-item' } } },
        }),
        relaisNode('Pasted block', 'relaisBlock', {
          source: 'parameter',
          blockJson: JSON.stringify({ id: 'tag-pasted', type: 'action', position: { x: 0, y: 0 }, data: { label: 'Tag', channel: 'tag_contact', parameters: { action_type: 'tag_contact', tag: 'pasted' } } }),
        }, { credentials: auth('store') }),
        relaisNode('Block from item', 'relaisBlock', { source: 'item', blockField: 'block' }, { credentials: auth('store') }),
      ], [['Start', 'Block item'], ['Block item', 'Pasted block'], ['Block item', 'Block from item']]),
      conversation: workflow('relaisE2eConvers', 'E2E conversation', [
        manualTrigger(),
        itemNode('Chat', { platformConversationId: 'conv-n8n-e2e-1', text: 'Bonjour, où est ma commande ?' }),
        relaisNode('Start session', 'relaisConversation', { operation: 'start', conversationId: '={{ $json.platformConversationId }}' }, { credentials: auth('platform') }),
        relaisNode('Send message', 'relaisConversation', { operation: 'message', conversationId: "={{ $('Chat').item.json.platformConversationId }}", text: "={{ $('Chat').item.json.text }}" }, { credentials: auth('platform') }),
        relaisNode('Set metadata', 'relaisConversation', { operation: 'metadata', conversationId: "={{ $('Chat').item.json.platformConversationId }}", key: 'crm_id', value: 'C-42', sanitize: false }, { credentials: auth('platform') }),
        relaisNode('End session', 'relaisConversation', { operation: 'end', conversationId: "={{ $('Chat').item.json.platformConversationId }}" }, { credentials: auth('platform') }),
      ]),
    };

    await host.importCredentials(Object.values(credentials));
    await host.importWorkflows(Object.values(workflows));
  });

  afterAll(async () => {
    host?.dispose();
    await Promise.all([api?.close(), ai?.close(), emulator?.close(), resource?.close()]);
    await oidc?.close();
  });

  it('HTTP Request: typed variables in path and query, bearer credential, response filter, loopback opt-in', async () => {
    const result = await run(workflows.http.id);
    const [item] = nodeItems(result, 'Lookup order');
    const calls = api.requests.filter((r) => r.url.startsWith('/orders/A-100'));
    expect(calls.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([['GET', '/orders/A-100?verbose=true', `Bearer ${ORDER_API_TOKEN}`]]);
    const data = item.data as { order: Record<string, unknown>; customer: Record<string, unknown>; items: unknown[] };
    expect(data.order).toEqual({ id: 'A-100', status: 'shipped', tracking: 'TRK-77' });
    expect(data.customer).toEqual({ name: 'Ada' });
    // max_items 2: the first two, then Relais' explicit truncation marker (never a silent cut).
    expect(data.items).toEqual([{ sku: 'S1' }, { sku: 'S2' }, { '…truncated': '1 more item' }]);
    expect(item.relais).toEqual(expect.objectContaining({ status: 200 }));
  });

  it('HTTP Request: an API error and a refused loopback address go to the error output with their Relais code', async () => {
    const result = await run(workflows.http.id);
    expect(nodeItems(result, 'Lookup missing order', 0)).toEqual([]);
    const [missing] = nodeItems(result, 'Lookup missing order', 1);
    expect(missing.error).toEqual(expect.objectContaining({ code: 'http_404', status: 404 }));
    const [blocked] = nodeItems(result, 'Lookup without opt-in', 1);
    expect(blocked.error).toEqual(expect.objectContaining({ code: 'blocked_url' }));
    expect(api.requests.filter((r) => r.url.startsWith('/orders/Z-404'))).toHaveLength(1);
  });

  it('HTTP Request: basic, header and body credentials each reach the API; integers stay numbers in JSON', async () => {
    const result = await run(workflows.auth.id);
    const verify = api.requests.filter((r) => r.url === '/verify');
    expect(verify).toHaveLength(3);
    const basic = verify.find((r) => r.headers.authorization?.startsWith('Basic '));
    expect(Buffer.from(String(basic?.headers.authorization).slice(6), 'base64').toString()).toBe(`agent:${BASIC_PASSWORD}`);
    expect(verify.find((r) => r.headers['x-api-key'])?.headers['x-api-key']).toBe(HEADER_SECRET);
    const bodies = verify.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies).toContainEqual({ email: 'ada@example.com', birth_year: 1990, api_key: BODY_SECRET });
    expect(bodies.filter((b) => b.birth_year === 1990)).toHaveLength(3);
    // Bearer-only API: the three nodes authenticate differently, so it answers 401 — reported, not thrown.
    for (const name of ['Verify basic', 'Verify header', 'Verify body']) {
      expect(nodeItems(result, name, 1)[0].error).toEqual(expect.objectContaining({ code: 'http_401', status: 401 }));
    }
  });

  it('HTTP Request with OAuth2 client credentials: one token from the real authorization server for both calls, bound to its host', async () => {
    const before = api.requests.length;
    const result = await run(workflows.oauth2.id);
    for (const name of ['Orders first', 'Orders again']) {
      expect(nodeItems(result, name, 1)).toEqual([]);
      expect(nodeItems(result, name)[0].data).toEqual(expect.objectContaining({ ok: true, client_id: OAUTH_CLIENT.id }));
    }
    await oidc.sync();
    expect(oidc.tokenRequests.filter((r) => r.client === OAUTH_CLIENT.id)).toEqual([{ status: 200, client: OAUTH_CLIENT.id }]);
    // Allowed Hosts: the order API is another host, refused before anything is sent.
    expect(nodeItems(result, 'Orders elsewhere', 1)[0].error).toEqual(expect.objectContaining({ code: 'blocked_url' }));
    expect(api.requests.length).toBe(before);
    const text = JSON.stringify(result);
    const token = resource.requests.at(-1)?.token as string;
    expect(text).not.toContain(OAUTH_CLIENT.secret);
    expect(text).not.toContain(token);
  });

  it('CRM Upsert, Tag Contact and Sales Task write to the sqlite contact store', async () => {
    const result = await run(workflows.store.id);
    const [upsert] = nodeItems(result, 'Upsert contact');
    expect(upsert.data).toEqual(expect.objectContaining({ created: true, contact: expect.objectContaining({ email: 'ada@example.com' }) }));
    const [tag] = nodeItems(result, 'Tag contact');
    expect(tag.data).toEqual(expect.objectContaining({ tag: 'vip', tags: ['vip'], contact_created: false }));
    const [task] = nodeItems(result, 'Sales task');
    expect(task.data).toEqual(expect.objectContaining({ title: 'Call Ada back', priorite: 'haute', assignation: 'sales-team', status: 'open' }));

    const db = new DatabaseSync(storePath, { readOnly: true });
    try {
      const contacts = db.prepare('SELECT id, email, phone, fields FROM relais_contacts').all();
      const contactId = (upsert.data as { contact: { id: string } }).contact.id;
      expect(contacts).toEqual([{ id: contactId, email: 'ada@example.com', phone: '+33612345678', fields: '{"plan":"pro"}' }]);
      expect(db.prepare('SELECT contact_id, tag FROM relais_contact_tags').all()).toEqual([{ contact_id: contactId, tag: 'vip' }]);
      expect(db.prepare('SELECT contact_id, title, priorite FROM relais_tasks').all()).toEqual([{ contact_id: contactId, title: 'Call Ada back', priorite: 'haute' }]);
    } finally {
      db.close();
    }
  });

  it('AI Reply calls the OpenAI-compatible server with the rendered prompt and the credential key', async () => {
    const before = ai.requests.length;
    const result = await run(workflows.ai.id);
    const sent = ai.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].headers.authorization).toBe(`Bearer ${AI_KEY}`);
    expect(sent[0].body).toEqual(expect.objectContaining({ model: 'relais-e2e-model', temperature: 0.2 }));
    expect(JSON.stringify(sent[0].body.messages)).toContain('Answer Ada: Where is my parcel?');
    const [reply] = nodeItems(result, 'AI reply');
    expect(reply.data).toEqual(expect.objectContaining({ source: 'ai', text: expect.stringContaining('Where is my parcel?') }));
  });

  it('Relais Block runs a pasted block and a block taken from the item', async () => {
    const result = await run(workflows.block.id);
    expect(nodeItems(result, 'Pasted block')[0].data).toEqual(expect.objectContaining({ tag: 'pasted' }));
    expect(nodeItems(result, 'Block from item')[0].data).toEqual(expect.objectContaining({ tag: 'from-item' }));
    const db = new DatabaseSync(storePath, { readOnly: true });
    try {
      const tags = db.prepare("SELECT t.tag FROM relais_contact_tags t JOIN relais_contacts c ON c.id = t.contact_id WHERE c.email = 'grace@example.com' ORDER BY t.tag").all();
      expect(tags).toEqual([{ tag: 'from-item' }, { tag: 'pasted' }]);
    } finally {
      db.close();
    }
  });

  it('Relais Conversation starts a session, sends a message, sets metadata and ends it on the agent platform', async () => {
    await run(workflows.conversation.id);
    await emulator.idle();
    const calls = emulator.exchanges().filter((e) => e.kind === 'chat_api' && e.platformConversationId === 'conv-n8n-e2e-1');
    expect(calls.map((e) => [e.event, e.status])).toEqual([['startSession', 200], ['message', 200], ['metadata', 200], ['endSession', 200]]);
    expect(calls[1].body).toEqual(expect.objectContaining({ text: 'Bonjour, où est ma commande ?' }));
  });

  it('no secret appears in any node output of any run', async () => {
    for (const id of Object.values(workflows).map((w) => w.id)) await run(id);
    const everything = JSON.stringify([...runs.values()].map((r) => r.data.resultData.runData));
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
  });

  it('loads every Relais node type, the Relais HTTP Tool sub-node and the …Tool variants n8n makes of the action nodes', async () => {
    const file = join(host.userFolder, 'nodes-export.json');
    const exported = await host.cli(['export:nodes', `--output=${file}`]);
    expect(exported.code).toBe(0);
    const types = JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string; displayName: string; properties?: unknown[] }>;
    const relais = types.map((t) => t.name).filter((name) => name.startsWith('@relais/n8n-nodes-agent-actions.')).map((name) => name.split('.')[1]).sort();
    const nodes = ['relaisSalesTask', 'relaisHttpRequest', 'relaisHttpTool', 'relaisCrmUpsert', 'relaisAiReply', 'relaisTagContact', 'relaisBlock', 'relaisConversation', 'relaisAgentTrigger', 'relaisRespondToAgent'];
    for (const name of nodes) expect(relais).toContain(name);
    for (const name of ['relaisSalesTask', 'relaisHttpRequest', 'relaisCrmUpsert', 'relaisAiReply', 'relaisTagContact']) expect(relais).toContain(`${name}Tool`);
    expect(relais).not.toContain('relaisAgentTriggerTool');
  });
});
