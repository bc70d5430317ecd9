// Error messages in the user's language in a real Node-RED runtime (node-red-node-test-helper): a
// runtime whose settings.lang is French shows the French message of a RelaisError on msg.error (failure
// output and Catch nodes) and in its issues, with the French fallback line; an English runtime shows
// the English. Whatever the runtime's language, what a model reads (an ai_reply tool result) is the
// English message. The API and the model server are local servers on 127.0.0.1.
import { FALLBACK_LINES } from '../../../src/errors';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server';
import { startTestServer, type TestServer } from '../../support/servers';
import { firstOf, helper, helperNode, relaisNodes, tempUserDir } from './support/harness';

jest.setTimeout(120_000);

const userDir = tempUserDir();
const AI_KEY = 'sk-french-errors-4242';
const TOKEN = 'tok-French-Secret-31337';
let ai: OpenAiServer;
let api: TestServer;
let apiUrl = '';

beforeAll(async () => {
  relaisNodes();
  // Every order is missing; a request without the token is refused.
  api = await startTestServer((req, res) => {
    const authorised = req.headers.authorization === `Bearer ${TOKEN}`;
    res.writeHead(authorised ? 404 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: authorised ? 'order not found' : 'bad token' }));
    return true;
  });
  apiUrl = api.origin;
  ai = await startOpenAiServer({
    apiKey: AI_KEY,
    script: (turn) => (turn.toolResults.length === 0 && turn.tools.length ? { calls: [{ name: turn.tools[0], arguments: { order_number: 'Z-9' } }] } : { text: `tool said: ${turn.toolResults[0]?.content}` }),
  });
});

afterEach(async () => {
  await helper.unload();
  await helper.stopServer();
});

afterAll(async () => {
  await Promise.all([ai.close(), api.close()]);
  userDir.remove();
});

async function startIn(lang: string): Promise<void> {
  helper.settings({ userDir: userDir.dir, lang, relais: { allowed_hosts: [new URL(apiUrl).host] } });
  await helper.startServer();
}

