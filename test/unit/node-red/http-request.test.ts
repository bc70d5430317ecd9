// relais-http-request in a real Node-RED runtime (node-red-node-test-helper) against a real loopback
// HTTP server: success output, failure output, Catch nodes, msg.error, status texts, and failures
// that must not take the runtime down.
import { startTestServer, type TestServer } from '../../support/servers';
import { firstOf, helper, helperNode, relaisNodes, statusOf, tempUserDir } from './support/harness';

jest.setTimeout(120_000);

let api: TestServer;
const userDir = tempUserDir();

beforeAll(async () => {
  relaisNodes(); // builds once (cached) before the first test's clock starts
  api = await startTestServer((req, res, _body, url) => {
    if (url.pathname.startsWith('/orders/')) {
      const id = decodeURIComponent(url.pathname.split('/')[2]);
      if (id === 'missing') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'order not found' }));
        return true;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, status: 'shipped', auth: req.headers.authorization ?? null, internal: { note: 'x' } }));
      return true;
    }
    return false;
  });
  helper.settings({ userDir: userDir.dir, relais: { allowed_hosts: [`127.0.0.1:${api.port}`] } });
  await helper.startServer();
});

afterEach(async () => {
  await helper.unload();
});

afterAll(async () => {
  await helper.stopServer();
  await api.close();
  userDir.remove();
});

