// The conversation client over real loopback HTTP through the core transport: what it sends, how it
// reports the platform's 400/401/404, that the API key never shows, and how it refuses bad input.
import type { IncomingMessage } from 'node:http';
import { createConversationClient, type ConversationClient } from '../../../src/conversation';
import { startEmulator, type Emulator } from '../../../src/emulator';
import type { HttpRequest } from '../../../src/http/types';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { API_KEY, BOT_ID, listen, loopbackRuntime, type Listening } from '../../support/emulator-rig';
import { relaisRejection as failure } from '../../support/rejection';

interface Recorded {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function recorder(status = 200, answer = ''): Promise<Listening & { requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = await listen((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(status, answer ? { 'content-type': 'application/json' } : {});
      res.end(answer);
    });
  });
  return Object.assign(server, { requests });
}

describe('createConversationClient', () => {
  let runtime: Runtime | undefined;
  let server: Awaited<ReturnType<typeof recorder>> | undefined;
  afterEach(async () => {
    await server?.close();
    await runtime?.close();
    server = undefined;
    runtime = undefined;
  });

  it('posts each event type to {base}/converse/chat with the key verbatim and the bot id', async () => {
    server = await recorder();
    runtime = loopbackRuntime(server.url);
    const client = createConversationClient({ base_url: `${server.url}/api/`, bot_id: BOT_ID, api_key: API_KEY, runtime, allow_http: true });
    const result = await client.start('c-1', { metaData: { key: 'language', value: 'fr' } });
    expect(result).toMatchObject({ status: 200, request: { platformConversationId: 'c-1', eventType: 'startSession' } });
    await client.message('c-1', 'hello');
    await client.message('c-1', { text: 'button 1', cardIndex: 2 });
    await client.metadata('c-1', { key: 'email', value: 'a@b.c', sanitize: true });
    await client.end('c-1');
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(Array(5).fill('POST /api/converse/chat'));
    expect(server.requests[0].headers).toMatchObject({ authorization: API_KEY, botid: BOT_ID, 'content-type': 'application/json' });
    expect(server.requests.map((r) => JSON.parse(r.body))).toEqual([
      { platformConversationId: 'c-1', eventType: 'startSession', metaData: [{ key: 'language', value: 'fr' }] },
      { platformConversationId: 'c-1', eventType: 'message', text: 'hello' },
      { platformConversationId: 'c-1', eventType: 'message', text: 'button 1', cardIndex: 2 },
      { platformConversationId: 'c-1', eventType: 'metadata', metaData: [{ key: 'email', value: 'a@b.c', sanitize: true }] },
      { platformConversationId: 'c-1', eventType: 'endSession' },
    ]);
  });

  it('refuses bad input before sending anything, naming the field', async () => {
    server = await recorder();
    runtime = loopbackRuntime(server.url);
    const client = createConversationClient({ base_url: server.url, bot_id: BOT_ID, api_key: API_KEY, runtime, allow_http: true });
    const cases: Array<[Promise<unknown>, string]> = [
      [client.start(''), 'platformConversationId'],
      [client.start('has space'), 'platformConversationId'],
      [client.message('c', {}), 'text'],
      [client.message('c', { text: 'b', cardIndex: -1 }), 'cardIndex'],
      [client.message('c', { text: 'b', cardIndex: 1.5 }), 'cardIndex'],
      [client.message('c', { cardIndex: 1 }), 'text'],
      [client.metadata('c', { key: '', value: 'x' }), 'metaData.0.key'],
      [client.metadata('c', { key: 'k', value: null as never }), 'metaData.value'],
      [client.message('c', { text: 'x', extra: 1 } as never), '(body)'],
    ];
    for (const [call, path] of cases) {
      const error = await failure(call);
      expect(error.code).toBe('conversation_error');
      expect(error.issues.map((i) => i.path)).toContain(path);
    }
    expect(server.requests).toHaveLength(0);
  });

  describe('against the emulator', () => {
    let emulator: Emulator;
    beforeEach(async () => {
      emulator = await startEmulator({ bot_id: BOT_ID, api_key: API_KEY });
      runtime = loopbackRuntime(emulator.url);
    });
    afterEach(async () => {
      await emulator.close();
    });

    const clientWith = (overrides: { bot_id?: string; api_key?: string }): ConversationClient =>
      createConversationClient({ base_url: emulator.url, bot_id: BOT_ID, api_key: API_KEY, runtime, allow_http: true, ...overrides });

    it('turns 401 into a conversation_error that says to check the API key, without the key', async () => {
      const wrongKey = 'wrong-Key-987654321';
      const error = await failure(clientWith({ api_key: wrongKey }).start('c'));
      expect(error).toMatchObject({ code: 'conversation_error', status: 401 });
      expect(error.message).toMatch(/check the API key/);
      expect(JSON.stringify(error)).not.toContain(wrongKey);
      expect(error.message).not.toContain(wrongKey);
    });

    it('turns 404 into a conversation_error that says to check the bot id', async () => {
      const error = await failure(clientWith({ bot_id: 'no-such-bot' }).message('c', 'hi'));
      expect(error).toMatchObject({ code: 'conversation_error', status: 404 });
      expect(error.message).toMatch(/check the bot id/);
    });

    it('works with the right credentials and never logs the key', async () => {
      await clientWith({}).start('ok-1');
      await emulator.idle();
      expect(emulator.sessions('ok-1')).toHaveLength(1);
      expect(JSON.stringify(emulator.exchanges())).not.toContain(API_KEY);
    });
  });

  it('turns 400 into a conversation_error about the body, with the key redacted from the reply', async () => {
    server = await recorder(400, JSON.stringify({ error: 'Validation error', echo: `Authorization was ${API_KEY}` }));
    runtime = loopbackRuntime(server.url);
    const client = createConversationClient({ base_url: server.url, bot_id: BOT_ID, api_key: API_KEY, runtime, allow_http: true });
    const error = await failure(client.message('c', 'hi'));
    expect(error).toMatchObject({ code: 'conversation_error', status: 400 });
    expect(error.message).toMatch(/check the body/);
    expect(error.body).toContain('Validation error');
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it('reports other statuses with the status', async () => {
    server = await recorder(503, '');
    runtime = loopbackRuntime(server.url);
    const client = createConversationClient({ base_url: server.url, bot_id: BOT_ID, api_key: API_KEY, runtime, allow_http: true });
    expect(await failure(client.end('c'))).toMatchObject({ code: 'conversation_error', status: 503 });
  });

  it('keeps the transport rules: plain http needs allow_http, loopback needs the allow-list, and a deadline', async () => {
    server = await recorder();
    runtime = loopbackRuntime(server.url);
    const noHttp = createConversationClient({ base_url: server.url, bot_id: BOT_ID, api_key: API_KEY, runtime });
    expect((await failure(noHttp.start('c'))).code).toBe('insecure_url');

    const closed = createRuntime();
    try {
      const notAllowed = createConversationClient({ base_url: server.url, bot_id: BOT_ID, api_key: API_KEY, runtime: closed, allow_http: true });
      expect((await failure(notAllowed.start('c'))).code).toBe('blocked_url');
    } finally {
      await closed.close();
    }
    expect(server.requests).toHaveLength(0);

    const silent = await listen(() => undefined);
    const silentRuntime = loopbackRuntime(silent.url);
    try {
      const slow = createConversationClient({ base_url: silent.url, bot_id: BOT_ID, api_key: API_KEY, runtime: silentRuntime, allow_http: true, timeout_ms: 200 });
      const error = await failure(slow.start('c'));
      expect(error.code).toBe('timeout');
      expect(error.message).not.toContain(API_KEY);
    } finally {
      await silentRuntime.close();
      await silent.close();
    }
  });

  it('defaults to https://api.ultimate.ai and hands the key to the transport as a secret', async () => {
    // No internet here: a recording HttpClient stands in for the transport, only to see the call it gets.
    const calls: HttpRequest[] = [];
    const recordingRuntime = { ...createRuntime(), http: { request: async (r: HttpRequest) => (calls.push(r), { status: 200, headers: {}, body: Buffer.alloc(0), url: String(r.url), duration_ms: 1, attempts: 1, redirects: 0 }), close: async () => undefined } };
    const client = createConversationClient({ bot_id: BOT_ID, api_key: API_KEY, runtime: recordingRuntime });
    await client.start('c');
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://api.ultimate.ai/converse/chat', secrets: [API_KEY], timeout_ms: 10_000 });
    expect(calls[0].max_response_bytes).toBeGreaterThan(0);
    await recordingRuntime.close();
  });

  it('refuses a bad configuration', () => {
    expect(() => createConversationClient({ base_url: 'ftp://x', bot_id: 'b', api_key: 'k' })).toThrow(/base_url/);
    expect(() => createConversationClient({ base_url: 'https://u:p@x', bot_id: 'b', api_key: 'k' })).toThrow(/credentials/);
    expect(() => createConversationClient({ bot_id: 'b\r\nx: y', api_key: 'k' })).toThrow(/bot_id/);
    expect(() => createConversationClient({ bot_id: 'b', api_key: '' })).toThrow(/api_key/);
    expect(() => createConversationClient({ bot_id: 'b', api_key: 'k', timeout_ms: 0 })).toThrow(/timeout_ms/);
  });
});
