// The packed Relais module in a real Node-RED 4 (4.1.8, which loads node files with require()), next
// to the Node-RED 5 devDependency every other suite runs: all 14 types load without error and speak
// French for lng=fr, the HTTP action calls a loopback API, relais-block runs block JSON, the AI reply
// asks a local OpenAI-compatible server, tag-contact writes the sqlite store (checked in the database
// file), relais-conversation talks to the agent platform emulator, and a signed (HMAC) action trigger
// goes relais-agent-events → function → relais-agent-reply and back to the caller.
// Node-RED 4 is installed once into ~/.cache/relais by scripts/install-node-red4.mjs (~20 s first time).
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SECRET_HEADER, signatureHeaders } from '../../../src/conversation';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server';
import { startNodeRed, type NodeRed } from '../../support/node-red';
import { relaisTarball } from '../../support/tarball';
import { endpoint, tab, TAB } from './endpoints';

const MODULE = '@relais/n8n-nodes-agent-actions';
const NODE_RED4_VERSION = '4.1.8';
const BOT = 'bot-nr4-e2e';
const SECRET = 'whsec-nr4-e2e-1';
const HMAC = 'hmac-nr4-e2e-2';
const AI_KEY = 'sk-nr4-e2e-secret';
const API_KEY = 'platform-key-nr4-e2e';

/** Installs (or finds cached) Node-RED 4 through the script and returns its red.js. */
function nodeRed4RedJs(): string {
  const script = join(__dirname, '../../../scripts/install-node-red4.mjs');
  const out = execFileSync(process.execPath, [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 });
  return join(out.trim().split('\n').pop() as string, 'node_modules/node-red/red.js');
}

