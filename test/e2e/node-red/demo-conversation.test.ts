// A whole conversation through what `npm start` deploys: every examples/*.json, localised to the
// local stand-ins exactly as scripts/start.mjs does, in a real Node-RED with the packed tarball, talking
// to the emulator shipped in that same tarball. The visitor side goes through the chat page's own
// endpoints (POST /relais/chat/send, GET /relais/chat/messages); the agent's lookup_order action is
// answered by relais-http-request → relais-agent-reply; isTeamOnline and escalate go through too.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { readExamples, localiseExamples } from '../../../scripts/start/demo-flows.cjs';
import { startLocalServices, type LocalServices } from '../../../scripts/start/local-services.cjs';
import { relaisTarball } from '../../support/tarball';
import { startNodeRed, type FlowNode, type NodeRed } from '../../support/node-red';

interface ExchangeEntry {
  kind: string;
  event: string;
  platformConversationId?: string;
  body?: unknown;
  answer?: unknown;
}
interface Emulator {
  url: string;
  close(): Promise<void>;
  waitFor(predicate: (entry: ExchangeEntry) => boolean, timeout_ms?: number): Promise<ExchangeEntry>;
}
interface PageMessage {
  from: string;
  text: string;
  buttons?: Array<{ text: string; type: string }>;
  carouselCards?: Array<{ index: number; title: string; imageUrl?: string; buttons: Array<{ text: string; type: string; url?: string }> }>;
}

const BOT_ID = 'e2e-bot';
/** The relais-ai-reply node of examples/06-ai-reply-with-tools.json. */
const AI_TOOLS_REPLY = 'e6b27d4a1c9f0853';
const API_KEY = 'e2e-emulator-key-51c2';

