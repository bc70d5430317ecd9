// createAgentWebhook over real loopback HTTP: each refusal (401 with nothing processed, 413, 400),
// duplicates processed once, the default answer when the flow is late or fails, immediate acks.
import { request as httpRequest } from 'node:http';
import { createAgentWebhook, signBody, signatureHeaders, type AgentEvent, type AgentWebhookOptions, type EventInfo } from '../../../src/conversation';
import { RelaisError } from '../../../src/errors';
import { listen, type Listening } from '../../support/emulator-rig';

const BOT = 'bot-42';
const chat = (eventType: string, extra: Record<string, unknown> = {}, botId = BOT) => ({ botId, data: { eventType, platformConversationId: 'c-1', ...extra } });
const action = (value: unknown = 'A-1', botId = BOT) => ({ botId, conversationId: 's-1', platformConversationId: 'c-1', name: 'lookup_order', data: [{ key: 'order_number', value }] });

interface Setup {
  server: Listening;
  events: AgentEvent[];
  infos: EventInfo[];
  errors: unknown[];
  handler: ReturnType<typeof createAgentWebhook>;
}

async function setup(options: Partial<AgentWebhookOptions> = {}, answer: (event: AgentEvent, info: EventInfo) => unknown = () => undefined): Promise<Setup> {
  const events: AgentEvent[] = [];
  const infos: EventInfo[] = [];
  const errors: unknown[] = [];
  const handler = createAgentWebhook({
    bot_id: BOT,
    onError: (error) => errors.push(error),
    ...options,
    onEvent: (event, info) => {
      events.push(event);
      infos.push(info);
      return answer(event, info);
    },
  });
  const server = await listen((req, res) => void handler(req, res));
  return { server, events, infos, errors, handler };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('createAgentWebhook', () => {
  let s: Setup | undefined;
  afterEach(async () => {
    await s?.server.close();
    s = undefined;
  });

  describe('refusals', () => {
    it('refuses a wrong or missing shared secret with 401 and processes nothing', async () => {
      s = await setup({ secret: 'sekret-123' });
      expect(await post(`${s.server.url}/hook`, chat('sendMessage', { text: 'hi' }), { 'x-relais-secret': 'nope' })).toEqual({ status: 401, json: { error: 'invalid_secret' } });
      expect((await post(`${s.server.url}/hook`, chat('sendMessage', { text: 'hi' }))).status).toBe(401);
      expect(s.events).toHaveLength(0);
      expect((await post(`${s.server.url}/hook`, chat('sendMessage', { text: 'hi' }), { 'x-relais-secret': 'sekret-123' })).status).toBe(200);
      expect(s.events).toHaveLength(1);
      expect(s.handler.processor.stats()).toMatchObject({ received: 3, refused: 2, dispatched: 1 });
    });

    it('accepts the secret as a token segment of the path (for platforms that only take a URL)', async () => {
      s = await setup({ secret: 'tok/en 1' });
      expect((await post(`${s.server.url}/hooks/${encodeURIComponent('tok/en 1')}/chat`, chat('sendMessage', { text: 'a' }))).status).toBe(200);
      expect((await post(`${s.server.url}/hooks/tok-en-2/chat`, chat('sendMessage', { text: 'b' }))).status).toBe(401);
      // A query string is not a path segment.
      expect((await post(`${s.server.url}/hooks/chat?tok%2Fen%201`, chat('sendMessage', { text: 'c' }))).status).toBe(401);
      expect(s.events.map((e) => (e as { text?: string }).text)).toEqual(['a']);
    });

    it('refuses a body whose bot id is not the configured one', async () => {
      s = await setup();
      expect(await post(s.server.url, chat('sendMessage', { text: 'hi' }, 'other-bot'))).toEqual({ status: 401, json: { error: 'bot_id_mismatch' } });
      expect(await post(s.server.url, action('1', 'other-bot'))).toEqual({ status: 401, json: { error: 'bot_id_mismatch' } });
      expect((await post(s.server.url, { data: { eventType: 'sendMessage', platformConversationId: 'c' } })).status).toBe(401);
      expect(s.events).toHaveLength(0);
    });

    it('checks the HMAC signature of the raw body within a 5-minute window', async () => {
      s = await setup({ hmac_secret: 'hmac-key' }, () => ({ ok: 'yes' }));
      const body = JSON.stringify(action('9'));
      const good = await post(s.server.url, body, signatureHeaders('hmac-key', body));
      expect(good).toEqual({ status: 200, json: { results: [{ key: 'ok', value: 'yes' }] } });

      const tampered = body.replace('"9"', '"10"');
      expect(await post(s.server.url, tampered, signatureHeaders('hmac-key', body))).toEqual({ status: 401, json: { error: 'invalid_signature' } });
      expect(await post(s.server.url, body, signatureHeaders('other-key', body))).toEqual({ status: 401, json: { error: 'invalid_signature' } });

      const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
      const stale = { 'x-relais-timestamp': String(sixMinutesAgo), 'x-relais-signature': signBody('hmac-key', body, sixMinutesAgo) };
      expect(await post(s.server.url, body, stale)).toEqual({ status: 401, json: { error: 'stale_timestamp' } });
      const future = Math.floor(Date.now() / 1000) + 6 * 60;
      expect((await post(s.server.url, body, { 'x-relais-timestamp': String(future), 'x-relais-signature': signBody('hmac-key', body, future) })).json).toEqual({ error: 'stale_timestamp' });
      expect((await post(s.server.url, body)).json).toEqual({ error: 'missing_signature' });
      expect(s.events).toHaveLength(1);
    });

    it('answers 413 to a body over the limit, declared or streamed', async () => {
      s = await setup({ max_body_bytes: 1024 });
      const big = chat('sendMessage', { text: 'x'.repeat(2000) });
      expect(await post(s.server.url, big)).toEqual({ status: 413, json: { error: 'too_large', limit_bytes: 1024 } });
      // Chunked, without a content-length: the limit applies while reading.
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(s!.server.url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        for (let i = 0; i < 4; i += 1) req.write('x'.repeat(512));
        req.end();
      });
      expect(status).toBe(413);
      expect(s.events).toHaveLength(0);
      expect(s.handler.processor.stats().refused).toBe(2);
    });

    it('answers 400 to malformed JSON and to a body that is not an agent event', async () => {
      s = await setup();
      expect(await post(s.server.url, '{"botId": "bot-42", "data": {')).toEqual({ status: 400, json: { error: 'invalid_json' } });
      const missing = await post(s.server.url, { botId: BOT, data: { eventType: 'sendMessage', text: 'no conversation' } });
      expect(missing.status).toBe(400);
      expect(missing.json.issues).toEqual([{ path: 'data.platformConversationId', message: 'platformConversationId is required' }]);
      expect((await post(s.server.url, '[1,2]')).status).toBe(400);
      expect(s.events).toHaveLength(0);
    });

    it('answers 405 to anything but POST', async () => {
      s = await setup();
      const response = await fetch(s.server.url);
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    });
  });

  describe('duplicates', () => {
    it('processes a duplicate action trigger once and gives both deliveries the same answer', async () => {
      let calls = 0;
      s = await setup({}, async () => {
        calls += 1;
        await new Promise((resolve) => setImmediate(resolve));
        return { results: [{ key: 'status', value: `call-${calls}` }] };
      });
      const body = action('77');
      const [first, second] = await Promise.all([post(s.server.url, body), post(s.server.url, body)]);
      const third = await post(s.server.url, body);
      expect(calls).toBe(1);
      for (const reply of [first, second, third]) expect(reply).toEqual({ status: 200, json: { results: [{ key: 'status', value: 'call-1' }] } });
      expect(s.handler.processor.stats()).toMatchObject({ duplicates: 2, dispatched: 1 });
      // A different body is a different event.
      await post(s.server.url, action('78'));
      expect(calls).toBe(2);
    });

    it('processes a duplicate chat event once (the window itself is tested on createDeduper)', async () => {
      s = await setup();
      const body = JSON.stringify(chat('sendMessage', { text: 'same' }));
      expect(await post(s.server.url, body)).toEqual({ status: 200, json: {} });
      expect(await post(s.server.url, body)).toEqual({ status: 200, json: {} });
      expect(s.events).toHaveLength(1);
      expect(s.handler.processor.stats().duplicates).toBe(1);
    });

    it('asks the flow every time for isTeamOnline, which names no conversation (two visitors may ask)', async () => {
      s = await setup({}, () => true);
      const body = { botId: BOT, data: { eventType: 'isTeamOnline', teamId: 'support' } };
      await post(s.server.url, body);
      await post(s.server.url, body);
      expect(s.events).toHaveLength(2);
    });
  });

  describe('answers', () => {
    it('acknowledges events that need no answer at once, without waiting for the flow', async () => {
      s = await setup({}, () => new Promise(() => undefined));
      const started = Date.now();
      expect(await post(s.server.url, chat('escalate', { escalateTo: 'sales' }))).toEqual({ status: 200, json: {} });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(s.events[0]).toMatchObject({ type: 'escalate', escalateTo: 'sales', platformConversationId: 'c-1' });
    });

    it('sends the default answer when the flow never replies, and aborts the flow signal', async () => {
      s = await setup({ answer_timeout_ms: 100, default_answer: { results: { status: 'unknown' }, isOnline: false } }, () => new Promise(() => undefined));
      const started = Date.now();
      expect(await post(s.server.url, action('5'))).toEqual({ status: 200, json: { results: [{ key: 'status', value: 'unknown' }] } });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(95);
      expect(elapsed).toBeLessThan(2000);
      expect(s.infos[0].signal.aborted).toBe(true);
      expect(await post(s.server.url, { botId: BOT, data: { eventType: 'isTeamOnline', teamId: 't1' } })).toEqual({ status: 200, json: { isOnline: false } });
      expect(s.handler.processor.stats().default_answers).toBe(2);
    });

    it('sends the default answer when the flow fails or answers with bad keys, and reports why', async () => {
      s = await setup({}, (event) => {
        if (event.type === 'isTeamOnline') throw new Error('flow broke');
        return { 'bad key!': 1 };
      });
      expect(await post(s.server.url, action('5'))).toEqual({ status: 200, json: { results: [] } });
      expect(await post(s.server.url, { botId: BOT, data: { eventType: 'isTeamOnline', teamId: 't1' } })).toEqual({ status: 200, json: { isOnline: false } });
      expect(s.errors).toHaveLength(2);
      expect(s.errors[0]).toBeInstanceOf(RelaisError);
      expect((s.errors[0] as RelaisError).issues[0].path).toBe('bad key!');
    });

    it('stringifies answer values and accepts plain objects, arrays and booleans', async () => {
      s = await setup({}, (event) => {
        if (event.type === 'isTeamOnline') return true;
        return { count: 3, vip: true, tags: ['a', 'b'], note: null };
      });
      expect((await post(s.server.url, action(['x', 'y']))).json).toEqual({
        results: [
          { key: 'count', value: '3' },
          { key: 'vip', value: 'true' },
          { key: 'tags', value: '["a","b"]' },
          { key: 'note', value: '' },
        ],
      });
      expect(s.events[0]).toMatchObject({ type: 'action', data: [{ key: 'order_number', value: 'x, y', values: ['x', 'y'] }] });
      expect((await post(s.server.url, { botId: BOT, data: { eventType: 'isTeamOnline', teamId: 't' } })).json).toEqual({ isOnline: true });
    });

    it('does not let a flow stuck on one event stall its conversation', async () => {
      s = await setup({ ordering_hold_ms: 100, answer_timeout_ms: 3000 }, (event) => (event.type === 'sendMessage' ? new Promise(() => undefined) : { status: 'ok' }));
      expect((await post(s.server.url, chat('sendMessage', { text: 'stuck' }))).status).toBe(200);
      const started = Date.now();
      expect(await post(s.server.url, action('1'))).toEqual({ status: 200, json: { results: [{ key: 'status', value: 'ok' }] } });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(s.handler.processor.stats().default_answers).toBe(0);
    });

    it('passes unknown event types through', async () => {
      s = await setup();
      expect((await post(s.server.url, chat('typingIndicator', { on: true }))).status).toBe(200);
      expect(s.events[0]).toMatchObject({ type: 'unknown', eventType: 'typingIndicator', platformConversationId: 'c-1', raw: chat('typingIndicator', { on: true }) });
    });
  });

  describe('behind a body parser (express, Node-RED)', () => {
    it('uses req.rawBody when present, and refuses signed setups when only a parsed body is left', async () => {
      const events: AgentEvent[] = [];
      const signed = createAgentWebhook({ bot_id: BOT, hmac_secret: 'k', onEvent: (e) => void events.push(e) });
      const parsedOnly = createAgentWebhook({ bot_id: BOT, hmac_secret: 'k', onEvent: (e) => void events.push(e) });
      const server = await listen((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const raw = Buffer.concat(chunks);
          const parsed = req as typeof req & { rawBody?: Buffer; body?: unknown };
          parsed.body = JSON.parse(raw.toString());
          if (req.url === '/raw') parsed.rawBody = raw;
          void (req.url === '/raw' ? signed : parsedOnly)(req, res);
        });
      });
      try {
        const body = JSON.stringify(chat('sendMessage', { text: 'parsed' }));
        expect((await post(`${server.url}/raw`, body, signatureHeaders('k', body))).status).toBe(200);
        expect(await post(`${server.url}/parsed`, body, signatureHeaders('k', body))).toEqual({ status: 401, json: { error: 'missing_signature' } });
        expect(events).toHaveLength(1);
      } finally {
        await server.close();
      }
    });
  });

  it('refuses a configuration without a bot id or with a bad default answer', () => {
    expect(() => createAgentWebhook({ bot_id: '', onEvent: () => undefined })).toThrow(/bot_id/);
    expect(() => createAgentWebhook({ bot_id: 'b', onEvent: () => undefined, default_answer: { results: [{ key: '', value: 'x' }] } })).toThrow(RelaisError);
  });
});
