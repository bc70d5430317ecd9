// captureRawBodies in the layout of a stock Node-RED, built from the same express 4 and body-parser
// Node-RED ships: a root app whose first mount (the admin app at "/") parses every JSON body, then the
// HTTP-node app mounted at /api with the webhook's route. Without the capture the webhook only sees the
// parsed body and refuses a correctly signed delivery (401 missing_signature); with it, the raw bytes
// reach the core webhook and the HMAC is checked. Real HTTP over loopback.
import { request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAgentWebhook, signatureHeaders, SECRET_HEADER } from '../../../src/conversation';
import { captureRawBodies, matchRoute, routeKey, type RawBodyRoute } from '../../../nodes/node-red/lib/raw-body';
import { listen, type Listening } from '../../support/emulator-rig';
import { partialUpload } from '../../support/partial-upload';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const express = require('express') as () => ExpressApp;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bodyParser = require('body-parser') as { json(options?: { limit?: string }): Handler };

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
interface ExpressApp {
  (req: IncomingMessage, res: ServerResponse): void;
  use(...args: unknown[]): ExpressApp;
  post(path: string, handler: Handler): ExpressApp;
}

const BOT = 'bot-raw-1';
const SECRET = 'whsec-Raw-1';
const HMAC = 'hmac-Raw-2';
const LIMIT = 2048;

interface Stack {
  server: Listening;
  httpNode: ExpressApp;
  events: unknown[];
  adminBodies: unknown[];
}

/** Root app → admin app at "/" (JSON parser, records what it parsed) → HTTP-node app at /api. */
async function stockLayout(capture: boolean): Promise<Stack & { release?: () => void }> {
  const root = express();
  const admin = express();
  const adminBodies: unknown[] = [];
  admin.use(bodyParser.json({ limit: '5mb' }));
  admin.use((req: IncomingMessage & { body?: unknown }, _res: ServerResponse, next: () => void) => {
    adminBodies.push(req.body);
    next();
  });
  root.use('/', admin);
  const httpNode = express();
  root.use('/api', httpNode);
  const events: unknown[] = [];
  const webhook = createAgentWebhook({ bot_id: BOT, secret: SECRET, hmac_secret: HMAC, max_body_bytes: LIMIT, onEvent: (event) => void events.push(event) });
  httpNode.post('/relais/agent', (req, res) => void webhook(req, res));
  httpNode.post('/relais/agent/:token', (req, res) => void webhook(req, res));
  httpNode.post('/other', (req: IncomingMessage & { body?: unknown }, res) => void res.end(JSON.stringify({ body: req.body ?? null })));
  const route: RawBodyRoute = {
    limit: LIMIT,
    tooLarge: () => webhook.processor.tooLarge(),
    timeout_ms: 400,
    bodyTimeout: () => webhook.processor.bodyTimeout(),
    precheck: (headers, url) => webhook.processor.precheck(headers, url),
  };
  const release = capture ? captureRawBodies(httpNode, 'relais/agent', route) : undefined;
  const server = await listen((req, res) => root(req, res));
  return { server, httpNode, events, adminBodies, release };
}

function chatEvent(text: string): string {
  return JSON.stringify({ botId: BOT, data: { eventType: 'sendMessage', platformConversationId: 'conv-raw', text } });
}

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const signed = (body: string, extra: Record<string, string> = {}) => ({ [SECRET_HEADER]: SECRET, ...signatureHeaders(HMAC, body), ...extra });