describe('the npm start demo: a whole conversation with the emulator', () => {
  let red: NodeRed;
  let emulator: Emulator;
  let services: LocalServices;
  let examples: FlowNode[];

  beforeAll(async () => {
    [red, services] = await Promise.all([startNodeRed({ tarball: relaisTarball() }), startLocalServices()]);
    const installed = join(red.userDir, 'node_modules/@relais/n8n-nodes-agent-actions');
    // The emulator as the tarball ships it (a path known only at run time, hence require).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startEmulator } = require(join(installed, 'dist/src/emulator/index.js')) as { startEmulator(options: object): Promise<Emulator> };
    const webhook = `${red.url}${red.httpNodeRoot}/relais/agent`;
    emulator = await startEmulator({ host: '127.0.0.1', port: 0, bot_id: BOT_ID, api_key: API_KEY, chat_webhook_url: webhook, actions_webhook_url: webhook });
    examples = readExamples(join(installed, 'examples'));
    const demo = localiseExamples(examples, {
      ordersUrl: services.ordersUrl,
      aiUrl: services.aiUrl,
      emulatorUrl: emulator.url,
      botId: BOT_ID,
      apiKey: API_KEY,
    });
    // The AI-reply-with-tools example's reply node, as shipped, also answered over HTTP for this test.
    const aiReply = demo.find((node) => node.id === AI_TOOLS_REPLY)!;
    aiReply.wires = [[...(aiReply.wires as string[][])[0], 'e2e.tools.ok'], [...(aiReply.wires as string[][])[1], 'e2e.tools.ok']];
    await red.deploy([
      ...demo,
      { id: 'e2e.tools.in', type: 'http in', z: aiReply.z, url: '/e2e/ai-tools', method: 'post', wires: [[AI_TOOLS_REPLY]] },
      { id: 'e2e.tools.ok', type: 'function', z: aiReply.z, outputs: 1, func: 'msg.payload = { payload: msg.payload, relais: msg.relais, error: msg.error };\nreturn msg;', wires: [['e2e.tools.out']] },
      { id: 'e2e.tools.out', type: 'http response', z: aiReply.z, statusCode: '', headers: {}, wires: [] },
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([red?.stop(), emulator?.close(), services?.close()]);
  });

  const send = (body: Record<string, unknown>) => red.http('POST', '/relais/chat/send', body);

  /** The page's view of the conversation once `done` holds (the page polls the same endpoint). */
  async function messagesUntil(conversationId: string, done: (messages: PageMessage[]) => boolean): Promise<PageMessage[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const reply = await red.http('GET', `/relais/chat/messages?conversationId=${conversationId}&after=0`);
      const messages = (reply.json as { messages: PageMessage[] }).messages;
      if (done(messages)) return messages;
      if (Date.now() > deadline) throw new Error(`conversation ${conversationId} never reached the expected state: ${JSON.stringify(messages)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('serves the chat page', async () => {
    const page = await red.http('GET', '/relais/chat');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('Relais demo chat');
  });

  it('starts a session and shows the welcome with its buttons', async () => {
    const reply = await send({ conversationId: 'e2e-conv-1', start: true, language: 'en' });
    expect(reply.status).toBe(202);
    const messages = await messagesUntil('e2e-conv-1', (m) => m.length >= 1);
    expect(messages[0].text).toMatch(/^Hello! I'm the demo assistant/);
    expect(messages[0].buttons).toEqual([
      { text: 'Track my order', type: 'button' },
      { text: 'See our products', type: 'button' },
      { text: 'Talk to a human', type: 'button' },
    ]);
  });

  it('answers the lookup_order action through relais-http-request and relais-agent-reply', async () => {
    const answered = emulator.waitFor((e) => e.kind === 'actions_webhook' && e.platformConversationId === 'e2e-conv-1', 10_000);
    expect((await send({ conversationId: 'e2e-conv-1', text: 'where is my order 1001?' })).status).toBe(202);
    const exchange = await answered;
    expect(exchange.event).toBe('lookup_order');
    expect(exchange.answer).toEqual({
      results: [
        { key: 'status', value: 'shipped' },
        { key: 'carrier', value: 'La Poste' },
        { key: 'eta', value: '2026-11-24' },
      ],
    });
    const messages = await messagesUntil('e2e-conv-1', (m) => m.length >= 2);
    expect(messages[1].text).toBe('Order 1001: status: shipped, carrier: La Poste, eta: 2026-11-24.');
  });

  it('answers no results for an unknown order (the 404 goes to the failure output)', async () => {
    await send({ conversationId: 'e2e-conv-1', text: 'order 9999 please' });
    const messages = await messagesUntil('e2e-conv-1', (m) => m.length >= 3);
    expect(messages[2].text).toBe('I could not find order 9999. Please check the number.');
  });

  it('shows a carousel (images, both button kinds) and takes the visitor pick as the button text with cardIndex', async () => {
    await send({ conversationId: 'e2e-conv-1', text: 'show me your products' });
    const withCarousel = await messagesUntil('e2e-conv-1', (m) => m.length >= 4);
    const cards = withCarousel[3].carouselCards ?? [];
    expect(cards.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(cards[1]).toMatchObject({ imageUrl: 'https://example.com/products/2.jpg', buttons: [{ text: 'Choose', type: 'button' }, { type: 'link', url: 'https://example.com/products/2' }] });
    expect((await send({ conversationId: 'e2e-conv-1', cardIndex: 1 })).status).toBe(400); // a pick carries its button's text
    const picked = emulator.waitFor((e) => e.kind === 'chat_api' && e.platformConversationId === 'e2e-conv-1' && (e.body as { cardIndex?: number }).cardIndex === 1, 10_000);
    await send({ conversationId: 'e2e-conv-1', cardIndex: 1, text: cards[1].buttons[0].text });
    expect((await picked).body).toMatchObject({ eventType: 'message', text: 'Choose', cardIndex: 1 });
    const messages = await messagesUntil('e2e-conv-1', (m) => m.length >= 5);
    expect(messages[4].text).toBe('Good choice: Waterproof jacket (129 €). Anything else?');
  });

  it('answers isTeamOnline and shows the escalation', async () => {
    const online = emulator.waitFor((e) => e.kind === 'chat_webhook' && e.event === 'isTeamOnline', 10_000);
    await send({ conversationId: 'e2e-conv-1', text: 'I want to talk to a human' });
    expect((await online).answer).toEqual({ isOnline: true });
    const messages = await messagesUntil('e2e-conv-1', (m) => m.some((x) => x.from === 'system'));
    expect(messages.map((m) => m.text)).toContain('I am connecting you with a member of our team.');
    expect(messages[messages.length - 1]).toMatchObject({ from: 'system' });
  });

  it('speaks French when the page says the visitor does', async () => {
    await send({ conversationId: 'e2e-conv-fr', start: true, language: 'fr' });
    const messages = await messagesUntil('e2e-conv-fr', (m) => m.length >= 1);
    expect(messages[0].text).toMatch(/^Bonjour ! Je suis l'assistant de démonstration/);
  });

  it('runs the lead follow-up and run-any-block examples from their inject buttons into the sqlite store', async () => {
    const injectNamed = (name: string): string => {
      const found = examples.find((node) => node.type === 'inject' && node.name === name);
      if (!found) throw new Error(`no inject node named "${name}" in the examples`);
      return found.id;
    };
    expect((await red.admin('POST', `/inject/${injectNamed('new lead')}`)).status).toBe(200);
    expect((await red.admin('POST', `/inject/${injectNamed('configured block')}`)).status).toBe(200);
    const file = join(red.userDir, 'relais-contacts.sqlite');
    const deadline = Date.now() + 10_000;
    let tasks: Array<{ title: string; priorite: string; tags: string | null }> = [];
    while (tasks.length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!existsSync(file)) continue;
      const db = new DatabaseSync(file, { readOnly: true });
      try {
        tasks = db
          .prepare('SELECT t.title, t.priorite, group_concat(g.tag) AS tags FROM relais_tasks t LEFT JOIN relais_contact_tags g ON g.contact_id = t.contact_id GROUP BY t.id ORDER BY t.title')
          .all() as typeof tasks;
      } catch {
        tasks = []; // the store creates its tables on first use
      } finally {
        db.close();
      }
    }
    expect(tasks).toEqual([
      { title: 'Call back Ada Lovelace', priorite: 'haute', tags: 'hot-lead' },
      expect.objectContaining({ priorite: 'haute', tags: null }),
    ]);
  });

  it('the AI reply example calls the order lookup node as a tool: the canned model shows the agent loop offline', async () => {
    const reply = await red.http('POST', '/e2e/ai-tools', { message: 'where is my order 1001' });
    const body = reply.json as { payload: { text: string; tool_calls: Array<{ name: string; arguments: unknown; ok: boolean; data: unknown }> }; relais: { tool_calls: unknown[] }; error?: unknown };
    expect(body.error).toBeUndefined();
    expect(body.payload.tool_calls).toEqual([
      { name: 'Look_up_an_order', arguments: { order_number: 1001 }, ok: true, data: { order_number: '1001', status: 'shipped', carrier: 'La Poste', tracking_number: '6A12345678901', eta: '2026-11-24' } },
    ]);
    expect(body.payload.text).toBe('[local demo model reply] Here is your order — order number: 1001, status: shipped, carrier: La Poste, tracking number: 6A12345678901, eta: 2026-11-24.');
    expect(body.relais.tool_calls).toEqual([{ name: 'Look_up_an_order', ok: true }]);
  });

  it('refuses a malformed visitor request without calling the platform', async () => {
    const reply = await send({ conversationId: 'x', text: 'hi' });
    expect(reply.status).toBe(400);
  });
});