/** A loopback "customer API": GET /orders/<n> answers the order; records the paths it saw. */
async function startApi(seen: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const order = /^\/orders\/(\d+)$/.exec(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    if (!order) res.statusCode = 404;
    res.end(JSON.stringify(order ? { order_number: Number(order[1]), status: 'shipped', internal: 'hidden' } : { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe(`Relais in a real Node-RED ${NODE_RED4_VERSION}`, () => {
  let red: NodeRed;
  let api: Server;
  let dataDir: string;
  let dbPath: string;
  let ai: OpenAiServer;
  let emulator: Emulator;
  const seen: string[] = [];

  beforeAll(async () => {
    const redJs = nodeRed4RedJs();
    [red, api, ai] = await Promise.all([startNodeRed({ tarball: relaisTarball(), redJs, startTimeoutMs: 60_000 }), startApi(seen), startOpenAiServer({ apiKey: AI_KEY })]);
    emulator = await startEmulator({ host: '127.0.0.1', port: 0, bot_id: BOT, api_key: API_KEY, chat_webhook_url: `${red.url}${red.httpNodeRoot}/relais/agent`, actions_webhook_url: `${red.url}${red.httpNodeRoot}/relais/agent` });
    const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    dataDir = mkdtempSync(join(tmpdir(), 'relais-nr4-store-'));
    dbPath = join(dataDir, 'contacts.sqlite');
    await red.deploy([
      tab(),
      { id: 'nr4.store', type: 'relais-contact-store', backend: 'sqlite', path: dbPath },
      ...endpoint('/nr4/order', {
        id: 'nr4.http',
        type: 'relais-http-request',
        http_method: 'GET',
        url: `${apiUrl}/orders/{{order_number}}`,
        variables: [{ name: 'order_number', type: 'integer', required: true }],
        filter: '{"exclude": ["internal"]}',
        content_type: 'json',
        timeout_seconds: '5',
        allow_http: true,
        allow_private_network: true,
        outputs: 2,
      }),
      ...endpoint('/nr4/tag', { id: 'nr4.tag', type: 'relais-tag-contact', store: 'nr4.store', tag: 'nr4-lead', outputs: 2 }),
      ...endpoint('/nr4/upsert', { id: 'nr4.upsert', type: 'relais-crm-upsert', store: 'nr4.store', crm_champ_email: 'email', crm_champ_telephone: 'phone', fields_json: '{"source": "nr4"}', outputs: 2 }),
      ...endpoint('/nr4/task', { id: 'nr4.task', type: 'relais-sales-task', store: 'nr4.store', assignation: 'commercial', priorite: 'haute', title: 'Call {{contact.first_name}}', description: '', outputs: 2 }),
      { id: 'nr4.platform', type: 'relais-agent-platform', base_url: emulator.url, bot_id: BOT, allow_private_network: true, credentials: { api_key: API_KEY } },
      { id: 'nr4.ai', type: 'relais-ai-provider', base_url: ai.baseUrl, model: 'nr4-model', allow_private_network: true, credentials: { api_key: AI_KEY } },
      ...endpoint('/nr4/ai', { id: 'nr4.aireply', type: 'relais-ai-reply', provider: 'nr4.ai', body_source: 'ai', prompt: 'Write to {{contact.first_name}}', system_prompt: 'Be brief.', temperature: '0.2', max_output_tokens: '100', model: '', outputs: 2 }),
      ...endpoint('/nr4/block', { id: 'nr4.block', type: 'relais-block', store: 'nr4.store', block: '', credential: '', credential_name: '', provider: '', outputs: 2 }),
      ...endpoint('/nr4/conversation', { id: 'nr4.conv', type: 'relais-conversation', platform: 'nr4.platform', operation: 'msg', conversationId: 'conversationId', conversationIdType: 'msg', text: 'payload', textType: 'msg', outputs: 2 }),
      {
        id: 'nr4.events',
        type: 'relais-agent-events',
        z: TAB,
        platform: 'nr4.platform',
        path: '/relais/agent',
        answer_timeout_ms: '8000',
        default_online: false,
        default_results: '',
        credentials: { secret: SECRET, hmac_secret: HMAC },
        wires: [['nr4.answer']],
      },
      {
        id: 'nr4.answer',
        type: 'function',
        z: TAB,
        outputs: 1,
        func: "if (msg.topic !== 'action') return null;\nmsg.payload = { order_status: 'shipped', order_number: msg.variables.order_number };\nreturn msg;",
        wires: [['nr4.reply']],
      },
      { id: 'nr4.reply', type: 'relais-agent-reply', z: TAB, answer: 'payload', answerType: 'msg', wires: [] },
    ]);
  }, 300_000);

  afterAll(async () => {
    // NR4_LOGS=1 prints what Node-RED 4 logged (a node's warning is the quickest clue when a test fails).
    if (process.env.NR4_LOGS) process.stderr.write(red.logs());
    await emulator?.close();
    await Promise.all([red?.stop(), ai?.close(), new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve()))]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const manifest = (): { 'node-red': { version: string; nodes: Record<string, string> } } =>
    JSON.parse(readFileSync(join(red.userDir, 'node_modules', MODULE, 'package.json'), 'utf8'));

  it(`runs Node-RED ${NODE_RED4_VERSION}, not the devDependency`, async () => {
    const settings = await red.admin('GET', '/settings');
    expect(settings.json?.version).toBe(NODE_RED4_VERSION);
    expect(manifest()['node-red'].version).toBe('>=4.0.0');
  });

  it('loads all 14 Relais node types, enabled and without error', async () => {
    const sets = (await red.nodeSets()).filter((set) => set.module === MODULE);
    const declared = Object.keys(manifest()['node-red'].nodes).sort();
    expect(declared).toHaveLength(14);
    // Each set registers the one type it is named after.
    expect(sets.flatMap((set) => set.types).sort()).toEqual(declared);
    for (const set of sets) expect({ id: set.id, enabled: set.enabled, err: set.err }).toEqual({ id: set.id, enabled: true, err: undefined });
    expect(red.logs()).not.toMatch(/\[error\]|Failed to register/);
  });

  it('relais-http-request calls the loopback API with the typed variable and filters the answer', async () => {
    const reply = await red.http('POST', '/nr4/order', { order_number: '1001' });
    expect(reply.status).toBe(200);
    expect((reply.json as { payload: unknown }).payload).toEqual({ order_number: 1001, status: 'shipped' });
    expect(seen).toContain('/orders/1001');
    const refused = await red.http('POST', '/nr4/order', { order_number: 'twelve' });
    expect({ status: refused.status, code: (refused.json as { error: { code: string } }).error.code }).toEqual({ status: 502, code: 'invalid_variable' });
  });

  it('relais-tag-contact writes the tag into the sqlite store', async () => {
    const reply = await red.http('POST', '/nr4/tag', { msg: { contact: { first_name: 'Ada', email: 'ada@example.com' } } });
    expect(reply.status).toBe(200);
    expect((reply.json as { payload: { tags: string[] } }).payload.tags).toContain('nr4-lead');
    const db = new DatabaseSync(dbPath, { readOnly: true });
    try {
      expect(db.prepare('SELECT c.email, t.tag FROM relais_contacts c JOIN relais_contact_tags t ON t.contact_id = c.id').all()).toEqual([{ email: 'ada@example.com', tag: 'nr4-lead' }]);
    } finally {
      db.close();
    }
  });

  it('relais-crm-upsert and relais-sales-task write the same sqlite store', async () => {
    const upsert = await red.http('POST', '/nr4/upsert', { msg: { contact: { first_name: 'Grace', email: 'grace@example.com', phone: '06 12 34 56 78' } } });
    expect(upsert.status).toBe(200);
    const task = await red.http('POST', '/nr4/task', { msg: { contact: { first_name: 'Grace', email: 'grace@example.com' } } });
    expect(task.status).toBe(200);
    const db = new DatabaseSync(dbPath, { readOnly: true });
    try {
      expect(db.prepare("SELECT count(*) AS n FROM relais_contacts WHERE email = 'grace@example.com'").get()).toEqual({ n: 1 });
      expect(db.prepare("SELECT count(*) AS n FROM relais_tasks WHERE assignation = 'commercial' AND priorite = 'haute'").get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it('answers a signed action trigger through relais-agent-events → relais-agent-reply; unsigned or wrongly signed is refused', async () => {
    const raw = JSON.stringify({ botId: BOT, conversationId: 'conv-4', platformConversationId: 'conv-4', name: 'lookup_order', data: [{ key: 'order_number', value: '4242' }] });
    const post = (headers: Record<string, string>) => fetch(`${red.url}${red.httpNodeRoot}/relais/agent`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', [SECRET_HEADER]: SECRET, ...headers }, signal: AbortSignal.timeout(20_000) });
    const reply = await post(signatureHeaders(HMAC, raw));
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { results: unknown[] }).results).toEqual(expect.arrayContaining([{ key: 'order_number', value: '4242' }, { key: 'order_status', value: 'shipped' }]));
    expect((await post({})).status).toBe(401);
    expect((await post(signatureHeaders('another-key', raw))).status).toBe(401);
    expect((await post({ ...signatureHeaders(HMAC, raw), [SECRET_HEADER]: 'wrong-secret' })).status).toBe(401);
  });

  it('speaks French for lng=fr: every Relais set has its catalogue', async () => {
    const fr = (await red.messages('fr')) as Record<string, Record<string, { fields?: Record<string, { label: string }> }>>;
    expect(fr[`${MODULE}/relais-http-request`]?.['relais-http-request']?.fields?.http_method.label).toBe('Méthode');
    expect(Object.keys(fr).filter((key) => key.startsWith(`${MODULE}/`))).toHaveLength(14);
  });

  it('relais-block runs seed 001 block JSON given in msg.block', async () => {
    const block = { id: 'b1', type: 'action', data: { label: 'Order', channel: 'http', parameters: { action_type: 'http_request', http_method: 'GET', url: `http://127.0.0.1:${(api.address() as AddressInfo).port}/orders/{{order_number}}`, allow_http: true, allow_private_network: true, variables: [{ name: 'order_number', type: 'integer', required: true }] } } };
    const reply = await red.http('POST', '/nr4/block', { msg: { block, payload: { order_number: '77' } } });
    expect(reply.status).toBe(200);
    expect((reply.json as { payload: unknown }).payload).toMatchObject({ order_number: 77, status: 'shipped' });
    expect(seen).toContain('/orders/77');
  });

  it('relais-ai-reply asks the OpenAI-compatible server with the rendered prompt, and no key comes back', async () => {
    const reply = await red.http('POST', '/nr4/ai', { msg: { contact: { first_name: 'Ada' } } });
    expect(reply.status).toBe(200);
    expect((reply.json as { payload: { source: string; text: string } }).payload).toMatchObject({ source: 'ai', text: expect.any(String) });
    expect(ai.requests.at(-1)?.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Write to Ada' },
    ]);
    expect(JSON.stringify(reply.json)).not.toContain(AI_KEY);
  });

  it('relais-conversation starts a conversation with the emulator and sends a message', async () => {
    const start = await red.http('POST', '/nr4/conversation', { msg: { operation: 'start', conversationId: 'nr4-visitor-1' } });
    expect(start.status).toBe(200);
    const message = await red.http('POST', '/nr4/conversation', { msg: { operation: 'message', conversationId: 'nr4-visitor-1', payload: 'Bonjour' } });
    expect(message.status).toBe(200);
    expect((message.json as { relais: { operation: string; conversation_id: string } }).relais).toMatchObject({ operation: 'message', conversation_id: 'nr4-visitor-1' });
    const transcript = JSON.stringify(emulator.sessions('nr4-visitor-1'));
    expect(transcript).toContain('Bonjour');
    expect(JSON.stringify(message.json)).not.toContain(API_KEY);
  });
});