function lookupFlow(failureWired: boolean) {
  return [
    {
      id: 'n1',
      type: 'relais-http-request',
      name: 'order lookup',
      http_method: 'GET',
      url: `${apiUrl}/orders/{{order_number}}`,
      urlType: 'str',
      credential: 'auth1',
      variables: [{ name: 'order_number', type: 'string', description: 'The order number', example: 'A-1', required: true, default: '' }],
      allow_http: true,
      timeout_seconds: '5',
      timeout_secondsType: 'num',
      wires: [['ok'], failureWired ? ['failed'] : []],
    },
    { id: 'auth1', type: 'relais-auth', kind: 'bearer' },
    { id: 'catch1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    helperNode('ok'),
    helperNode('failed'),
    helperNode('caught'),
  ];
}

async function failureOf(flow: unknown[], msg: Record<string, unknown>, credentials: Record<string, unknown> = { auth1: { token: TOKEN } }) {
  await helper.load(relaisNodes(), flow, credentials);
  const out = firstOf(['ok', 'failed', 'caught']);
  helper.getNode('n1').receive(msg);
  return out;
}

describe('a French Node-RED runtime (settings.lang "fr")', () => {
  beforeEach(() => startIn('fr'));

  it('puts the French message, issues and fallback line on msg.error (failure output)', async () => {
    const { id, msg } = await failureOf(lookupFlow(true), { variables: {} });
    expect(id).toBe('failed');
    expect(msg.error.code).toBe('missing_variable');
    expect(msg.error.message).toBe('La variable order_number est obligatoire : The order number (exemple : A-1).');
    expect(msg.error.issues).toEqual([{ path: 'variables.order_number', message: msg.error.message }]);
    expect(msg.error.fallback).toBe(FALLBACK_LINES.missing_variable.fr);
  });

  it('gives Catch nodes the French message when the failure output is not wired', async () => {
    const { id, msg } = await failureOf(lookupFlow(false), { variables: { order_number: 'Z-9' } });
    expect(id).toBe('caught');
    expect(msg.error.code).toBe('http_404');
    // Node-RED writes the Error's toString() on the Catch node's msg.error.message.
    expect(msg.error.message).toBe(`RelaisError: HTTP 404 Not Found de ${new URL(apiUrl).host} : la ressource n'existe pas — vérifiez les identifiants envoyés. Le service a répondu : "order not found"`);
    expect(msg._error).toMatchObject({ code: 'http_404', status: 404 });
  });

  it('keeps secrets out of the French message as out of the English', async () => {
    const { msg } = await failureOf(lookupFlow(true), { variables: { order_number: 'Z-9' } }, { auth1: { token: 'wrong-token-SECRET-777' } });
    expect(msg.error.code).toBe('http_401');
    expect(msg.error.message).toMatch(/^HTTP 401 Unauthorized de .* : l'authentification a échoué/);
    expect(JSON.stringify(msg)).not.toContain('wrong-token-SECRET-777');
  });

  it('says an unexpected internal failure in French too, without its detail', async () => {
    const poisoned: Record<string, unknown> = { variables: { order_number: 'Z-9' } };
    Object.defineProperty(poisoned, 'contact', {
      enumerable: true,
      get() {
        throw new TypeError('boom with password hunter2');
      },
    });
    const { id, msg } = await failureOf(lookupFlow(true), poisoned);
    expect(id).toBe('failed');
    expect(msg.error.message).toBe("Erreur interne inattendue pendant l'action. Le journal de l'hôte donne les détails.");
    expect(JSON.stringify(msg.error)).not.toContain('hunter2');
  });

  it('still hands the model the English message of a failed tool', async () => {
    const tool = { id: 'order_lookup', type: 'action', data: { label: 'Order lookup', parameters: { action_type: 'http_request', http_method: 'GET', url: `${apiUrl}/orders/{{order_number}}`, credential: 'default', allow_http: true, variables: [{ name: 'order_number', type: 'string', required: true }] } } };
    await helper.load(
      relaisNodes(),
      [
        { id: 'prov', type: 'relais-ai-provider', provider: 'openai', base_url: ai.baseUrl, model: 'gpt-5-mini', allow_private_network: true },
        { id: 'auth1', type: 'relais-auth', kind: 'bearer' },
        { id: 'blocknode', type: 'relais-block', credential: 'auth1', credential_name: '', block: JSON.stringify(tool), wires: [[], []] },
        { id: 'reply', type: 'relais-ai-reply', provider: 'prov', body_source: 'ai', prompt: 'where is order Z-9', tool_nodes: ['blocknode'], wires: [['ok'], ['failed']] },
        helperNode('ok'),
        helperNode('failed'),
      ],
      { prov: { api_key: AI_KEY }, auth1: { token: TOKEN } },
    );
    const out = firstOf(['ok', 'failed']);
    helper.getNode('reply').receive({});
    const { id, msg } = await out;
    expect(id).toBe('ok');
    // The model server echoes the tool result it was given: the English message and fallback line.
    expect(msg.payload.text).toContain('the resource does not exist');
    expect(msg.payload.text).toContain(FALLBACK_LINES.http_404.en);
    expect(msg.payload.text).not.toMatch(/n'existe pas|Je ne trouve/);
    expect(msg.payload.tool_calls).toMatchObject([{ name: 'order_lookup', ok: false, error: { code: 'http_404', message: expect.stringMatching(/the resource does not exist/) } }]);
  });
});

describe('an English Node-RED runtime (settings.lang "en-US")', () => {
  beforeEach(() => startIn('en-US'));

  it('puts the English message on msg.error', async () => {
    const { id, msg } = await failureOf(lookupFlow(true), { variables: {} });
    expect(id).toBe('failed');
    expect(msg.error.message).toBe('The variable order_number is required: The order number (example: A-1).');
    expect(msg.error.issues).toEqual([{ path: 'variables.order_number', message: msg.error.message }]);
    expect(msg.error.fallback).toBe(FALLBACK_LINES.missing_variable.en);
  });
});
