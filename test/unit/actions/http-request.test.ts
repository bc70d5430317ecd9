// The http_request action end to end: real node:http servers on 127.0.0.1, the real transport, the
// seed 002 examples (order lookup, verify then lookup, Zendesk basic auth, inventory X-API-Key,
// Salesforce bearer, body credentials), typed values landing as JSON types, injection attempts, and
// secrets absent from every output (result, preview, error).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { executeBlock, previewBlock } from '../../../src/actions';
import { parseBlock } from '../../../src/blocks';
import type { Context } from '../../../src/context';
import type { Credential } from '../../../src/credentials';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { relaisRejection as failure } from '../../support/rejection';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Route = (seen: Seen, res: ServerResponse) => void;

const BEARER = 'sf-token-5b0c9e7d2a';
const BASIC = { username: 'agent@company.com/token', password: 'zd-pass-81f3a6c0' };
const API_KEY = 'inv-key-4e7d19b2c5';
const BODY_KEY = 'body-key-9a8b7c6d5e';
const SEED_TOKEN = 'seed001-token-3c2b1a';
const SECRETS = [BEARER, BASIC.password, Buffer.from(`${BASIC.username}:${BASIC.password}`).toString('base64'), API_KEY, BODY_KEY, SEED_TOKEN];

const credentials: Record<string, Credential> = {
  company_api: { type: 'bearer', token: BEARER },
  salesforce: { type: 'bearer', token: BEARER },
  zendesk: { type: 'basic', ...BASIC },
  inventory: { type: 'header', name: 'X-API-Key', value: API_KEY },
  login: { type: 'body', name: 'api_key', value: BODY_KEY },
};

let server: Server;
let origin: string;
let runtime: Runtime;
let route: Route;
const seen: Seen[] = [];

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(entry);
      route(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  runtime = createRuntime({ credentials, network: { allowed_hosts: [`127.0.0.1:${port}`] } });
});

afterAll(async () => {
  await runtime.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
  route = (s, res) => json(res, 200, { ok: true, path: s.url });
});

/** A seed fixture pointed at the loopback server (same path), with allow_http for plain http. */
function fixture(name: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const block = JSON.parse(readFileSync(join(__dirname, '../../fixtures/blocks', `${name}.json`), 'utf8'));
  const parameters = block.data.parameters;
  parameters.url = String(parameters.url).replace(/^(https:\/\/)?[^/]+/, origin);
  parameters.allow_http = 'true';
  Object.assign(parameters, changes);
  return block;
}

function assertNoSecret(value: unknown): void {
  const text = JSON.stringify(value, (_k, v) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v));
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const ctx = (variables: Record<string, unknown>, extra: Context = {}): Context => ({ variables, ...extra });

