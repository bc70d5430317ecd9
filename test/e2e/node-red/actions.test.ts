// Every Relais action node in a real Node-RED (packed tarball installed by npm, flows deployed through
// the admin API), driven through `http in` endpoints: the HTTP action against a loopback API (typed
// variable in the path, bearer credential, response filter, 404 and invalid-variable failures), the
// platform actions against the sqlite contact store (checked in the database file itself), the AI
// reply against an OpenAI-compatible loopback server, and relais-block with seed 001 block JSON.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { relaisTarball } from '../../support/tarball';
import { startNodeRed, type NodeRed } from '../../support/node-red';
import { endpoint, tab } from './endpoints';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

const TOKEN = 'e2e-bearer-token-7f3a';

/** The loopback "customer API" the HTTP action calls; it records every request. */
async function startApi(seen: Seen[]): Promise<Server> {
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      const order = /^\/orders\/(\d+)$/.exec(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (order && order[1] !== '404') {
        res.end(JSON.stringify({ order_number: Number(order[1]), status: 'shipped', internal: { margin: 0.42 }, lines: [1, 2, 3, 4, 5, 6] }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: 'not found' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** OpenAI-compatible chat completions on loopback; records the request bodies. */
async function startAi(bodies: Array<Record<string, unknown>>): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { messages: Array<{ role: string; content: string }>; model?: string };
      bodies.push(parsed);
      const last = parsed.messages[parsed.messages.length - 1]?.content ?? '';
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          id: 'chatcmpl-e2e',
          object: 'chat.completion',
          model: parsed.model ?? 'e2e-model',
          choices: [{ index: 0, message: { role: 'assistant', content: `draft for: ${last}` }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: Server): number => (server.address() as AddressInfo).port;
const close = (server: Server | undefined): Promise<void> => new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));

describe('Relais action nodes in a real Node-RED', () => {
  let red: NodeRed;
  let api: Server;
  let ai: Server;
  let dataDir: string;
  const seen: Seen[] = [];
  const aiBodies: Array<Record<string, unknown>> = [];
  let dbPath: string;

  beforeAll(async () => {
    [red, api, ai] = await Promise.all([startNodeRed({ tarball: relaisTarball() }), startApi(seen), startAi(aiBodies)]);
    dataDir = mkdtempSync(join(tmpdir(), 'relais-e2e-store-'));
    dbPath = join(dataDir, 'contacts.sqlite');
    const apiUrl = `http://127.0.0.1:${portOf(api)}`;
    const httpDefaults = { content_type: 'json', timeout_seconds: '5', allow_http: true, allow_private_network: true };
    await red.deploy([
      tab(),
      { id: 'e2e.auth', type: 'relais-auth', name: 'api token', kind: 'bearer', credentials: { token: TOKEN } },
      { id: 'e2e.store', type: 'relais-contact-store', backend: 'sqlite', path: dbPath },
      { id: 'e2e.ai', type: 'relais-ai-provider', base_url: `http://127.0.0.1:${portOf(ai)}/v1`, model: 'e2e-model', allow_private_network: true, credentials: { api_key: 'sk-e2e-secret' } },
      ...endpoint('/e2e/order', {
        id: 'e2e.http',
        type: 'relais-http-request',
        http_method: 'GET',
        url: `${apiUrl}/orders/{{order_number}}`,
        credential: 'e2e.auth',
        variables: [{ name: 'order_number', type: 'integer', description: 'order number', example: '1001', required: true, default: '' }],
        filter: '{"exclude": ["internal"], "max_items": 2}',
        ...httpDefaults,
        outputs: 2,
      }),
      // The same action with its failure output left unwired: the error must reach the Catch node.
      { id: 'e2e.catchable.in', type: 'http in', z: 'e2e.tab', url: '/e2e/catchable', method: 'post', wires: [['e2e.catchable']] },
      {
        id: 'e2e.catchable',
        type: 'relais-http-request',
        z: 'e2e.tab',
        http_method: 'GET',
        url: `${apiUrl}/orders/{{order_number}}`,
        variables: [{ name: 'order_number', type: 'integer', required: true }],
        ...httpDefaults,
        wires: [['e2e.catchable.out'], []],
      },
      { id: 'e2e.catch', type: 'catch', z: 'e2e.tab', scope: ['e2e.catchable'], uncaught: false, wires: [['e2e.catch.shape']] },
      { id: 'e2e.catch.shape', type: 'function', z: 'e2e.tab', outputs: 1, func: 'msg.statusCode = 500;\nmsg.payload = { caught: msg.error };\nreturn msg;', wires: [['e2e.catchable.out']] },
      { id: 'e2e.catchable.out', type: 'http response', z: 'e2e.tab', statusCode: '', headers: {}, wires: [] },
      ...endpoint('/e2e/upsert', { id: 'e2e.upsert', type: 'relais-crm-upsert', store: 'e2e.store', crm_champ_email: 'email', crm_champ_telephone: 'phone', fields_json: '{"source": "e2e"}', outputs: 2 }),
      ...endpoint('/e2e/tag', { id: 'e2e.tag', type: 'relais-tag-contact', store: 'e2e.store', tag: 'hot-lead', outputs: 2 }),
      ...endpoint('/e2e/task', { id: 'e2e.task', type: 'relais-sales-task', store: 'e2e.store', assignation: 'commercial', priorite: 'haute', title: 'Call {{contact.first_name}}', description: '', outputs: 2 }),
      ...endpoint('/e2e/ai', {
        id: 'e2e.aireply',
        type: 'relais-ai-reply',
        provider: 'e2e.ai',
        body_source: 'ai',
        prompt: 'Write to {{contact.first_name}}',
        system_prompt: 'Be brief.',
        temperature: '0.2',
        max_output_tokens: '100',
        model: '',
        outputs: 2,
      }),
      ...endpoint('/e2e/block', { id: 'e2e.block', type: 'relais-block', store: 'e2e.store', block: '', credential: '', credential_name: '', provider: '', outputs: 2 }),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([red?.stop(), close(api), close(ai)]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('relais-http-request', () => {
    it('fills the typed variable into the path, sends the bearer credential and filters the response', async () => {
      const reply = await red.http('POST', '/e2e/order', { order_number: '1001' });
      expect(reply.status).toBe(200);
      const body = reply.json as { payload: Record<string, unknown>; relais: { status: number; duration_ms: number; truncated: boolean } };
      // "internal" excluded; the array cut to 2 items with an explicit marker for the model.
      expect(body.payload).toEqual({ order_number: 1001, status: 'shipped', lines: [1, 2, { '…truncated': '4 more items' }] });
      expect(body.relais.status).toBe(200);
      expect(body.relais.truncated).toBe(true);
      expect(typeof body.relais.duration_ms).toBe('number');
      const request = seen.find((s) => s.url === '/orders/1001');
      expect(request?.authorization).toBe(`Bearer ${TOKEN}`);
      expect(JSON.stringify(body)).not.toContain(TOKEN);
    });

    it('sends an HTTP error to the failure output with msg.error', async () => {
      const reply = await red.http('POST', '/e2e/order', { msg: { variables: { order_number: 404 } } });
      expect(reply.status).toBe(502);
      const error = (reply.json as { error: { code: string; status: number; message: string } }).error;
      expect(error.code).toBe('http_404');
      expect(error.status).toBe(404);
      expect(error.message).not.toContain(TOKEN);
    });

    it('refuses a variable of the wrong type before calling the API', async () => {
      const before = seen.length;
      const reply = await red.http('POST', '/e2e/order', { order_number: 'twelve' });
      expect(reply.status).toBe(502);
      expect((reply.json as { error: { code: string } }).error.code).toBe('invalid_variable');
      expect(seen.length).toBe(before);
    });
  });

  describe('errors without a failure output', () => {
    it('reach a Catch node with the error code and leave the runtime running', async () => {
      const reply = await red.http('POST', '/e2e/catchable', { order_number: '404' });
      expect(reply.status).toBe(500);
      const caught = (reply.json as { caught: { message: string; code?: string; source: { id: string } } }).caught;
      expect(caught.source.id).toBe('e2e.catchable');
      expect(caught.message).toMatch(/404/);
      expect(caught).toMatchObject({ code: 'http_404' });
      // Still serving: the failure was reported, not thrown out of the async handler.
      expect((await red.http('POST', '/e2e/catchable', { order_number: '7' })).json).toMatchObject({ order_number: 7 });
    });
  });

  describe('platform actions on the sqlite contact store', () => {
    const contact = { first_name: 'Ada', last_name: 'Lovelace', email: 'Ada@Example.com', phone_number: '+33612345678' };

    it('upserts, tags and opens a task for the contact, all in the database file', async () => {
      const upsert = await red.http('POST', '/e2e/upsert', { msg: { contact } });
      expect(upsert.status).toBe(200);
      const saved = (upsert.json as { payload: { contact: { id: string }; created: boolean } }).payload;
      expect(saved.created).toBe(true);

      const again = await red.http('POST', '/e2e/upsert', { msg: { contact } });
      expect((again.json as { payload: { created: boolean; contact: { id: string } } }).payload).toMatchObject({ created: false, contact: { id: saved.contact.id } });

      const tag = await red.http('POST', '/e2e/tag', { msg: { contact } });
      expect(tag.status).toBe(200);
      expect((tag.json as { payload: { tags: string[] } }).payload.tags).toContain('hot-lead');

      const task = await red.http('POST', '/e2e/task', { msg: { contact } });
      expect(task.status).toBe(200);

      const db = new DatabaseSync(dbPath, { readOnly: true });
      try {
        const rows = db.prepare('SELECT id, email, first_name FROM relais_contacts').all() as Array<{ id: string; email: string; first_name: string }>;
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ id: saved.contact.id, first_name: 'Ada' });
        expect(db.prepare('SELECT tag FROM relais_contact_tags WHERE contact_id = ?').all(saved.contact.id)).toEqual([{ tag: 'hot-lead' }]);
        const tasks = db.prepare('SELECT title, assignation, priorite, status FROM relais_tasks WHERE contact_id = ?').all(saved.contact.id);
        expect(tasks).toEqual([{ title: 'Call Ada', assignation: 'commercial', priorite: 'haute', status: 'open' }]);
      } finally {
        db.close();
      }
    });

    it('runs a seed 001 block given on msg.block', async () => {
      const block = {
        id: 'create-sales-task',
        type: 'action',
        position: { x: 960, y: 100 },
        data: { label: 'Créer une tâche commerciale', subtitle: 'Suivi humain', channel: 'commercial', description: 'Ouvre une tâche.', parameters: { assignation: 'support', priorite: 'basse' } },
      };
      const reply = await red.http('POST', '/e2e/block', { msg: { block, contact: { first_name: 'Grace', email: 'grace@example.com' } } });
      expect(reply.status).toBe(200);
      expect((reply.json as { payload: { assignation: string; priorite: string } }).payload).toMatchObject({ assignation: 'support', priorite: 'basse' });
      const db = new DatabaseSync(dbPath, { readOnly: true });
      try {
        expect(db.prepare("SELECT count(*) AS n FROM relais_tasks WHERE assignation = 'support' AND priorite = 'basse'").get()).toEqual({ n: 1 });
      } finally {
        db.close();
      }
    });

    it('reports an invalid block with invalid_block and the JSON path', async () => {
      const reply = await red.http('POST', '/e2e/block', { msg: { block: { id: 'x', type: 'action', data: { label: 'x', channel: 'http', parameters: { action_type: 'http_request', http_method: 'FETCH' } } } } });
      expect(reply.status).toBe(502);
      const error = (reply.json as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('invalid_block');
      expect(error.message).toMatch(/http_method|url/);
    });
  });

  describe('relais-ai-reply', () => {
    it('asks the OpenAI-compatible provider with the rendered prompt and returns its text', async () => {
      const reply = await red.http('POST', '/e2e/ai', { msg: { contact: { first_name: 'Ada' } } });
      expect(reply.status).toBe(200);
      const payload = (reply.json as { payload: { text: string; model: string; source: string } }).payload;
      expect(payload).toMatchObject({ text: 'draft for: Write to Ada', model: 'e2e-model', source: 'ai' });
      const sent = aiBodies[aiBodies.length - 1] as { model: string; temperature: number; messages: Array<{ role: string; content: string }> };
      expect(sent.model).toBe('e2e-model');
      expect(sent.temperature).toBe(0.2);
      expect(sent.messages).toEqual([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Write to Ada' },
      ]);
      expect(JSON.stringify(reply.json)).not.toContain('sk-e2e-secret');
    });
  });
});
