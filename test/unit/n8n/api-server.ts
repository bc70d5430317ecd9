// A small JSON API on 127.0.0.1 for the n8n node tests: it records every request and answers by path.
//   GET  /orders/<id>     200 {id, status}; 404 for id "missing"
//   POST /orders          201 echoing the parsed body
//   GET  /me              200 when Authorization is "Bearer good-token", else 401
//   *                     404
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ApiServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startApiServer(): Promise<ApiServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', url, headers: req.headers, body });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const order = /^\/orders\/([^/?]+)/.exec(url);
      if (req.method === 'GET' && order) {
        const id = decodeURIComponent(order[1]);
        if (id === 'missing') return send(404, { error: 'no such order' });
        return send(200, { id, status: 'shipped', carrier: 'La Poste' });
      }
      if (req.method === 'POST' && url.startsWith('/orders')) return send(201, { created: JSON.parse(body || '{}') });
      if (url.startsWith('/me')) return req.headers.authorization === 'Bearer good-token' ? send(200, { me: 'ok' }) : send(401, { error: 'bad token' });
      return send(404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts one API server for a test file (closed after it), its recorded requests cleared before each test. */
export function useApiServer(): { readonly current: ApiServer } {
  const holder: { current: ApiServer } = { current: undefined as unknown as ApiServer };
  beforeAll(async () => {
    holder.current = await startApiServer();
  });
  afterAll(async () => {
    await holder.current.close();
  });
  beforeEach(() => {
    holder.current.requests.length = 0;
  });
  return holder;
}