describe('seed 002 examples against a loopback server', () => {
  it('order lookup: GET /orders/{{order_number}} with a bearer token', async () => {
    route = (_s, res) => json(res, 200, { status: 'shipped', tracking: '1Z999AA10123456789' });
    const result = await executeBlock(fixture('seed002-order-lookup'), ctx({ order_number: 'ORD-12345' }), runtime);
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('GET');
    expect(seen[0].url).toBe('/orders/ORD-12345');
    expect(seen[0].headers.authorization).toBe(`Bearer ${BEARER}`);
    expect(result.data).toEqual({ status: 'shipped', tracking: '1Z999AA10123456789' });
    expect(result.meta).toMatchObject({ action_type: 'http_request', status: 200, truncated: false, attempts: 1, warnings: [] });
    expect(result.meta.request).toEqual({ method: 'GET', url: `${origin}/orders/ORD-12345`, headers: expect.objectContaining({ Authorization: '[redacted]' }) });
    expect(result.meta.duration_ms).toBeGreaterThanOrEqual(0);
    assertNoSecret(result);
  });

  it('verify then lookup: POST the identity, then GET the orders only when verified, filtered', async () => {
    route = (s, res) => {
      if (s.url === '/auth/verify') {
        const body = JSON.parse(s.body);
        json(res, 200, { verified: body.customer_id === '12345' && body.phone_pin === '5678', customer_name: 'John Smith', internal_score: 17 });
      } else json(res, 200, { orders: [{ id: 'ORD-789', status: 'shipped', warehouse: 'W1' }, { id: 'ORD-790', status: 'pending', warehouse: 'W2' }] });
    };
    const verify = await executeBlock(fixture('seed002-verify-customer'), ctx({ customer_id: 12345, phone_pin: '5678' }), runtime);
    expect(JSON.parse(seen[0].body)).toEqual({ customer_id: '12345', phone_pin: '5678' });
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(verify.data).toEqual({ verified: true, customer_name: 'John Smith' });
    expect((verify.data as { verified: boolean }).verified).toBe(true);
    const orders = await executeBlock(fixture('seed002-lookup-orders'), ctx({ customer_id: '12345' }), runtime);
    expect(seen[1].url).toBe('/customers/12345/orders');
    expect(orders.data).toEqual([
      { id: 'ORD-789', status: 'shipped' },
      { id: 'ORD-790', status: 'pending' },
    ]);
  });

  it('Zendesk ticket: basic auth and the body template with context and variables', async () => {
    route = (_s, res) => json(res, 201, { ticket: { id: 35436, status: 'new', requester: { email: 'x' } } });
    const result = await executeBlock(
      fixture('seed002-zendesk-ticket'),
      ctx({ issue_description: 'Parcel "damaged"\nbox \\ crushed', priority_level: 'high' }, { contact: { first_name: 'Jeanne' } }),
      runtime,
    );
    expect(seen[0].headers.authorization).toBe(`Basic ${Buffer.from(`${BASIC.username}:${BASIC.password}`).toString('base64')}`);
    expect(JSON.parse(seen[0].body)).toEqual({ ticket: { subject: 'Call with Jeanne', description: 'Parcel "damaged"\nbox \\ crushed', priority: 'high' } });
    expect(result.data).toEqual({ ticket: { id: 35436, status: 'new' } });
    expect(result.meta.status).toBe(201);
    assertNoSecret(result);
  });

  it('inventory: X-API-Key header credential, https:// prepended then pointed at loopback', async () => {
    route = (_s, res) => json(res, 200, { sku: 'PROD-12345', in_stock: false, restock: '2026-12-01' });
    const result = await executeBlock(fixture('seed002-inventory'), ctx({ sku: 'PROD-12345' }), runtime);
    expect(seen[0].url).toBe('/products/PROD-12345/availability');
    expect(seen[0].headers['x-api-key']).toBe(API_KEY);
    expect(result.meta.request?.headers['X-API-Key']).toBe('[redacted]');
    assertNoSecret(result);
  });

  it('Salesforce lookup: bearer token, and a token echoed by the server is redacted from the data', async () => {
    route = (s, res) => json(res, 200, { id: '0015g', name: 'ACME', debug: { auth: s.headers.authorization, token: BEARER } });
    const result = await executeBlock(fixture('seed002-salesforce-lookup'), ctx({ customer_id: '0015g' }), runtime);
    expect(seen[0].headers.authorization).toBe(`Bearer ${BEARER}`);
    expect(result.data).toEqual({ id: '0015g', name: 'ACME', debug: { auth: 'Bearer [redacted]', token: '[redacted]' } });
    assertNoSecret(result);
  });

  it('body credential: merged into the JSON body, and the template cannot override it', async () => {
    const block = fixture('seed002-verify-customer', { credential: 'login', body_json: '{"customer_id": "{{customer_id}}", "api_key": "{{phone_pin}}"}' });
    await executeBlock(block, ctx({ customer_id: '1', phone_pin: 'attacker' }), runtime);
    expect(JSON.parse(seen[0].body)).toEqual({ api_key: BODY_KEY, customer_id: '1' });
    const preview = await previewBlock(block, ctx({ customer_id: '1', phone_pin: 'x' }), runtime);
    expect(preview.request?.body).toEqual({ api_key: '[redacted]', customer_id: '1' });
    assertNoSecret(preview);
  });
});

