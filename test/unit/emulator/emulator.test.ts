// The emulator on its own: the checks of the real chat API (401, 404, 400, 413), signed webhook
// deliveries, and what it does when the integration's webhooks fail or are not configured.
import { createAgentWebhook, type AgentEvent } from '../../../src/conversation';
import { startEmulator, type Emulator, type ExchangeEntry } from '../../../src/emulator';
import { RelaisError } from '../../../src/errors';
import { API_KEY, BOT_ID, listen } from '../../support/emulator-rig';

async function call(emulator: Emulator, body: unknown, headers: Record<string, string> = { authorization: API_KEY, botid: BOT_ID }, path = '/converse/chat') {
  const response = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

describe('startEmulator', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('checks Authorization (verbatim) and botid like the real API, then the body', async () => {
    emulator = await startEmulator({ bot_id: BOT_ID, api_key: API_KEY });
    const start = { platformConversationId: 'x', eventType: 'startSession' };
    expect((await call(emulator, start, { botid: BOT_ID })).status).toBe(401);
    expect((await call(emulator, start, { authorization: `Bearer ${API_KEY}`, botid: BOT_ID })).status).toBe(401);
    expect(await call(emulator, start, { authorization: API_KEY, botid: 'other' })).toEqual({ status: 404, json: { message: 'Bot not found' } });
    expect(await call(emulator, '{nope', undefined)).toEqual({ status: 400, json: { message: '(body): malformed JSON', issues: [{ path: '(body)', message: 'malformed JSON' }] } });
    const bad = await call(emulator, { platformConversationId: 'x', eventType: 'shout' });
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0].path).toBe('eventType');
    expect((await call(emulator, { platformConversationId: 'x', eventType: 'message' })).json.issues).toEqual([{ path: 'text', message: 'a message needs text or cardIndex' }]);
    expect((await call(emulator, { platformConversationId: 'x', eventType: 'message', text: 'y'.repeat(70_000) })).status).toBe(413);
    expect((await call(emulator, start, undefined, '/elsewhere')).status).toBe(404);
    expect(await call(emulator, start)).toEqual({ status: 200, json: undefined });
    await emulator.idle();
    expect(emulator.sessions().map((s) => s.platformConversationId)).toEqual(['x']);
    expect(JSON.stringify(emulator.exchanges())).not.toContain(API_KEY);
  });

  it('signs its deliveries and sends the shared secret, which createAgentWebhook verifies', async () => {
    const events: AgentEvent[] = [];
    const refusedWebhook = createAgentWebhook({ bot_id: BOT_ID, hmac_secret: 'another-key', onEvent: (e) => void events.push(e) });
    const webhook = createAgentWebhook({ bot_id: BOT_ID, secret: 'shared-1', hmac_secret: 'signing-1', onEvent: (e) => void events.push(e) });
    const server = await listen((req, res) => void (req.url === '/refuse' ? refusedWebhook : webhook)(req, res));
    try {
      emulator = await startEmulator({ bot_id: BOT_ID, api_key: API_KEY, chat_webhook_url: `${server.url}/chat`, signing_secret: 'signing-1', webhook_secret: 'shared-1' });
      await call(emulator, { platformConversationId: 'signed', eventType: 'startSession' });
      await emulator.idle();
      expect(events).toMatchObject([{ type: 'sendMessage', platformConversationId: 'signed' }]);
      const delivery = emulator.exchanges().find((e) => e.kind === 'chat_webhook') as ExchangeEntry;
      expect(delivery.status).toBe(200);
      expect(JSON.stringify(emulator.exchanges())).not.toMatch(/signing-1|shared-1/);
      await emulator.close();

      emulator = await startEmulator({ bot_id: BOT_ID, api_key: API_KEY, chat_webhook_url: `${server.url}/refuse`, signing_secret: 'signing-1' });
      await call(emulator, { platformConversationId: 'signed-2', eventType: 'startSession' });
      const refused = await emulator.waitFor((e) => e.kind === 'chat_webhook');
      expect(refused).toMatchObject({ status: 401, answer: { error: 'invalid_signature' } });
      expect(events).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('logs every exchange, and tells the visitor when the order lookup cannot be answered', async () => {
    const logged: ExchangeEntry[] = [];
    const dead = await listen(() => undefined);
    await dead.close(); // a port that no longer answers
    emulator = await startEmulator({ bot_id: BOT_ID, api_key: API_KEY, actions_webhook_url: `${dead.url}/actions`, log: (entry) => logged.push(entry) });
    await call(emulator, { platformConversationId: 'o', eventType: 'message', text: 'order 1234' });
    await emulator.idle();
    const action = logged.find((e) => e.kind === 'actions_webhook') as ExchangeEntry;
    expect(action).toMatchObject({ event: 'lookup_order', body: { name: 'lookup_order', data: [{ key: 'order_number', value: ['1234'], saveAs: 'order_number' }] } });
    expect(action.error).toBeTruthy();
    const reply = logged.filter((e) => e.kind === 'chat_webhook').at(-1) as ExchangeEntry;
    // No chat webhook configured: the event is logged, not posted.
    expect(reply).toMatchObject({ skipped: true, body: { data: { eventType: 'sendMessage', text: 'I could not check your order right now. Please try again later.' } } });
    expect(logged.map((e) => `${e.kind}:${e.event}`)).toEqual(['chat_api:message', 'session:started', 'actions_webhook:lookup_order', 'chat_webhook:sendMessage']);
    expect(emulator.exchanges()).toEqual(logged);
  });

  it('gives up on a webhook that does not answer within its deadline', async () => {
    const silent = await listen(() => undefined);
    try {
      emulator = await startEmulator({ bot_id: BOT_ID, api_key: API_KEY, chat_webhook_url: `${silent.url}/chat`, webhook_timeout_ms: 150 });
      await call(emulator, { platformConversationId: 'slow', eventType: 'message', text: 'talk to an agent' });
      const online = await emulator.waitFor((e) => e.event === 'isTeamOnline');
      expect(online.error).toMatch(/no answer within 150 ms/);
      await emulator.idle();
      expect(emulator.sessions('slow')[0].transcript.map((t) => t.kind)).toEqual(['started', 'message', 'isTeamOnline', 'sendMessage']);
      expect(emulator.sessions('slow')[0].escalated).toBe(false);
    } finally {
      await emulator?.close();
      emulator = undefined;
      await silent.close();
    }
  });

  it('refuses bad options with a clear error', async () => {
    await expect(startEmulator({ bot_id: '', api_key: 'k' })).rejects.toThrow(/bot_id/);
    await expect(startEmulator({ bot_id: 'b', api_key: 'k', chat_webhook_url: 'not a url' })).rejects.toThrow(RelaisError);
    await expect(startEmulator({ bot_id: 'b', api_key: 'k', session_timeout_ms: -1 })).rejects.toThrow(/session_timeout_ms/);
    await expect(startEmulator({ bot_id: 'b', api_key: 'k', port: 70000 })).rejects.toThrow(/port/);
  });
});