describe('captureRawBodies (stock Node-RED layout: admin app at "/" parses JSON first)', () => {
  const open: Array<Stack & { release?: () => void }> = [];
  afterAll(async () => {
    for (const stack of open) await stack.server.close();
  });
  const start = async (capture: boolean) => {
    const stack = await stockLayout(capture);
    open.push(stack);
    return stack;
  };

  it('without the capture, the admin parser eats the body and a signed delivery is refused (the bug)', async () => {
    const { server, events } = await start(false);
    const body = chatEvent('hello');
    const reply = await post(`${server.url}/api/relais/agent`, body, signed(body));
    expect(reply.status).toBe(401);
    expect(reply.text).toContain('missing_signature');
    expect(events).toHaveLength(0);
  });

  it('with the capture, a signed delivery is accepted (plain path and token path) and a bad signature refused', async () => {
    const { server, events, adminBodies } = await start(true);
    const body = chatEvent('hello');
    const ok = await post(`${server.url}/api/relais/agent`, body, signed(body));
    expect(ok.status).toBe(200);
    const second = chatEvent('again');
    const token = await post(`${server.url}/api/Relais/agent/some-token/`, second, signed(second));
    expect(token.status).toBe(200);
    expect(events).toHaveLength(2);
    // The admin app's parser skipped the captured requests (it saw no parsed object).
    expect(adminBodies.every((b) => b === undefined || (typeof b === 'object' && b !== null && Object.keys(b).length === 0))).toBe(true);

    const tampered = chatEvent('tampered');
    const bad = await post(`${server.url}/api/relais/agent`, tampered, signed(body));
    expect(bad.status).toBe(401);
    expect(bad.text).toContain('invalid_signature');
    expect(events).toHaveLength(2);
  });

  it('answers 401 to a wrong or missing secret before reading the body, and 408 to a body that does not arrive', async () => {
    const { server, events } = await start(true);
    expect((await partialUpload(`${server.url}/api/relais/agent`, { [SECRET_HEADER]: 'wrong' }, 1000)).status).toBe(401);
    expect((await partialUpload(`${server.url}/api/relais/agent`, {}, 1000)).status).toBe(401);
    expect((await partialUpload(`${server.url}/api/relais/agent`, { [SECRET_HEADER]: SECRET }, 1000)).status).toBe(408);
    expect(events).toHaveLength(0);
  });

  it('answers 413 beyond the webhook limit, without reading on', async () => {
    const { server, events } = await start(true);
    const body = chatEvent('x'.repeat(LIMIT));
    const reply = await post(`${server.url}/api/relais/agent`, body, signed(body));
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.text)).toEqual({ error: 'too_large', limit_bytes: LIMIT });
    expect(events).toHaveLength(0);
  });

  it('leaves other routes to the parsers, and stops capturing once released', async () => {
    const stack = await start(true);
    const other = await post(`${stack.server.url}/api/other`, '{"a":1}', {});
    expect(JSON.parse(other.text)).toEqual({ body: { a: 1 } });
    stack.release?.();
    const body = chatEvent('after release');
    const reply = await post(`${stack.server.url}/api/relais/agent`, body, signed(body));
    expect(reply.status).toBe(401);
  });

  it('returns undefined for an app it cannot enter', () => {
    expect(captureRawBodies(undefined, '/x', { limit: 1, tooLarge: () => ({ status: 413, body: {} }) })).toBeUndefined();
    expect(captureRawBodies({}, '/x', { limit: 1, tooLarge: () => ({ status: 413, body: {} }) })).toBeUndefined();
  });
});

describe('routeKey / matchRoute', () => {
  it('normalises like express (case, repeated and trailing slashes) and matches one token segment only', () => {
    expect(routeKey('/api//Relais/agent/')).toBe('/api/relais/agent');
    expect(routeKey('relais')).toBe('/relais');
    const route: RawBodyRoute = { limit: 1, tooLarge: () => ({ status: 413, body: {} }) };
    const routes = new Map([[routeKey('/api/relais/agent'), route]]);
    expect(matchRoute(routes, '/api/relais/agent')).toBe(route);
    expect(matchRoute(routes, '/API/relais/agent/tok')).toBe(route);
    expect(matchRoute(routes, '/api/relais/agent/tok/more')).toBeUndefined();
    expect(matchRoute(routes, '/api/relais/agents')).toBeUndefined();
    expect(matchRoute(routes, '/api/relais')).toBeUndefined();
  });
});