describe('typed values and templating on the wire', () => {
  const typed = (body_json: string, query_json = '') => ({
    id: 'typed',
    type: 'action',
    data: {
      parameters: {
        action_type: 'http_request',
        http_method: 'POST',
        url: `${origin}/items/{{sku}}?src=agent`,
        allow_http: 'true',
        body_json,
        query_json,
        variables: JSON.stringify([
          { name: 'sku', type: 'string', required: true },
          { name: 'qty', type: 'integer', required: true },
          { name: 'price', type: 'float' },
          { name: 'gift', type: 'boolean', default: 'false' },
          { name: 'email', type: 'email' },
          { name: 'phone', type: 'phone' },
          { name: 'day', type: 'date' },
        ]),
      },
    },
  });

  it('integer, float and boolean land as JSON types; email and phone normalised; optional without default is null', async () => {
    await executeBlock(
      typed('{"qty": "{{qty}}", "price": {{price}}, "gift": "{{gift}}", "email": "{{email}}", "phone": "{{phone}}", "day": "{{day}}", "label": "{{qty}} x {{sku}}"}'),
      ctx({ sku: 'A-1', qty: '42', price: '3,5', email: ' Jean@Exemple.FR', phone: '06 12 34 56 78' }, { current_datetime: '2026-11-21T17:30:00Z' }),
      runtime,
    );
    expect(JSON.parse(seen[0].body)).toEqual({ qty: 42, price: 3.5, gift: false, email: 'Jean@exemple.fr', phone: '+33612345678', day: null, label: '42 x A-1' });
  });

  it('path values stay one segment; query_json values are encoded and appended', async () => {
    await executeBlock(typed('{}', '{"note": "{{sku}}", "tags": ["a b", "c&d"]}'), ctx({ sku: '../../admin?x=1#f', qty: 1 }), runtime);
    expect(seen[0].url).toBe('/items/..%2F..%2Fadmin%3Fx%3D1%23f?src=agent&note=..%2F..%2Fadmin%3Fx%3D1%23f&tags=a%20b&tags=c%26d');
  });

  it('".." as a path value is refused before anything is sent', async () => {
    const error = await failure(executeBlock(typed('{}'), ctx({ sku: '..', qty: 1 }), runtime));
    expect(error.code).toBe('invalid_variable');
    expect(seen).toHaveLength(0);
  });

  it('CR/LF from a variable in a header is refused before anything is sent', async () => {
    const block = typed('{}');
    (block.data.parameters as Record<string, unknown>).headers_json = '{"X-Sku": "{{sku}}"}';
    const error = await failure(executeBlock(block, ctx({ sku: 'a\r\nX-Injected: yes', qty: 1 }), runtime));
    expect(error.code).toBe('invalid_variable');
    expect(error.message).toMatch(/\{\{sku\}\}.*X-Sku header/);
    expect(seen).toHaveLength(0);
  });

  it('quotes and backslashes cannot break the JSON body', async () => {
    const nasty = '"}, "admin": true, "x": {"\\';
    await executeBlock(typed('{"sku": "{{sku}}", "wrapped": "<{{sku}}>"}'), ctx({ sku: nasty, qty: 1 }), runtime);
    expect(JSON.parse(seen[0].body)).toEqual({ sku: nasty, wrapped: `<${nasty}>` });
  });

  it('a missing required variable is missing_variable and nothing is sent', async () => {
    const error = await failure(executeBlock(typed('{}'), ctx({ sku: 'A' }), runtime));
    expect(error.code).toBe('missing_variable');
    expect(error.message).toMatch(/qty/);
    expect(seen).toHaveLength(0);
  });

  it('an unknown placeholder is invalid_block naming it', async () => {
    const error = await failure(executeBlock(typed('{"x": "{{sku_typo}}"}'), ctx({ sku: 'A', qty: 1 }), runtime));
    expect(error.code).toBe('invalid_block');
    expect(error.message).toMatch(/\{\{sku_typo\}\}/);
    expect(seen).toHaveLength(0);
  });
});

