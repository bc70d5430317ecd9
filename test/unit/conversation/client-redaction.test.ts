// Issue 14, finding 4: the conversation client redacted its API key by plain text only, so a platform
// (or anything at base_url) echoing the key URL-encoded, JSON-escaped or base64-encoded put it in
// error.body. Every spelling of test/support/echoed-secret.ts, echoed by a node:http server on
// 127.0.0.1 in a 400/401/404/500 body, must be absent from every rendering of the error.
import { createConversationClient } from '../../../src/conversation';
import type { Runtime } from '../../../src/runtime';
import { errorRenderings, leakIn, SECRET, SPELLINGS } from '../../support/echoed-secret';
import { BOT_ID, listen, loopbackRuntime, type Listening } from '../../support/emulator-rig';
import { relaisRejection as failure } from '../../support/rejection';

let server: Listening;
let runtime: Runtime;

beforeAll(async () => {
  // The conversation id names the answer: "<status>.<spelling>"; the body is JSON quoting the key the way
  // an API echoing its input would ({"message": …, "received": {"authorization": …}}).
  server = await listen((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const [status, name] = String((JSON.parse(body) as { platformConversationId: string }).platformConversationId).split('.');
      const spelling = SPELLINGS[name];
      res.writeHead(Number(status), { 'content-type': 'application/json' });
      res.end(`{"message": "bad key ${spelling}", "received": {"authorization": "${spelling}"}}`);
    });
  });
  runtime = loopbackRuntime(server.url);
});

afterAll(async () => {
  await runtime.close();
  await server.close();
});

describe('conversation client: the API key echoed back in any spelling', () => {
  it.each(Object.keys(SPELLINGS))('%s is absent from the error (message, String, JSON, inspect, stack, body)', async (name) => {
    const client = createConversationClient({ base_url: server.url, bot_id: BOT_ID, api_key: SECRET, runtime, allow_http: true });
    for (const status of ['400', '401', '404', '500']) {
      const error = await failure(client.message(`${status}.${name}`, 'hello'));
      expect(error).toMatchObject({ code: 'conversation_error', status: Number(status) });
      for (const [where, text] of Object.entries(errorRenderings(error))) expect({ status, where, leak: leakIn(text) }).toEqual({ status, where, leak: undefined });
    }
  });

  it('keeps the rest of the body, with the key replaced', async () => {
    const client = createConversationClient({ base_url: server.url, bot_id: BOT_ID, api_key: SECRET, runtime, allow_http: true });
    const error = await failure(client.message('401.php', 'hello'));
    expect(error.body).toBe('{"message": "bad key [redacted]", "received": {"authorization": "[redacted]"}}');
  });
});
