// The platform action nodes (relais-crm-upsert, relais-tag-contact, relais-sales-task, relais-ai-reply)
// in a real Node-RED runtime against the real sqlite store in a temp folder and a local
// OpenAI-compatible server; a shared contact store config node means one shared runtime.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startCrmServer } from '../../support/crm-server';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server';
import { distModule } from './support/build';
import { firstOf, helper, helperNode, relaisNodes, statusOf, tempUserDir } from './support/harness';

jest.setTimeout(120_000);

const userDir = tempUserDir();
let ai: OpenAiServer;
const AI_KEY = 'sk-Secret-ai-112233';

beforeAll(async () => {
  relaisNodes();
  ai = await startOpenAiServer({ apiKey: AI_KEY, defaultModel: 'test-model' });
  helper.settings({ userDir: userDir.dir, relais: {} });
  await helper.startServer();
});

afterEach(async () => {
  await helper.unload();
});

afterAll(async () => {
  await helper.stopServer();
  await ai.close();
  userDir.remove();
});

const contact = { email: 'jeanne.martin@example.com', first_name: 'Jeanne', last_name: 'Martin', phone_number: '06 12 34 56 78' };

function leadFlow(storeConfig: Record<string, unknown>) {
  return [
    { id: 'store1', type: 'relais-contact-store', ...storeConfig },
    { id: 'upsert', type: 'relais-crm-upsert', store: 'store1', fields_json: '{"source": "{{medium}}"}', wires: [['tag'], ['failed']] },
    { id: 'tag', type: 'relais-tag-contact', store: 'store1', tag: 'lead-chaud', tagType: 'str', wires: [['task'], ['failed']] },
    { id: 'task', type: 'relais-sales-task', store: 'store1', assignation: 'équipe-ventes', assignationType: 'str', priorite: 'haute', wires: [['ok'], ['failed']] },
    helperNode('ok'),
    helperNode('failed'),
  ];
}