describe('seed 001 headers_json token, errors and previews', () => {
  const seed001 = () => {
    const block = JSON.parse(readFileSync(join(__dirname, '../../fixtures/blocks/seed001-http-notify.json'), 'utf8'));
    block.data.parameters.url = `${origin}/relance`;
    block.data.parameters.allow_http = 'true';
    block.data.parameters.headers_json = JSON.stringify({ Authorization: `Bearer ${SEED_TOKEN}`, 'X-Trace': 'relais' });
    return block;
  };

  it('sends the headers_json token and redacts it from the result, even when echoed', async () => {
    route = (s, res) => json(res, 200, { received: JSON.parse(s.body), echo: s.headers.authorization });
    const result = await executeBlock(seed001(), {}, runtime);
    expect(seen[0].headers.authorization).toBe(`Bearer ${SEED_TOKEN}`);
    expect(seen[0].headers['x-trace']).toBe('relais');
    expect(result.data).toEqual({ received: { event: 'relance_envoyee' }, echo: '[redacted]' });
    assertNoSecret(result);
  });

  it('a 401 echoing the token is http_401 with status, fallback and a redacted body', async () => {
    route = (s, res) => json(res, 401, { error: `token ${SEED_TOKEN} expired`, sent: s.headers.authorization });
    const error = await failure(executeBlock(seed001(), {}, runtime));
    expect(error.code).toBe('http_401');
    expect(error.status).toBe(401);
    expect(error.fallback).toBe("I'm not allowed to access that system right now.");
    expect(error.body).toContain('[redacted]');
    assertNoSecret(error.toJSON());
    assertNoSecret({ message: error.message, stack: error.stack });
  });

  it('a 404 is http_404 with the seed 002 style fallback', async () => {
    route = (_s, res) => json(res, 404, { message: 'No order ORD-0' });
    const error = await failure(executeBlock(fixture('seed002-order-lookup'), ctx({ order_number: 'ORD-0' }), runtime));
    expect(error.code).toBe('http_404');
    expect(error.message).toMatch(/No order ORD-0/);
  });

  it('a non-JSON answer to a JSON action is kept as text with an invalid_json warning', async () => {
    route = (_s, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"broken": ');
    };
    const result = await executeBlock(seed001(), {}, runtime);
    expect(result.data).toBe('{"broken": ');
    expect(result.meta.warnings).toContain('invalid_json');
  });

  it('preview renders everything, sends nothing and redacts the token', async () => {
    const preview = await previewBlock(seed001(), {}, runtime);
    expect(seen).toHaveLength(0);
    expect(preview).toEqual({
      action_type: 'http_request',
      request: {
        method: 'POST',
        url: `${origin}/relance`,
        headers: { Authorization: '[redacted]', 'X-Trace': 'relais', 'Content-Type': 'application/json', Accept: expect.any(String) },
        body: { event: 'relance_envoyee' },
      },
      variables: {},
      warnings: [],
    });
    assertNoSecret(preview);
  });

  it('preview refuses http:// without allow_http and private addresses without an opt-in', async () => {
    const insecure = seed001();
    insecure.data.parameters.allow_http = 'false';
    expect((await failure(previewBlock(insecure, {}, runtime))).code).toBe('insecure_url');
    const isolated = createRuntime();
    try {
      expect((await failure(previewBlock(seed001(), {}, isolated))).code).toBe('blocked_url');
      const metadata = seed001();
      metadata.data.parameters.url = 'http://169.254.169.254/latest/meta-data/';
      metadata.data.parameters.allow_private_network = 'true';
      expect((await failure(previewBlock(metadata, {}, isolated))).code).toBe('blocked_url');
      expect((await failure(executeBlock(seed001(), {}, isolated))).code).toBe('blocked_url');
    } finally {
      await isolated.close();
    }
    expect(seen).toHaveLength(0);
  });

  it('a key written in query_json is sent but redacted like a header token', async () => {
    const block = seed001();
    block.data.parameters.headers_json = '';
    block.data.parameters.query_json = JSON.stringify({ api_key: SEED_TOKEN, page: '2' });
    route = (s, res) => json(res, 200, { url: s.url });
    const result = await executeBlock(block, {}, runtime);
    expect(seen[0].url).toBe(`/relance?api_key=${SEED_TOKEN}&page=2`);
    expect(result.meta.request?.url).toBe(`${origin}/relance?api_key=[redacted]&page=2`);
    expect(result.data).toEqual({ url: '/relance?api_key=[redacted]&page=2' });
    assertNoSecret(result);
  });

  it('an unknown credential is invalid_block naming it', async () => {
    const error = await failure(executeBlock(fixture('seed002-order-lookup', { credential: 'nope' }), ctx({ order_number: 'A' }), runtime));
    expect(error.code).toBe('invalid_block');
    expect(error.message).toMatch(/"nope"/);
  });
});

