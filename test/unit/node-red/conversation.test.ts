// relais-conversation, relais-agent-events and relais-agent-reply in a real Node-RED runtime against
// the Relais emulator (the agent platform) over loopback HTTP: the webhook is mounted on Node-RED's
// HTTP node app (RED.httpNode), which this test serves on a node:http server of its own (the test
// helper does not serve it). The test plays the part of the flow between events and reply.
import { request } from 'node:http';
import { signatureHeaders } from '../../../src/conversation';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { listen, type Listening } from '../../support/emulator-rig';
import { nodeModule } from './support/build';
import { firstOf, helper, helperNode, nextMessage, relaisNodes, statusesOf, tempUserDir , type Msg } from './support/harness';

jest.setTimeout(120_000);

const BOT = 'bot-nr-1';
const KEY = 'key-Secret-nr-5566';
const WEBHOOK_SECRET = 'whsec-Secret-77';
const userDir = tempUserDir();
let httpNode: ((req: unknown, res: unknown) => void) | undefined;
let webhooks: Listening;
let emulator: Emulator;

/** The relais-agent-events module, remembering the RED.httpNode app it mounts its routes on. */
function capturingAgentEvents(RED: { httpNode: (req: unknown, res: unknown) => void }) {
  httpNode = RED.httpNode;
  return nodeModule('relais-agent-events')(RED);
}

function nodes() {
  return [...relaisNodes().filter((n) => n !== nodeModule('relais-agent-events')), capturingAgentEvents];
}

beforeAll(async () => {
  relaisNodes();
  helper.settings({ userDir: userDir.dir, relais: {} });
  await helper.startServer();
  webhooks = await listen((req, res) => {
    if (!httpNode) {
      res.writeHead(503).end();
      return;
    }
    httpNode(req, res);
  });
  emulator = await startEmulator({
    bot_id: BOT,
    api_key: KEY,
    chat_webhook_url: `${webhooks.url}/relais/agent`,
    actions_webhook_url: `${webhooks.url}/relais/agent`,
    webhook_secret: WEBHOOK_SECRET,
  });
});

afterEach(async () => {
  await helper.unload();
});

afterAll(async () => {
  await helper.stopServer();
  await emulator.close();
  await webhooks.close();
  userDir.remove();
});