function orderFlow(extra: Record<string, unknown> = {}, failureWired = true) {
  return [
    {
      id: 'n1',
      type: 'relais-http-request',
      name: 'order lookup',
      http_method: 'GET',
      url: `${api.origin}/orders/{{order_number}}`,
      urlType: 'str',
      credential: 'auth1',
      variables: [{ name: 'order_number', type: 'string', description: 'The order number', example: 'A-1', required: true, default: '' }],
      allow_http: true,
      filter_exclude: 'internal',
      timeout_seconds: '5',
      timeout_secondsType: 'num',
      wires: [['ok'], failureWired ? ['failed'] : []],
      ...extra,
    },
    { id: 'auth1', type: 'relais-auth', kind: 'bearer' },
    { id: 'catch1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    helperNode('ok'),
    helperNode('failed'),
    helperNode('caught'),
  ];
}

const CREDENTIALS = { auth1: { token: 'tok-Secret-98765' } };

describe('relais-http-request', () => {
  it('renders the variables, calls the API with the credential, and puts result and metadata on the msg', async () => {
    await helper.load(relaisNodes(), orderFlow(), CREDENTIALS);
    const ok = statusOf('n1', (s) => s.fill === 'green');
    const out = firstOf(['ok', 'failed', 'caught']);
    helper.getNode('n1').receive({ variables: { order_number: 'A 42' }, topic: 'keep me' });
    const { id, msg } = await out;
    expect(id).toBe('ok');
    // the API got the token; the echo of it in the response is redacted, and the filter dropped `internal`
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer tok-Secret-98765');
    expect(msg.payload).toEqual({ id: 'A 42', status: 'shipped', auth: 'Bearer [redacted]' });
    expect(msg.topic).toBe('keep me');
    expect(msg.relais).toMatchObject({ action_type: 'http_request', status: 200, truncated: false });
    expect(typeof msg.relais.duration_ms).toBe('number');
    expect(msg.relais.request.url).toBe(`${api.origin}/orders/A%2042`);
    expect(JSON.stringify(msg.relais)).not.toContain('tok-Secret-98765');
    expect((await ok).text).toMatch(/^200 · \d+ ms$/);
    expect(api.requests.at(-1)?.url).toBe('/orders/A%2042');
  });

  it('takes msg.payload as the variables when it is an object and msg.variables is absent', async () => {
    await helper.load(relaisNodes(), orderFlow(), CREDENTIALS);
    const out = firstOf(['ok', 'failed']);
    helper.getNode('n1').receive({ payload: { order_number: 'B-7' } });
    const { id, msg } = await out;
    expect(id).toBe('ok');
    expect(msg.payload.id).toBe('B-7');
  });

  it('takes the URL from msg through a typedInput', async () => {
    await helper.load(relaisNodes(), orderFlow({ url: 'target', urlType: 'msg', variables: [] }), CREDENTIALS);
    const out = firstOf(['ok', 'failed']);
    helper.getNode('n1').receive({ target: `${api.origin}/orders/C-3` });
    const { id, msg } = await out;
    expect(id).toBe('ok');
    expect(msg.payload.id).toBe('C-3');
  });

  // Fixed inputs: the node builds its block once (fixedFormRunner); each msg still brings its own variables.
  it('serves successive messages with fixed inputs, each with its own variables and the credential', async () => {
    await helper.load(relaisNodes(), orderFlow(), CREDENTIALS);
    for (const order of ['F-1', 'F-2']) {
      const out = firstOf(['ok', 'failed']);
      helper.getNode('n1').receive({ variables: { order_number: order } });
      const { id, msg } = await out;
      expect({ id, order: msg.payload.id }).toEqual({ id: 'ok', order });
      expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer tok-Secret-98765');
    }
  });

  it('reads a msg-sourced URL again for every message (no block kept)', async () => {
    await helper.load(relaisNodes(), orderFlow({ url: 'target', urlType: 'msg', variables: [] }), CREDENTIALS);
    for (const order of ['M-1', 'M-2']) {
      const out = firstOf(['ok', 'failed']);
      helper.getNode('n1').receive({ target: `${api.origin}/orders/${order}` });
      const { id, msg } = await out;
      expect({ id, order: msg.payload.id }).toEqual({ id: 'ok', order });
    }
  });

  it('sends an HTTP error to the failure output with msg.error and a red status, not to Catch nodes', async () => {
    await helper.load(relaisNodes(), orderFlow(), CREDENTIALS);
    const red = statusOf('n1', (s) => s.fill === 'red');
    const out = firstOf(['ok', 'failed', 'caught']);
    helper.getNode('n1').receive({ variables: { order_number: 'missing' } });
    const { id, msg } = await out;
    expect(id).toBe('failed');
    expect(msg.error).toMatchObject({ code: 'http_404', status: 404 });
    expect(typeof msg.error.message).toBe('string');
    expect(typeof msg.error.fallback).toBe('string');
    expect(JSON.stringify(msg.error)).not.toContain('tok-Secret-98765');
    expect((await red).text).toBe('http_404 (404)');
  });

  it('reports the error to Catch nodes (done(err)) when the failure output is not wired', async () => {
    await helper.load(relaisNodes(), orderFlow({}, false), CREDENTIALS);
    const out = firstOf(['ok', 'failed', 'caught']);
    helper.getNode('n1').receive({ variables: { order_number: 'missing' } });
    const { id, msg } = await out;
    expect(id).toBe('caught');
    expect(msg.error.code).toBe('http_404');
    expect(msg.error.source).toMatchObject({ id: 'n1', type: 'relais-http-request' });
    expect(msg._error).toMatchObject({ code: 'http_404', status: 404 });
  });

  it('refuses a missing required variable before calling anything', async () => {
    await helper.load(relaisNodes(), orderFlow(), CREDENTIALS);
    const before = api.requests.length;
    const out = firstOf(['ok', 'failed']);
    helper.getNode('n1').receive({ variables: {} });
    const { id, msg } = await out;
    expect(id).toBe('failed');
    expect(msg.error.code).toBe('missing_variable');
    expect(msg.error.message).toContain('order_number');
    expect(api.requests.length).toBe(before);
  });

  it('refuses a private address that neither the node nor settings allow', async () => {
    helper.settings({ relais: {} });
    try {
      await helper.load(relaisNodes(), orderFlow(), CREDENTIALS);
      const out = firstOf(['ok', 'failed']);
      helper.getNode('n1').receive({ variables: { order_number: 'A-1' } });
      const { id, msg } = await out;
      expect(id).toBe('failed');
      expect(msg.error.code).toBe('blocked_url');
    } finally {
      helper.settings({ relais: { allowed_hosts: [`127.0.0.1:${api.port}`] } });
    }
  });

  it('survives an unexpected failure inside the async handler: generic error out, nothing leaked, next msg served', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      await helper.load(relaisNodes(), orderFlow(), CREDENTIALS);
      const out = firstOf(['ok', 'failed', 'caught']);
      const poisoned: Record<string, unknown> = { variables: { order_number: 'A-1' } };
      Object.defineProperty(poisoned, 'contact', {
        enumerable: true,
        get() {
          throw new TypeError('boom with password hunter2');
        },
      });
      helper.getNode('n1').receive(poisoned);
      const { id, msg } = await out;
      expect(id).toBe('failed');
      expect(msg.error.code).toBe('connect_failed');
      expect(msg.error.message).toMatch(/Unexpected internal error/);
      expect(JSON.stringify(msg.error)).not.toContain('hunter2');

      const next = firstOf(['ok', 'failed']);
      helper.getNode('n1').receive({ variables: { order_number: 'A-2' } });
      expect((await next).id).toBe('ok');
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('reports an invalid configuration as invalid_block naming the parameter', async () => {
    await helper.load(relaisNodes(), orderFlow({ timeout_seconds: '600' }), CREDENTIALS);
    const out = firstOf(['ok', 'failed']);
    helper.getNode('n1').receive({ variables: { order_number: 'A-1' } });
    const { id, msg } = await out;
    expect(id).toBe('failed');
    expect(msg.error.code).toBe('invalid_block');
    expect(JSON.stringify(msg.error)).toContain('timeout_seconds');
  });
});