describe('the same parsed block, call after call (headers and redactor reused)', () => {
  it('a credential changed between calls (in place, or a new object) is what the next call sends and redacts', async () => {
    const rotating: { current: Credential } = { current: { type: 'bearer', token: 'first-token-aaaa1111' } };
    const rotatingRuntime = createRuntime({ credentials: (name) => (name === 'rotating' ? rotating.current : undefined), network: { allowed_hosts: [new URL(origin).host] } });
    try {
      const block = parseBlock(fixture('seed002-order-lookup', { credential: 'rotating' }));
      route = (s, res) => json(res, 200, { echoed: s.headers.authorization });
      const tokens = ['first-token-aaaa1111', 'second-token-bbbb2222', 'third-token-cccc3333'];
      for (const [i, token] of tokens.entries()) {
        if (i === 1) (rotating.current as { token: string }).token = token; // changed in place
        if (i === 2) rotating.current = { type: 'bearer', token }; // a fresh object
        for (let call = 0; call < 2; call++) {
          const result = await executeBlock(block, ctx({ order_number: `ORD-${i}` }), rotatingRuntime);
          expect(seen.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);
          expect(result.data).toEqual({ echoed: 'Bearer [redacted]' });
          expect(result.meta.request?.headers).toEqual(expect.objectContaining({ Authorization: '[redacted]' }));
          expect(JSON.stringify(result)).not.toContain(token);
        }
      }
      // Another kind of credential under the same name: header instead of bearer.
      rotating.current = { type: 'header', name: 'X-API-Key', value: 'header-key-dddd4444' };
      route = (s, res) => json(res, 200, { key: s.headers['x-api-key'], auth: s.headers.authorization ?? null });
      const result = await executeBlock(block, ctx({ order_number: 'ORD-9' }), rotatingRuntime);
      expect(result.data).toEqual({ key: '[redacted]', auth: null });
      expect(seen.at(-1)?.headers['x-api-key']).toBe('header-key-dddd4444');
    } finally {
      await rotatingRuntime.close();
    }
  });

  it("a result's redacted headers are the caller's to change: the next call's are untouched", async () => {
    const block = parseBlock(fixture('seed002-order-lookup'));
    const first = await executeBlock(block, ctx({ order_number: 'ORD-1' }), runtime);
    (first.meta.request!.headers as Record<string, string>).Authorization = 'changed by the caller';
    const second = await executeBlock(block, ctx({ order_number: 'ORD-2' }), runtime);
    expect(second.meta.request?.headers.Authorization).toBe('[redacted]');
  });
});
