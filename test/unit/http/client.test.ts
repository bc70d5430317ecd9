// The transport against real loopback servers (test/support/servers.ts): deadlines, caps, decompression,
// redirects, retries and credential handling. SSRF refusals are in ssrf.test.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHttpClient } from '../../../src/http/client';
import { deadlineWatchState } from '../../../src/http/deadline';
import type { HttpClient, HttpRequest } from '../../../src/http/types';
import { gzipBombBody, startTestServer, type TestServer } from '../../support/servers';
import { relaisRejection as failure } from '../../support/rejection';

let a: TestServer;
let b: TestServer;
let client: HttpClient;
const resets = new Map<string, number>();

/** /reset/<key>/<n>: the first n requests of <key> get their connection destroyed (a connect failure). */
function resetting(req: IncomingMessage, _res: ServerResponse, _body: string, url: URL): boolean {
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] !== 'reset') return false;
  const count = (resets.get(parts[1]) ?? 0) + 1;
  resets.set(parts[1], count);
  if (count <= Number(parts[2])) {
    req.socket.destroy();
    return true;
  }
  return false;
}

beforeAll(async () => {
  [a, b] = await Promise.all([startTestServer(resetting), startTestServer()]);
  client = createHttpClient({ allow_private_network: false, allowed_hosts: [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`], max_response_bytes: 1024 * 1024 });
});
afterAll(async () => {
  await client.close();
  await Promise.all([a.close(), b.close()]);
});

const get = (url: string, extra: Partial<HttpRequest> = {}): Promise<import('../../../src/http/types').HttpResponse> =>
  client.request({ method: 'GET', url, timeout_ms: 5000, allow_http: true, ...extra });

describe('HttpClient basics', () => {
  it('returns status, lower-case headers, body, url and counts', async () => {
    const response = await get(`${a.origin}/json`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body.toString())).toMatchObject({ ok: true });
    expect(response).toMatchObject({ url: `${a.origin}/json`, attempts: 1, redirects: 0 });
    expect(response.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('sends method, headers and body; adds Accept-Encoding and User-Agent; drops Host and hop-by-hop headers', async () => {
    const response = await client.request({ method: 'POST', url: `${a.origin}/echo`, timeout_ms: 5000, allow_http: true, headers: { 'Content-Type': 'application/json', Host: 'evil.example', Connection: 'close' }, body: '{"x":1}' });
    const echo = JSON.parse(response.body.toString());
    expect(echo).toMatchObject({ method: 'POST', body: '{"x":1}' });
    expect(echo.headers.host).toBe(`127.0.0.1:${a.port}`);
    expect(echo.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(echo.headers['user-agent']).toMatch(/^Relais/);
  });

  it('resolves (not rejects) for 4xx and 5xx', async () => {
    expect((await get(`${a.origin}/status/404`)).status).toBe(404);
    expect((await get(`${a.origin}/status/500`)).status).toBe(500);
  });

  it.each(['gzip', 'deflate', 'br'])('decompresses %s', async (encoding) => {
    const response = await get(`${a.origin}/gzip?size=200000&enc=${encoding}`);
    expect(response.body.length).toBeGreaterThan(190_000);
    expect(Array.isArray(JSON.parse(response.body.toString()))).toBe(true);
  });

  it('reports corrupt and unasked-for encodings instead of returning garbage', async () => {
    const corrupt = await failure(get(`${a.origin}/encoded?as=gzip&body=plain`));
    expect(corrupt.code).toBe('connect_failed');
    expect(corrupt.message).toContain('not valid gzip data');
    expect((await failure(get(`${a.origin}/encoded?as=zstd`))).message).toContain('did not ask for');
  });

  it('takes a URL object the caller already parsed (HttpRequest.url) and sends to it, leaving it as it was', async () => {
    const target = new URL(`${a.origin}/echo?x=1`);
    const response = await client.request({ method: 'GET', url: target, timeout_ms: 5000, allow_http: true });
    expect(JSON.parse(response.body.toString())).toMatchObject({ method: 'GET', url: '/echo?x=1' });
    expect(response).toMatchObject({ status: 200, url: `${a.origin}/echo?x=1`, redirects: 0 });
    expect(target.href).toBe(`${a.origin}/echo?x=1`);
  });

  it('refuses http:// without allow_http', async () => {
    expect((await failure(client.request({ method: 'GET', url: `${a.origin}/json`, timeout_ms: 1000 }))).code).toBe('insecure_url');
  });

  it('rejects bad input as invalid_block', async () => {
    expect((await failure(get('not a url'))).code).toBe('invalid_block');
    expect((await failure(get(`${a.origin}/json`, { method: 'TRACE' as 'GET' }))).code).toBe('invalid_block');
    expect((await failure(get(`${a.origin}/json`, { timeout_ms: 0 }))).code).toBe('invalid_block');
  });
});

describe('one deadline per call', () => {
  it('times out when headers are slow, saying how long it waited', async () => {
    const started = Date.now();
    const error = await failure(get(`${a.origin}/slow-headers?ms=5000`, { timeout_ms: 300 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('300 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('covers redirects: a slow hop after a redirect times out within the one deadline', async () => {
    const started = Date.now();
    const error = await failure(get(`${a.origin}/redirect?to=${encodeURIComponent('/slow-headers?ms=5000')}`, { timeout_ms: 300 }));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('times out when the body is slow', async () => {
    const started = Date.now();
    const error = await failure(get(`${a.origin}/slow-body?ms=5000`, { timeout_ms: 300 }));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('covers retries: backoff never runs past the deadline', async () => {
    const started = Date.now();
    const response = await get(`${a.origin}/flaky/deadline/100?retry_after=1`, { timeout_ms: 1800, retry: { attempts: 10 } });
    // One retry fits (1 s), the second would cross 1.8 s: the last 503 is returned instead of waiting
    // (and instead of a timeout later).
    expect(response.status).toBe(503);
    expect(response.attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(1800);
  });

  it('deadlines of different lengths each end on time, whatever order the calls start in (one shared timer)', async () => {
    const started = Date.now();
    const long = failure(get(`${a.origin}/slow-headers?ms=5000`, { timeout_ms: 1500 })).then((error) => ({ error, after: Date.now() - started }));
    const short = failure(get(`${a.origin}/slow-headers?ms=5000`, { timeout_ms: 300 })).then((error) => ({ error, after: Date.now() - started }));
    // A call that finishes in between leaves the watch; the others still end on time.
    expect((await get(`${a.origin}/json`, { timeout_ms: 100 })).status).toBe(200);
    const [l, s] = await Promise.all([long, short]);
    expect(s.error.code).toBe('timeout');
    expect(s.after).toBeGreaterThanOrEqual(290);
    expect(s.after).toBeLessThan(1000);
    expect(l.error.code).toBe('timeout');
    expect(l.after).toBeGreaterThanOrEqual(1490);
    expect(l.after).toBeLessThan(2500);
  });

  it('a live call holds the process through its deadline; once every call is done, nothing does', async () => {
    expect(deadlineWatchState()).toEqual({ live: 0, holdsProcess: false });
    const pending = get(`${a.origin}/slow-headers?ms=150`, { timeout_ms: 60_000 });
    expect(deadlineWatchState()).toEqual({ live: 1, holdsProcess: true });
    expect((await pending).status).toBe(200);
    expect(deadlineWatchState()).toEqual({ live: 0, holdsProcess: false });
    // Failed and cancelled calls leave the watch too.
    await failure(get(`${a.origin}/slow-headers?ms=5000`, { timeout_ms: 100 }));
    await failure(get(`${a.origin}/slow-headers?ms=5000`, { signal: AbortSignal.timeout(50) }));
    expect(deadlineWatchState()).toEqual({ live: 0, holdsProcess: false });
  });

  it('a caller signal cancels', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(get(`${a.origin}/slow-headers?ms=5000`, { signal: controller.signal }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('cancelled');
  });
});

describe('response byte cap', () => {
  it('stops an endless body at the cap', async () => {
    const error = await failure(get(`${a.origin}/endless`, { max_response_bytes: 256 * 1024 }));
    expect(error.code).toBe('too_large');
    expect(error.message).toContain('262144-byte cap');
  });

  it('refuses a body announced larger than the cap without reading it', async () => {
    expect((await failure(get(`${a.origin}/big-json?bytes=2000000`))).code).toBe('too_large');
  });

  it('stops a gzip bomb at the cap, after decompression, without inflating it all', async () => {
    gzipBombBody(); // built by the server in this same process: not part of what is measured
    global.gc?.();
    const before = process.memoryUsage().arrayBuffers;
    const started = Date.now();
    const error = await failure(get(`${a.origin}/gzip-bomb`, { max_response_bytes: 1024 * 1024 }));
    expect(error.code).toBe('too_large');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('redirects', () => {
  it('follows up to max_redirects and reports the final URL', async () => {
    const response = await get(`${a.origin}/redirect?to=${encodeURIComponent('/redirect?to=/json')}`);
    expect(response).toMatchObject({ status: 200, redirects: 2, url: `${a.origin}/json` });
    const stopped = await get(`${a.origin}/redirect?to=/json`, { max_redirects: 0 });
    expect(stopped.status).toBe(302);
  });

  it('stops a redirect loop after max_redirects and returns the last 3xx', async () => {
    expect(await get(`${a.origin}/loop`)).toMatchObject({ status: 302, redirects: 5 });
    expect(await get(`${a.origin}/loop`, { max_redirects: 2 })).toMatchObject({ status: 302, redirects: 2 });
  });

  it('HEAD gets the headers and an empty body', async () => {
    const response = await client.request({ method: 'HEAD', url: `${a.origin}/json`, timeout_ms: 5000, allow_http: true });
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(0);
  });

  it('303 turns POST into GET without body; 307 keeps method and body', async () => {
    const turned = await client.request({ method: 'POST', url: `${a.origin}/redirect?status=303&to=/echo`, body: '{"a":1}', headers: { 'content-type': 'application/json' }, timeout_ms: 5000, allow_http: true });
    expect(JSON.parse(turned.body.toString())).toMatchObject({ method: 'GET', body: '' });
    const kept = await client.request({ method: 'POST', url: `${a.origin}/redirect?status=307&to=/echo`, body: '{"a":1}', timeout_ms: 5000, allow_http: true });
    expect(JSON.parse(kept.body.toString())).toMatchObject({ method: 'POST', body: '{"a":1}' });
  });

  it('keeps credentials on the same origin and drops them across origins', async () => {
    const headers = { Authorization: 'Bearer tok-abcdef', Cookie: 'sid=1', 'X-Custom-Cred': 'hdr-secret-1', Accept: 'application/json' };
    const secrets = ['tok-abcdef', 'hdr-secret-1'];
    const same = await get(`${a.origin}/redirect?to=/echo`, { headers, secrets });
    expect(JSON.parse(same.body.toString()).headers).toMatchObject({ authorization: 'Bearer tok-abcdef', cookie: 'sid=1', 'x-custom-cred': 'hdr-secret-1' });

    const cross = await get(`${a.origin}/redirect?to=${encodeURIComponent(`${b.origin}/echo`)}`, { headers, secrets });
    const seen = JSON.parse(cross.body.toString()).headers;
    expect(seen.authorization).toBeUndefined();
    expect(seen.cookie).toBeUndefined();
    expect(seen['x-custom-cred']).toBeUndefined();
    expect(seen.accept).toBe('application/json');
  });

  it('does not re-send a body carrying a secret to another origin', async () => {
    const before = b.requests.length;
    const response = await client.request({ method: 'POST', url: `${a.origin}/redirect?status=307&to=${encodeURIComponent(`${b.origin}/echo`)}`, body: '{"api_key":"body-secret-9"}', secrets: ['body-secret-9'], timeout_ms: 5000, allow_http: true });
    expect(response.status).toBe(307);
    expect(b.requests.length).toBe(before);
  });
});

describe('retries', () => {
  it('retries GET on 503 and honours Retry-After', async () => {
    const started = Date.now();
    const response = await get(`${a.origin}/flaky/ra/1?retry_after=1`, { retry: { attempts: 2 } });
    expect(response).toMatchObject({ status: 200, attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('retries 429 and 502/504 with backoff', async () => {
    const response = await get(`${a.origin}/flaky/b429/2?status=429`, { retry: { attempts: 3, base_delay_ms: 10 } });
    expect(response).toMatchObject({ status: 200, attempts: 3 });
    expect((await get(`${a.origin}/flaky/b504/1?status=504`, { retry: { attempts: 1, base_delay_ms: 10 } })).status).toBe(200);
  });

  it('does not retry other statuses', async () => {
    const response = await get(`${a.origin}/flaky/b500/1?status=500`, { retry: { attempts: 3, base_delay_ms: 10 } });
    expect(response).toMatchObject({ status: 500, attempts: 1 });
  });

  it('never retries POST without an Idempotency-Key, retries it with one', async () => {
    const plain = await client.request({ method: 'POST', url: `${a.origin}/flaky/post/1`, body: '{}', timeout_ms: 5000, allow_http: true, retry: { attempts: 3, base_delay_ms: 10 } });
    expect(plain).toMatchObject({ status: 503, attempts: 1 });
    const keyed = await client.request({ method: 'POST', url: `${a.origin}/flaky/postkey/1`, body: '{}', headers: { 'Idempotency-Key': 'k-1' }, timeout_ms: 5000, allow_http: true, retry: { attempts: 3, base_delay_ms: 10 } });
    expect(keyed).toMatchObject({ status: 200, attempts: 2 });
  });

  it('retries connection failures', async () => {
    const response = await get(`${a.origin}/reset/r1/1`, { retry: { attempts: 2, base_delay_ms: 10 } });
    expect(response).toMatchObject({ attempts: 2 });
    const error = await failure(get(`${a.origin}/reset/r2/5`));
    expect(error.code).toBe('connect_failed');
  });
});

describe('errors never contain secrets', () => {
  it('across timeout, cap, connect and blocked failures', async () => {
    const secret = 'sk-live-zyxwvu';
    const strict = createHttpClient(
      { allow_private_network: false, allowed_hosts: [`127.0.0.1:${a.port}`], max_response_bytes: 1024 },
      { resolver: async () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })) },
    );
    const common = { timeout_ms: 300, allow_http: true, secrets: [secret], headers: { Authorization: `Bearer ${secret}` } };
    const errors = await Promise.all([
      failure(strict.request({ ...common, method: 'GET', url: `${a.origin}/slow-headers?ms=3000&token=${secret}` })),
      failure(strict.request({ ...common, method: 'GET', url: `${a.origin}/endless?token=${secret}` })),
      failure(strict.request({ ...common, method: 'GET', url: `http://${secret}.invalid/x` })),
      failure(strict.request({ ...common, method: 'GET', url: `http://127.0.0.1:1/${secret}` })),
      failure(strict.request({ ...common, method: 'GET', url: `https://${secret}.example/x?${secret}` })),
    ]);
    await strict.close();
    expect(errors.map((e) => e.code)).toEqual(['timeout', 'too_large', 'connect_failed', 'blocked_url', 'connect_failed']);
    for (const error of errors) {
      expect(JSON.stringify(error.toJSON())).not.toContain(secret);
      expect(error.message).not.toContain(secret);
    }
  });

  it('a closed client refuses calls', async () => {
    const closed = createHttpClient({ allow_private_network: true, allowed_hosts: [], max_response_bytes: 1024 });
    await closed.close();
    expect((await failure(closed.request({ method: 'GET', url: `${a.origin}/json`, timeout_ms: 1000, allow_http: true }))).code).toBe('connect_failed');
  });
});
