// The API the Relais HTTP Request node calls inside n8n: a tiny order service on 127.0.0.1 that checks
// a bearer token and records every request, so tests see exactly what n8n sent.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen } from '../../support/emulator-rig';

export const ORDER_API_TOKEN = 'tok-Order-Secret-9431';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface OrderApi {
  url: string;
  requests: RecordedRequest[];
  /** The first request (past or future) matching, or an error after `timeoutMs`. */
  waitFor(match: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const ORDERS: Record<string, unknown> = {
  'A-100': {
    order: { id: 'A-100', status: 'shipped', tracking: 'TRK-77', internal_notes: 'fragile, customer called twice' },
    customer: { name: 'Ada', ssn: '123-45-6789' },
    items: [{ sku: 'S1' }, { sku: 'S2' }, { sku: 'S3' }],
  },
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startOrderApi(): Promise<OrderApi> {
  const requests: RecordedRequest[] = [];
  let waiters: Array<{ match: (request: RecordedRequest) => boolean; resolve: (request: RecordedRequest) => void }> = [];
  const server = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      waiters = waiters.filter((waiter) => {
        if (!waiter.match(recorded)) return true;
        waiter.resolve(recorded);
        return false;
      });
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      // The one public endpoint, for actions with Authentication: none.
      if (req.method === 'GET' && path === '/public/status') return send(res, 200, { service: 'orders', status: 'up' });
      if (req.headers.authorization !== `Bearer ${ORDER_API_TOKEN}`) return send(res, 401, { error: 'invalid token' });
      const order = /^\/orders\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && order) {
        const found = ORDERS[decodeURIComponent(order[1])];
        return found ? send(res, 200, found) : send(res, 404, { error: 'no such order' });
      }
      // seed 002's two-action pattern: verify the customer, then list their orders.
      if (req.method === 'POST' && path === '/auth/verify') {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(body) as Record<string, unknown>;
        } catch {
          return send(res, 400, { error: 'body is not JSON' });
        }
        const verified = parsed.customer_id === '12345' && parsed.phone_pin === '5678';
        return send(res, 200, verified ? { verified: true, customer_name: 'John Smith', internal_score: 0.93 } : { verified: false });
      }
      if (req.method === 'GET' && path === '/customers/12345/orders') {
        return send(res, 200, { orders: [{ id: 'ORD-789', status: 'shipped', eta: 'Friday', warehouse: 'W-3' }, { id: 'ORD-701', status: 'delivered', eta: null, warehouse: 'W-1' }] });
      }
      // Stand-in for the WhatsApp Cloud API's send endpoint (examples/n8n/whatsapp-bridge.json).
      if (req.method === 'POST' && /^\/v\d+\.\d+\/[^/]+\/messages$/.test(path)) return send(res, 200, { messages: [{ id: `wamid.${requests.length}` }] });
      if (req.method === 'POST' && path === '/verify') {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(body) as Record<string, unknown>;
        } catch {
          return send(res, 400, { error: 'body is not JSON' });
        }
        return send(res, 200, { verified: parsed.email === 'ada@example.com' && parsed.birth_year === 1990 });
      }
      return send(res, 404, { error: 'not found' });
    });
  });
  const waitFor = (match: (request: RecordedRequest) => boolean, timeoutMs = 30_000): Promise<RecordedRequest> => {
    const found = requests.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching request within ${timeoutMs} ms; got ${requests.map((r) => `${r.method} ${r.url}`).join(', ')}`)), timeoutMs);
      waiters.push({ match, resolve: (request) => (clearTimeout(timer), resolve(request)) });
    });
  };
  return { url: server.url, requests, waitFor, close: () => server.close() };
}