function flow(options: { apiKey?: string; timeoutMs?: string } = {}) {
  return {
    nodes: [
      { id: 'p1', type: 'relais-agent-platform', base_url: emulator.url, bot_id: BOT, allow_private_network: true },
      { id: 'conv', type: 'relais-conversation', platform: 'p1', operation: 'msg', conversationId: 'conversationId', conversationIdType: 'msg', text: 'payload', textType: 'msg', wires: [['convOk'], ['convFailed']] },
      { id: 'events', type: 'relais-agent-events', platform: 'p1', path: '/relais/agent', answer_timeout_ms: options.timeoutMs ?? '5000', wires: [['evt']] },
      { id: 'reply', type: 'relais-agent-reply', answer: 'payload', answerType: 'msg', wires: [] },
      { id: 'catch1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      helperNode('convOk'),
      helperNode('convFailed'),
      helperNode('evt'),
      helperNode('caught'),
    ],
    credentials: { p1: { api_key: options.apiKey ?? KEY }, events: { secret: WEBHOOK_SECRET } },
  };
}

/** Messages from relais-agent-events, awaited one by one by predicate. */
function eventStream() {
  const seen: Array<Msg> = [];
  const waiters: Array<{ match: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
  helper.getNode('evt').on('input', (msg: Msg) => {
    seen.push(msg);
    for (const waiter of [...waiters]) {
      if (waiter.match(msg)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(msg);
      }
    }
  });
  return {
    seen,
    next(match: (m: Msg) => boolean, timeoutMs = 8000): Promise<Msg> {
      const found = seen.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event; got ${seen.map((m) => m.payload?.type).join(', ')}`)), timeoutMs);
        waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const req = request(`${webhooks.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(text);
  });
}

describe('conversation nodes with the emulator', () => {
  it('starts a conversation, receives the agent, answers its lookup_order trigger through relais-agent-reply', async () => {
    const { nodes: flowNodes, credentials } = flow();
    await helper.load(nodes(), flowNodes, credentials);
    expect(statusesOf('events').at(-1)).toMatchObject({ fill: 'green', text: 'listening on /relais/agent' });
    const events = eventStream();

    const started = firstOf(['convOk', 'convFailed']);
    helper.getNode('conv').receive({ operation: 'start', conversationId: 'c-1' });
    const start = await started;
    expect(start.id).toBe('convOk');
    expect(start.msg.relais).toMatchObject({ operation: 'start', conversation_id: 'c-1', status: 200 });
    expect(JSON.stringify(start.msg)).not.toContain(KEY);
    const welcome = await events.next((m) => m.payload.type === 'sendMessage');
    expect(welcome.conversationId).toBe('c-1');
    expect(welcome.topic).toBe('sendMessage');

    const sent = firstOf(['convOk', 'convFailed']);
    helper.getNode('conv').receive({ operation: 'message', conversationId: 'c-1', payload: 'Where is my order 12345?' });
    expect((await sent).id).toBe('convOk');
    const trigger = await events.next((m) => m.payload.type === 'action');
    expect(trigger.payload.name).toBe('lookup_order');
    expect(trigger.variables).toEqual({ order_number: '12345' });
    expect(typeof trigger._relaisReplyId).toBe('string');

    helper.getNode('reply').receive({ ...trigger, payload: { order_status: 'shipped' } });
    const answer = await events.next((m) => m.payload.type === 'sendMessage' && /12345/.test(m.payload.text ?? ''));
    expect(answer.payload.text).toContain('shipped');
  });

  it('sends the default answer when the flow does not reply in time', async () => {
    const { nodes: flowNodes, credentials } = flow({ timeoutMs: '300' });
    await helper.load(nodes(), flowNodes, credentials);
    const events = eventStream();
    helper.getNode('conv').receive({ operation: 'message', conversationId: 'c-2', payload: 'order 777' });
    await events.next((m) => m.payload.type === 'action');
    const late = await events.next((m) => m.payload.type === 'sendMessage' && /777/.test(m.payload.text ?? ''));
    expect(late.payload.text).toMatch(/could not find order 777/);
  });

  it('refuses a delivery with a wrong secret (401) and never emits it', async () => {
    const { nodes: flowNodes, credentials } = flow();
    await helper.load(nodes(), flowNodes, credentials);
    const events = eventStream();
    const body = { botId: BOT, data: { eventType: 'sendMessage', platformConversationId: 'c-x', text: 'forged' } };
    expect(await post('/relais/agent', body, { 'x-relais-secret': 'wrong' })).toBe(401);
    expect(await post('/relais/agent', body, { 'x-relais-secret': WEBHOOK_SECRET })).toBe(200);
    await events.next((m) => m.payload.text === 'forged');
    expect(events.seen.filter((m) => m.payload.text === 'forged')).toHaveLength(1);
  });

  it('reports a reply with nothing waiting for it to Catch nodes as conversation_error', async () => {
    const { nodes: flowNodes, credentials } = flow();
    await helper.load(nodes(), flowNodes, credentials);
    const caught = nextMessage('caught');
    helper.getNode('reply').receive({ _relaisReplyId: 'nobody-waits', payload: { a: 1 } });
    const msg = await caught;
    expect(msg.error.code).toBe('conversation_error');
    expect(msg.error.source.type).toBe('relais-agent-reply');
  });

  it('sends a refused API key to the failure output without the key', async () => {
    const { nodes: flowNodes, credentials } = flow({ apiKey: 'key-Wrong-000111' });
    await helper.load(nodes(), flowNodes, credentials);
    const out = firstOf(['convOk', 'convFailed']);
    helper.getNode('conv').receive({ operation: 'start', conversationId: 'c-3' });
    const { id, msg } = await out;
    expect(id).toBe('convFailed');
    expect(msg.error).toMatchObject({ code: 'conversation_error', status: 401 });
    expect(JSON.stringify(msg.error)).not.toContain('key-Wrong-000111');
  });

  it('refuses an object as the message text instead of sending "[object Object]"', async () => {
    const { nodes: flowNodes, credentials } = flow();
    await helper.load(nodes(), flowNodes, credentials);
    const out = firstOf(['convOk', 'convFailed']);
    helper.getNode('conv').receive({ operation: 'message', conversationId: 'c-6', payload: { text: 'hi' } });
    const { id, msg } = await out;
    expect(id).toBe('convFailed');
    expect(msg.error).toMatchObject({ code: 'conversation_error', issues: [{ path: 'text' }] });
  });

  it('refuses an unknown operation with a clear message', async () => {
    const { nodes: flowNodes, credentials } = flow();
    await helper.load(nodes(), flowNodes, credentials);
    const out = firstOf(['convOk', 'convFailed']);
    helper.getNode('conv').receive({ operation: 'dance', conversationId: 'c-4' });
    const { id, msg } = await out;
    expect(id).toBe('convFailed');
    expect(msg.error.message).toContain('dance');
  });

  it('lets only one relais-agent-events node own a path, and removes its route when the flow stops', async () => {
    const { nodes: flowNodes, credentials } = flow();
    flowNodes.push({ id: 'events2', type: 'relais-agent-events', platform: 'p1', path: 'relais/agent/', answer_timeout_ms: '5000', wires: [[]] } as never);
    await helper.load(nodes(), flowNodes, { ...credentials, events2: { secret: WEBHOOK_SECRET } });
    const owners = [statusesOf('events').at(-1), statusesOf('events2').at(-1)];
    expect(owners.filter((s) => s?.fill === 'green')).toHaveLength(1);
    expect(owners.filter((s) => s?.fill === 'red')).toHaveLength(1);
    const body = { botId: BOT, data: { eventType: 'sendMessage', platformConversationId: 'c-y', text: 'hello' } };
    expect(await post('/relais/agent', body, { 'x-relais-secret': WEBHOOK_SECRET })).toBe(200);
    await helper.unload();
    expect(await post('/relais/agent', body, { 'x-relais-secret': WEBHOOK_SECRET })).toBe(404);
  });

  it('refuses to start without a secret unless "no secret (testing only)" is ticked', async () => {
    const body = { botId: BOT, data: { eventType: 'sendMessage', platformConversationId: 'c-open', text: 'hello' } };
    const { nodes: flowNodes, credentials } = flow();
    const { events: _secrets, ...withoutSecret } = credentials as Record<string, unknown>;
    await helper.load(nodes(), flowNodes, withoutSecret);
    expect(statusesOf('events').at(-1)).toMatchObject({ fill: 'red', text: 'no secret set' });
    expect(await post('/relais/agent', body)).toBe(404);
    await helper.unload();

    const open = flow();
    (open.nodes.find((n) => n.id === 'events') as Record<string, unknown>).allow_no_secret = true;
    await helper.load(nodes(), open.nodes, withoutSecret);
    expect(statusesOf('events').at(-1)).toMatchObject({ fill: 'yellow', text: 'listening on /relais/agent without a secret (testing only)' });
    const delivered = nextMessage('evt');
    expect(await post('/relais/agent', body)).toBe(200);
    expect((await delivered).payload).toMatchObject({ text: 'hello' });
  });

  it('accepts the shared secret as the last path segment instead of the header', async () => {
    const { nodes: flowNodes, credentials } = flow();
    await helper.load(nodes(), flowNodes, credentials);
    const events = eventStream();
    const body = { botId: BOT, data: { eventType: 'sendMessage', platformConversationId: 'c-p', text: 'via path' } };
    expect(await post(`/relais/agent/${WEBHOOK_SECRET}`, body)).toBe(200);
    expect(await post('/relais/agent/not-the-secret', body)).toBe(401);
    await events.next((m) => m.payload.text === 'via path');
  });

  it('checks the HMAC signature when an HMAC secret is set', async () => {
    const { nodes: flowNodes, credentials } = flow();
    const hmac = 'hmac-Secret-909';
    await helper.load(nodes(), flowNodes, { ...credentials, events: { secret: WEBHOOK_SECRET, hmac_secret: hmac } });
    const events = eventStream();
    const raw = JSON.stringify({ botId: BOT, data: { eventType: 'sendMessage', platformConversationId: 'c-h', text: 'signed' } });
    expect(await post('/relais/agent', raw, { 'x-relais-secret': WEBHOOK_SECRET })).toBe(401);
    expect(await post('/relais/agent', raw, { 'x-relais-secret': WEBHOOK_SECRET, ...signatureHeaders('wrong-key', raw) })).toBe(401);
    expect(await post('/relais/agent', raw, { 'x-relais-secret': WEBHOOK_SECRET, ...signatureHeaders(hmac, raw) })).toBe(200);
    await events.next((m) => m.payload.text === 'signed');
    expect(events.seen.filter((m) => m.payload.text === 'signed')).toHaveLength(1);
  });

  it('answers isTeamOnline from relais-agent-reply, and the agent escalates', async () => {
    const { nodes: flowNodes, credentials } = flow();
    await helper.load(nodes(), flowNodes, credentials);
    const events = eventStream();
    helper.getNode('conv').receive({ operation: 'message', conversationId: 'c-5', payload: 'I want a human' });
    const question = await events.next((m) => m.payload.type === 'isTeamOnline');
    expect(typeof question._relaisReplyId).toBe('string');
    expect(statusesOf('events').at(-1)).toMatchObject({ fill: 'blue', text: '1 waiting for a reply' });
    helper.getNode('reply').receive({ ...question, payload: true });
    const escalation = await events.next((m) => m.payload.type === 'escalate');
    expect(escalation.conversationId).toBe('c-5');
    expect(statusesOf('reply').at(-1)).toMatchObject({ fill: 'green' });
  });
});

