// Issue 14, finding 1: an API that echoes the credential back, in every spelling servers use
// (test/support/echoed-secret.ts), in a JSON value, a JSON key or plain text, must never get the secret
// into a result or into any rendering of an error (message, String(err), JSON.stringify(err),
// util.inspect(err), err.stack, error.body). A real node:http server on 127.0.0.1 does the echoing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { executeBlock } from '../../../src/actions';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { errorRenderings, leakIn as leaks, SECRET, SPELLINGS } from '../../support/echoed-secret';
import { relaisRejection as failure } from '../../support/rejection';

let server: Server;
let origin: string;
let runtime: Runtime;

beforeAll(async () => {
  // GET /<status>/<kind>/<spelling>: the spelling inside a JSON value (kind json), a JSON key (key), an
  // error message (message) or plain text (text).
  server = createServer((req, res) => {
    const [, status, kind, name] = (req.url ?? '').split('/');
    const spelling = SPELLINGS[name];
    const jsonText = kind === 'key' ? `{"${spelling}": 1, "ok": true}` : kind === 'message' ? `{"message": "invalid token ${spelling}"}` : `{"token": "${spelling}", "nested": ["${spelling}"]}`;
    res.writeHead(Number(status), { 'content-type': kind === 'text' ? 'text/plain' : 'application/json' });
    res.end(kind === 'text' ? `your token is ${spelling}.` : jsonText);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  runtime = createRuntime({ credentials: { api: { type: 'bearer', token: SECRET } }, network: { allowed_hosts: [new URL(origin).host] } });
});

afterAll(async () => {
  await runtime.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

const block = (path: string, filter?: unknown) => ({
  id: 'echo',
  type: 'action',
  position: { x: 0, y: 0 },
  data: {
    label: 'Echo',
    channel: 'http',
    description: 'echoes the token',
    parameters: { action_type: 'http_request', http_method: 'GET', url: `${origin}${path}`, credential: 'api', allow_http: true, content_type: 'json', ...(filter ? { filter } : {}) },
  },
});

describe('a secret echoed back never reaches a result', () => {
  it.each(Object.keys(SPELLINGS))('%s, in a JSON value, a JSON key and plain text (200)', async (name) => {
    for (const kind of ['json', 'key', 'text']) {
      const result = await executeBlock(block(`/200/${kind}/${name}`), {}, runtime);
      expect({ kind, leak: leaks(JSON.stringify(result)) }).toEqual({ kind, leak: undefined });
      // The parsed tree itself: a model reading data.token reads the decoded string.
      expect({ kind, leak: leaks(inspect(result.data, { depth: null })) }).toEqual({ kind, leak: undefined });
    }
  });

  it('also through a filter (projection, limits, budget), which sees the parsed tree', async () => {
    for (const name of ['php', 'unicode', 'mixed']) {
      const result = await executeBlock(block(`/200/json/${name}`, { expression: '{t: token, n: nested}', max_items: 5, max_chars: 500 }), {}, runtime);
      expect((result.data as { t: string }).t).toBe('[redacted]');
      expect(leaks(JSON.stringify(result))).toBeUndefined();
    }
  });
});

describe('a secret echoed back never reaches any rendering of an error', () => {
  it.each(Object.keys(SPELLINGS))('%s, in a 401 and a 500 body and in the message the service gave', async (name) => {
    for (const [status, kind] of [
      ['401', 'message'],
      ['500', 'json'],
      ['422', 'key'],
      ['400', 'text'],
    ]) {
      const error = await failure(executeBlock(block(`/${status}/${kind}/${name}`), {}, runtime));
      for (const [where, text] of Object.entries(errorRenderings(error))) expect({ status, kind, where, leak: leaks(text) }).toEqual({ status, kind, where, leak: undefined });
    }
  });

  it('still quotes the service\'s own message, with the secret replaced', async () => {
    const error = await failure(executeBlock(block('/401/message/php'), {}, runtime));
    expect(error.code).toBe('http_401');
    expect(error.message).toContain('The service said: "invalid token [redacted]"');
  });
});
