// Local stand-ins the demo calls instead of real services, so `npm start` needs no account and no
// internet: a small "orders" REST API (for the HTTP action examples and the lookup_order action) and an
// OpenAI-compatible chat endpoint (for the AI reply examples). Both are fakes, and say so in every
// answer; they listen on 127.0.0.1 only. The canned model knows one trick, so a newcomer sees the agent
// loop offline: offered tools and asked about an order number, it calls the order tool with that number,
// then words its reply from the tool's result. CommonJS: the end-to-end suite starts the same stand-ins.
'use strict';
const { createServer } = require('node:http');

const ORDERS = {
  1001: { status: 'shipped', carrier: 'La Poste', tracking_number: '6A12345678901', eta: '2026-11-24', items: 2 },
  1002: { status: 'preparing', carrier: 'DHL', tracking_number: '', eta: '2026-11-27', items: 1 },
  1003: { status: 'delivered', carrier: 'Colissimo', tracking_number: '8R98765432109', eta: '2026-11-18', items: 3 },
};
const CUSTOMERS = { 'ada@example.com': { customer_id: 'C-77', name: 'Ada Lovelace', orders: [1001, 1003] } };

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-relais-stand-in': 'local demo' });
  res.end(text);
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 1_000_000) throw new Error('request too large');
  }
  return text ? JSON.parse(text) : {};
}

/** The orders API: GET /orders/<n>, GET /orders?email=, GET /customers/verify?email=. */
function ordersApi(url, res) {
  const order = /^\/orders\/(\d+)$/.exec(url.pathname);
  if (order) {
    const found = ORDERS[order[1]];
    if (!found) return send(res, 404, { error: 'order_not_found', order_number: order[1] });
    // Extra fields on purpose: the examples' response filter keeps only what the agent needs.
    return send(res, 200, {
      order_number: order[1],
      ...found,
      warehouse: { id: 'WH-3', address: '12 rue des Entrepôts, 69007 Lyon' },
      history: [{ at: '2026-11-20T09:12:00Z', event: 'created' }, { at: '2026-11-21T15:40:00Z', event: found.status }],
      stand_in: 'local demo orders API (scripts/start/local-services.mjs)',
    });
  }
  if (url.pathname === '/customers/verify') {
    const customer = CUSTOMERS[String(url.searchParams.get('email') ?? '').toLowerCase()];
    return send(res, 200, customer ? { verified: true, ...customer } : { verified: false });
  }
  return undefined;
}

/** The order tool among those offered (its name or description speaks of an order), and the call for `number`. */
function orderToolCall(tools, number) {
  const functions = (Array.isArray(tools) ? tools : []).map((tool) => tool && tool.function).filter((fn) => fn && typeof fn.name === 'string');
  const tool = functions.find((fn) => /order|commande/i.test(`${fn.name} ${fn.description || ''}`)) || functions[0];
  if (!tool) return undefined;
  const properties = (tool.parameters && tool.parameters.properties) || {};
  const required = (tool.parameters && tool.parameters.required) || [];
  const name = required[0] || Object.keys(properties)[0];
  if (!name) return undefined;
  const value = properties[name] && properties[name].type === 'integer' ? Number(number) : number;
  return { id: `call_local_${Date.now()}`, type: 'function', function: { name: tool.name, arguments: JSON.stringify({ [name]: value }) } };
}

/** The reply worded from the last tool result (JSON of the filtered data, or {error}). */
function replyFromTool(content, french) {
  let data;
  try {
    data = JSON.parse(content);
  } catch {
    data = { result: content };
  }
  if (data && data.error) {
    return french
      ? `[réponse du modèle local de démonstration] Je n'ai pas pu consulter la commande : ${data.error.message}`
      : `[local demo model reply] I could not look the order up: ${data.error.message}`;
  }
  const facts = Object.entries(data || {})
    .filter(([, value]) => value !== '' && value !== null && typeof value !== 'object')
    .map(([key, value]) => `${key.replace(/_/g, ' ')}: ${value}`)
    .join(', ');
  return french ? `[réponse du modèle local de démonstration] Voici votre commande — ${facts}.` : `[local demo model reply] Here is your order — ${facts}.`;
}

/** A minimal OpenAI-compatible `POST /v1/chat/completions`: deterministic, clearly labelled replies. */
async function aiApi(req, url, res) {
  if (url.pathname === '/v1/models') return send(res, 200, { object: 'list', data: [{ id: 'relais-local-stand-in', object: 'model' }] });
  if (url.pathname !== '/v1/chat/completions' || req.method !== 'POST') return undefined;
  const body = await readJson(req);
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  const asked = typeof last?.content === 'string' ? last.content : '';
  const french = /\b(bonjour|merci|commande|je|vous|relance|où)\b/i.test(asked);
  const toolResult = [...messages].reverse().find((m) => m.role === 'tool');
  const number = /\b(\d{3,})\b/.exec(asked);
  const call = !toolResult && body.tool_choice !== 'none' && number && /order|commande/i.test(asked) ? orderToolCall(body.tools, number[1]) : undefined;
  const content = call
    ? null
    : toolResult
      ? replyFromTool(String(toolResult.content), french)
      : french
        ? `[réponse du modèle local de démonstration] Bonjour, merci pour votre message. Nous revenons vers vous très vite. (Demande : ${asked.slice(0, 160)})`
        : `[local demo model reply] Hello, thank you for your message. We will get back to you shortly. (Asked: ${asked.slice(0, 160)})`;
  const words = (content || '').length + 20;
  return send(res, 200, {
    id: `chatcmpl-local-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model || 'relais-local-stand-in',
    choices: [{ index: 0, message: call ? { role: 'assistant', content: null, tool_calls: [call] } : { role: 'assistant', content }, finish_reason: call ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: asked.length, completion_tokens: words, total_tokens: asked.length + words },
  });
}

/**
 * Starts both stand-ins on one loopback port (0 = a free one).
 * Resolves `{url, ordersUrl, aiUrl, close()}`: ordersUrl for HTTP actions, aiUrl as an AI provider base URL.
 */
async function startLocalServices({ port = 0 } = {}) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    Promise.resolve()
      .then(() => (req.method === 'GET' ? ordersApi(url, res) : undefined))
      .then((handled) => (handled === undefined && !res.headersSent ? aiApi(req, url, res) : handled))
      .then(() => {
        if (!res.headersSent) send(res, 404, { error: 'not_found', path: url.pathname });
      })
      .catch((error) => {
        if (!res.headersSent) send(res, 400, { error: 'bad_request', message: String(error.message) });
      });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    ordersUrl: url,
    aiUrl: `${url}/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

module.exports = { startLocalServices, ORDERS };
