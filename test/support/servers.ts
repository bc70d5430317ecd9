// Loopback HTTP servers for tests and benchmarks: one server, many behaviours chosen by path. Listens on
// 127.0.0.1 with a free port; `close()` ends keep-alive connections too, so jest never waits on them.
//   /json                 {"ok":true,...}            /echo         method, url, headers and body back
//   /status/<code>        that status (?retry_after=, ?body=)
//   /flaky/<key>/<n>      503 (?status=) for the first n hits of <key>, then 200 (?retry_after=)
//   /slow-headers?ms=     headers after ms            /slow-body?ms=  headers now, body after ms
//   /endless?bytes=       an endless body (or bytes)             /gzip-bomb     64 MiB of zeros, gzipped (~64 KiB)
//   /gzip?size=&enc=      compressed JSON (gzip, deflate, br) /html          a small HTML page
//   /encoded?as=&body=    body labelled with any Content-Encoding
//   /redirect?to=&status= a redirect (302 default)  /loop          redirects to itself forever     /big-json?bytes=  a JSON array of about that size
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

let gzipBomb: Buffer | undefined;
/** 64 MiB of zeros, gzipped once per process (about 64 KiB). */
export function gzipBombBody(): Buffer {
  gzipBomb ??= gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  return gzipBomb;
}

/** A JSON array of objects whose serialisation is about `bytes` long. */
export function bigJson(bytes: number): string {
  const row = (i: number) => JSON.stringify({ id: i, name: `customer ${i}`, email: `customer${i}@example.com`, notes: 'lorem ipsum dolor sit amet '.repeat(3) });
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const text = row(i);
    parts.push(text);
    size += text.length + 1;
  }
  return `[${parts.join(',')}]`;
}

const bigJsonCache = new Map<number, Buffer>();

function number(url: URL, name: string, fallback: number): number {
  const value = url.searchParams.get(name);
  return value === null ? fallback : Number(value);
}

/** Writes 64 KiB chunks until the client goes away, or until `limit` bytes when given. */
function endless(res: ServerResponse, limit = Infinity): void {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let sent = 0;
  const write = (): void => {
    while (!res.destroyed && sent < limit) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', write);
    }
    if (!res.destroyed) res.end();
  };
  write();
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string, url: URL) => boolean | void;

function route(req: IncomingMessage, res: ServerResponse, body: string, url: URL, hits: Map<string, number>): void {
  const parts = url.pathname.split('/').filter(Boolean);
  const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(value));
  };
  switch (parts[0]) {
    case 'json':
      return json(200, { ok: true, order: { id: 'ORD-12345', status: 'shipped', items: [{ sku: 'A', qty: 1 }] } });
    case 'echo':
      return json(200, { method: req.method, url: req.url, headers: req.headers, body });
    case 'status': {
      const headers: Record<string, string> = {};
      const retryAfter = url.searchParams.get('retry_after');
      if (retryAfter !== null) headers['retry-after'] = retryAfter;
      res.writeHead(Number(parts[1]), { 'content-type': 'application/json', ...headers });
      return void res.end(url.searchParams.get('body') ?? JSON.stringify({ message: `status ${parts[1]}` }));
    }
    case 'flaky': {
      const key = parts[1];
      const count = (hits.get(key) ?? 0) + 1;
      hits.set(key, count);
      if (count <= Number(parts[2])) {
        const headers: Record<string, string> = {};
        const retryAfter = url.searchParams.get('retry_after');
        if (retryAfter !== null) headers['retry-after'] = retryAfter;
        return json(number(url, 'status', 503), { attempt: count }, headers);
      }
      return json(200, { attempt: count, method: req.method });
    }
    case 'slow-headers': {
      const timer = setTimeout(() => json(200, { slow: true }), number(url, 'ms', 1000));
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'slow-body': {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
      const timer = setTimeout(() => res.end('true}'), number(url, 'ms', 1000));
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'endless':
      res.writeHead(200, { 'content-type': 'text/plain' });
      return endless(res, number(url, 'bytes', Infinity));
    case 'gzip-bomb':
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      return void res.end(gzipBombBody());
    case 'gzip': {
      // ?enc=gzip (default) | deflate | br
      const encoding = url.searchParams.get('enc') ?? 'gzip';
      const json = bigJson(number(url, 'size', 10_000));
      const payload = encoding === 'br' ? brotliCompressSync(json) : encoding === 'deflate' ? deflateSync(json) : gzipSync(json);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding, 'content-length': String(payload.length) });
      return void res.end(payload);
    }
    case 'encoded':
      // Raw bytes labelled with any Content-Encoding (?as=gzip&body=not-gzip): corrupt or unasked encodings.
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': url.searchParams.get('as') ?? 'gzip' });
      return void res.end(url.searchParams.get('body') ?? 'not compressed');
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end('<html><head><title>Order</title><script>var x = 1;</script></head><body><h1>Order ORD-1</h1><p>Status: <b>shipped</b> &amp; insured</p></body></html>');
    case 'loop':
      res.writeHead(302, { location: '/loop' });
      return void res.end();
    case 'redirect': {
      res.writeHead(number(url, 'status', 302), { location: url.searchParams.get('to') ?? '/json' });
      return void res.end();
    }
    case 'big-json': {
      const bytes = number(url, 'bytes', 1_000_000);
      let payload = bigJsonCache.get(bytes);
      if (!payload) bigJsonCache.set(bytes, (payload = Buffer.from(bigJson(bytes))));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(payload.length) });
      return void res.end(payload);
    }
    default:
      return json(404, { message: 'no such route' });
  }
}

/** Starts the loopback server; `extra` handles a request first when it returns true. */
export async function startTestServer(extra?: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (extra?.(req, res, body, url)) return;
      route(req, res, body, url, hits);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