describe('platform action nodes', () => {
  it('upserts, tags and opens a task for the msg.contact in a sqlite store, one runtime for the three nodes', async () => {
    const path = join(userDir.dir, 'leads.sqlite');
    await helper.load(relaisNodes(), leadFlow({ backend: 'sqlite', path }));
    expect(distModule<{ liveRuntimes(): number }>('lib/runtimes').liveRuntimes()).toBe(1);
    const green = statusOf('task', (s) => s.fill === 'green');
    const out = firstOf(['ok', 'failed']);
    helper.getNode('upsert').receive({ contact, medium: 'whatsapp', direction: 'inbound' });
    const { id, msg } = await out;
    expect(id).toBe('ok');
    expect(msg.payload).toMatchObject({ title: expect.stringContaining('Jeanne'), assignation: 'équipe-ventes', priorite: 'haute', status: 'open' });
    expect(msg.relais).toMatchObject({ action_type: 'sales_task' });
    expect((await green).text).toMatch(/^ok · \d+ ms$/);
    expect(existsSync(path)).toBe(true);

    // the same contact again: found (not created twice), tag idempotent
    const again = firstOf(['ok', 'failed']);
    helper.getNode('tag').receive({ contact });
    expect((await again).id).toBe('ok');

    // stopping the flow closes the shared runtime (store handle, pools)
    await helper.unload();
    expect(distModule<{ liveRuntimes(): number }>('lib/runtimes').liveRuntimes()).toBe(0);
  });

  it('uses relais-contacts.sqlite in the Node-RED user directory when no store is selected', async () => {
    await helper.load(relaisNodes(), [
      { id: 'tag', type: 'relais-tag-contact', tag: 'vip', tagType: 'str', wires: [['ok'], ['failed']] },
      helperNode('ok'),
      helperNode('failed'),
    ]);
    const out = firstOf(['ok', 'failed']);
    helper.getNode('tag').receive({ contact: { email: 'vip@example.com' } });
    const { id, msg } = await out;
    expect(id).toBe('ok');
    expect(msg.payload).toMatchObject({ tag: 'vip', tags: ['vip'] });
    expect(existsSync(join(userDir.dir, 'relais-contacts.sqlite'))).toBe(true);
  });

  it('fails with a clear error when the contact cannot be identified', async () => {
    await helper.load(relaisNodes(), [
      { id: 'tag', type: 'relais-tag-contact', tag: 'vip', tagType: 'str', wires: [['ok'], ['failed']] },
      helperNode('ok'),
      helperNode('failed'),
    ]);
    const out = firstOf(['ok', 'failed']);
    helper.getNode('tag').receive({ payload: 'no contact here' });
    const { id, msg } = await out;
    expect(id).toBe('failed');
    expect(msg.error.code).toBeDefined();
    expect(msg.error.message).toMatch(/contact/i);
  });

  it('writes an AI reply through the configured provider, the key as a credential never in the output', async () => {
    await helper.load(
      relaisNodes(),
      [
        { id: 'prov', type: 'relais-ai-provider', base_url: ai.baseUrl, model: 'test-model', allow_private_network: true },
        { id: 'reply', type: 'relais-ai-reply', provider: 'prov', body_source: 'ai', prompt: 'Write to {{contact.first_name}}', temperature: '0.2', temperatureType: 'num', wires: [['ok'], ['failed']] },
        helperNode('ok'),
        helperNode('failed'),
      ],
      { prov: { api_key: AI_KEY } },
    );
    const out = firstOf(['ok', 'failed']);
    helper.getNode('reply').receive({ contact });
    const { id, msg } = await out;
    expect(id).toBe('ok');
    expect(typeof msg.payload.text).toBe('string');
    expect(msg.payload.source).toBe('ai');
    expect(ai.requests.at(-1)?.headers.authorization).toBe(`Bearer ${AI_KEY}`);
    expect(JSON.stringify(ai.requests.at(-1)?.body.messages)).toContain('Jeanne');
    expect(JSON.stringify(msg)).not.toContain(AI_KEY);
  });

  it('sends an AI provider refusal to the failure output as ai_error', async () => {
    await helper.load(
      relaisNodes(),
      [
        { id: 'prov', type: 'relais-ai-provider', base_url: ai.baseUrl, model: 'unauthorized', allow_private_network: true },
        { id: 'reply', type: 'relais-ai-reply', provider: 'prov', body_source: 'ai', prompt: 'Hello', wires: [['ok'], ['failed']] },
        helperNode('ok'),
        helperNode('failed'),
      ],
      { prov: { api_key: AI_KEY } },
    );
    const out = firstOf(['ok', 'failed']);
    helper.getNode('reply').receive({});
    const { id, msg } = await out;
    expect(id).toBe('failed');
    expect(msg.error.code).toBe('ai_error');
    expect(JSON.stringify(msg.error)).not.toContain(AI_KEY);
  });

  it('renders a template without any provider (body_source template)', async () => {
    await helper.load(relaisNodes(), [
      { id: 'reply', type: 'relais-ai-reply', body_source: 'template', template: 'Merci {{contact.first_name}} !', wires: [['ok'], ['failed']] },
      helperNode('ok'),
      helperNode('failed'),
    ]);
    const out = firstOf(['ok', 'failed']);
    helper.getNode('reply').receive({ contact });
    const { id, msg } = await out;
    expect(id).toBe('ok');
    expect(msg.payload.text).toBe('Merci Jeanne !');
  });

  it('uses a REST CRM through a relais-contact-store of backend http, authenticated by a relais-auth node', async () => {
    const crm = await startCrmServer({ token: 'crm-Secret-777' });
    try {
      await helper.load(
        relaisNodes(),
        [
          { id: 'auth1', type: 'relais-auth', kind: 'bearer' },
          { id: 'store1', type: 'relais-contact-store', backend: 'http', base_url: crm.baseUrl, auth: 'auth1', allow_private_network: true, allow_http: true },
          { id: 'tag', type: 'relais-tag-contact', store: 'store1', tag: 'crm-lead', tagType: 'str', wires: [['ok'], ['failed']] },
          helperNode('ok'),
          helperNode('failed'),
        ],
        { auth1: { token: 'crm-Secret-777' } },
      );
      const out = firstOf(['ok', 'failed']);
      helper.getNode('tag').receive({ contact: { email: 'marc@example.com' } });
      const { id, msg } = await out;
      expect(id).toBe('ok');
      expect(msg.payload.tags).toContain('crm-lead');
      expect(crm.requests.length).toBeGreaterThan(0);
      expect(crm.requests.every((r) => r.headers.authorization === 'Bearer crm-Secret-777')).toBe(true);
      expect(JSON.stringify(msg)).not.toContain('crm-Secret-777');
    } finally {
      await helper.unload();
      await crm.close();
    }
  });
});

