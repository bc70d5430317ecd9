// The transport's own dispatch handler (src/http/exchange.ts, src/http/body.ts) against a real loopback
// server: what undici's request() used to do for us — headers as an object, the cap on identity and
// encoded bodies, redirect bodies skipped, the deadline before and during a connection — must still hold.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { createHttpClient } from '../../../src/http/client';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../src/http/types';
import { startTestServer, type TestServer } from '../../support/servers';
import { relaisRejection as failure } from '../../support/rejection';

const CAP = 64 * 1024;
let server: TestServer;
let client: HttpClient;

function routes(req: IncomingMessage, res: ServerResponse, _body: string, url: URL): boolean {
  switch (url.pathname) {
    case '/repeated':
      res.setHeader('x-many', ['one', 'two']);
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.end('ok');
      return true;
    case '/proto-header':
      // A header named like the prototype accessor, twice, beside an ordinary one: it must stay data.
      res.setHeader('__proto__', ['first', 'second']);
      res.setHeader('x-plain', 'yes');
      res.end('ok');
      return true;
    case '/redirect-big-body':
      // A redirect with a body far beyond what is worth reading to keep the connection.
      res.writeHead(302, { location: '/json' });
      res.end(Buffer.alloc(512 * 1024, 0x61));
      return true;
    case '/gzip-exact': {
      const size = Number(url.searchParams.get('size'));
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
      res.end(gzipSync(Buffer.alloc(size, 0x62)));
      return true;
    }
    case '/gzip-trickle': {
      // Half a gzip stream now, the rest never: the deadline must stop the decoding exchange.
      const packed = gzipSync(Buffer.alloc(10_000, 0x63));
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.write(packed.subarray(0, packed.length >> 1));
      return true;
    }
    case '/cut': {
      // Announces 1000 bytes, sends 10, then drops the connection.
      res.writeHead(200, { 'content-length': '1000' });
      res.write('0123456789', () => req.socket.destroy());
      return true;
    }
    default:
      return false;
  }
}

beforeAll(async () => {
  server = await startTestServer(routes);
  client = createHttpClient({ allow_private_network: false, allowed_hosts: [`127.0.0.1:${server.port}`, 'never.example'], max_response_bytes: CAP }, {
    // never.example: a DNS lookup that never answers (a connect that never completes).
    resolver: (hostname) => (hostname === 'never.example' ? new Promise(() => undefined) : Promise.resolve([{ address: '127.0.0.1', family: 4 }])),
  });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

const get = (path: string, extra: Partial<HttpRequest> = {}): Promise<HttpResponse> =>
  client.request({ method: 'GET', url: `${server.origin}${path}`, timeout_ms: 5000, allow_http: true, ...extra });

describe('exchange handler', () => {
  it('joins repeated response headers with ", " under lower-case names', async () => {
    const response = await get('/repeated');
    expect(response.headers['x-many']).toBe('one, two');
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
    expect(response.body.toString()).toBe('ok');
  });

  it('keeps a repeated "__proto__" response header as an ordinary joined value, never as the prototype', async () => {
    const response = await get('/proto-header');
    expect(Object.getPrototypeOf(response.headers)).toBe(Object.prototype);
    expect(Object.hasOwn(response.headers, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(response.headers, '__proto__')?.value).toBe('first, second');
    expect(response.headers['x-plain']).toBe('yes');
    expect(Object.keys(response.headers)).toContain('__proto__');
  });

  it('follows a redirect whose body is too big to read, and answers from the next hop', async () => {
    const response = await get('/redirect-big-body');
    expect(response.status).toBe(200);
    expect(response.redirects).toBe(1);
    expect(JSON.parse(response.body.toString())).toMatchObject({ ok: true });
  });

  it('keeps a gzip body decoded to exactly the cap, refuses one byte more', async () => {
    const exact = await get(`/gzip-exact?size=${CAP}`);
    expect(exact.body.length).toBe(CAP);
    expect(exact.body.every((byte) => byte === 0x62)).toBe(true);
    expect((await failure(get(`/gzip-exact?size=${CAP + 1}`))).code).toBe('too_large');
  });

  it('the deadline stops a compressed body that never ends, and the client keeps working', async () => {
    const started = performance.now();
    const error = await failure(get('/gzip-trickle', { timeout_ms: 300 }));
    expect(error.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2000);
    expect((await get('/json')).status).toBe(200);
  });

  it('the deadline covers a connection that never opens (DNS that never answers)', async () => {
    const started = performance.now();
    const error = await failure(client.request({ method: 'GET', url: 'http://never.example/', timeout_ms: 200, allow_http: true }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('never.example');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('a body cut before its announced length is a failure, not a short body', async () => {
    const error = await failure(get('/cut'));
    expect(error.code).toBe('connect_failed');
  });
});
