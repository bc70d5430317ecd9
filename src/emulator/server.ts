// startEmulator: a local agent platform speaking the chat API's wire format, for development, demos
// and tests. `POST /converse/chat` checks `Authorization` (401) and `botid` (404) like the real one,
// validates the body with the client's own schema (400 with the validation message), answers an empty
// 200 at once, then runs the scripted agent (agent.ts) for that conversation, posting its events to the
// configured webhooks in the published shapes (ultimateai/custom-crm-automation-template swagger.yaml):
// `{botId, channel: "chat", data: {eventType, platformConversationId, …}}` and action triggers with
// values as arrays of strings. test/unit/emulator/conformance.test.ts checks both directions.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKeyedQueue } from '../conversation/ordering';
import { safeEqual } from '../conversation/verify';
import { readRawBody } from '../conversation/webhook';
import { CHAT_PATH, chatRequestSchema, describeIssues, normaliseChatRequest, type ChatRequest, type MetaData } from '../conversation/wire';
import { RelaisError } from '../errors';
import { runAgentTurn, type AgentIO, type AgentMessage } from './agent';
import { SANITIZED, createSessionStore, type EmulatorSession, type TranscriptEntry } from './sessions';
import { deliver, type Delivery, type WebhookTarget } from './webhooks';

export const DEFAULT_SESSION_TIMEOUT_MS = 2 * 60 * 60 * 1000;
const MAX_REQUEST_BYTES = 64 * 1024;
/** A long demo must not grow without bound: the oldest exchanges are forgotten past this many. */
const MAX_EXCHANGES = 10_000;

export interface EmulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  bot_id: string;
  api_key: string;
  /** Where sendMessage, escalate and isTeamOnline go. Without it, events are only logged. */
  chat_webhook_url?: string;
  /** Where action triggers go. Without it, actions get no results. */
  actions_webhook_url?: string;
  /** Idle time after which a session expires (default 2 h). */
  session_timeout_ms?: number;
  /** HMAC-SHA256 secret to sign webhook bodies with. */
  signing_secret?: string;
  /** Shared secret sent as `x-relais-secret`. */
  webhook_secret?: string;
  /** Deadline of each webhook call (default 10000). */
  webhook_timeout_ms?: number;
  /** Called with every exchange, as it happens. */
  log?: (entry: ExchangeEntry) => void;
}

export interface ExchangeEntry {
  seq: number;
  at: string;
  /** chat_api: a call to /converse/chat; chat_webhook / actions_webhook: an event posted; session: a session change. */
  kind: 'chat_api' | 'chat_webhook' | 'actions_webhook' | 'session';
  /** The eventType, the action name, or started / resumed / ended / expired. */
  event: string;
  platformConversationId?: string;
  session_id?: string;
  status?: number;
  /** The body sent or received (never a header, so never the API key; sanitized metadata masked). */
  body?: unknown;
  answer?: unknown;
  error?: string;
  skipped?: boolean;
  duration_ms?: number;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:3999 — the base URL for the conversation client. */
  url: string;
  close(): Promise<void>;
  /** Every session so far, oldest first, with its transcript (deep copies). */
  sessions(platformConversationId?: string): EmulatorSession[];
  /** Every exchange so far (the last 10 000), oldest first. */
  exchanges(): ExchangeEntry[];
  /** The first exchange (past or future) matching, or an error after `timeout_ms` (default 5000). */
  waitFor(predicate: (entry: ExchangeEntry) => boolean, timeout_ms?: number): Promise<ExchangeEntry>;
  /** Resolves when every accepted request has been fully handled (all its events delivered). */
  idle(): Promise<void>;
}

function invalidOption(path: string, message: string, fr: string): RelaisError {
  return new RelaisError('conversation_error', `The emulator is not configured correctly: ${path} ${message}.`, {
    fr: `L'émulateur n'est pas configuré correctement : ${path} ${fr}.`,
    issues: [{ path, message, fr }],
  });
}

function checkOptions(options: EmulatorOptions): void {
  if (typeof options.bot_id !== 'string' || !options.bot_id.trim()) throw invalidOption('bot_id', 'is required', 'est obligatoire');
  if (typeof options.api_key !== 'string' || !options.api_key.trim()) throw invalidOption('api_key', 'is required', 'est obligatoire');
  for (const key of ['chat_webhook_url', 'actions_webhook_url'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    let protocol = '';
    try {
      protocol = new URL(value).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'http:' && protocol !== 'https:') throw invalidOption(key, 'must be an absolute http(s) URL', 'doit être une URL http(s) absolue');
  }
  const timeout = options.session_timeout_ms;
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) throw invalidOption('session_timeout_ms', 'must be a positive number of milliseconds', 'doit être un nombre positif de millisecondes');
  const port = options.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw invalidOption('port', 'must be an integer from 0 to 65535', 'doit être un entier de 0 à 65535');
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, body === undefined ? { 'content-length': 0 } : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

const clone = <T>(value: T): T => structuredClone(value);

const CHANNEL = 'chat';

/** One stable id per scripted reply, as the platform's replyId names a reply of its dashboard. */
const replyId = (reply: string): string => createHash('sha256').update(`relais-emulator-reply:${reply}`).digest('hex').slice(0, 24);

/** Values sent with `sanitize: true` never reach the exchange log or a transcript. */
function masked<T extends { value: string; sanitize?: boolean }>(items: T[]): T[] {
  return items.map((item) => (item.sanitize ? { ...item, value: SANITIZED } : item));
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  checkOptions(options);
  const timeoutMs = options.session_timeout_ms ?? DEFAULT_SESSION_TIMEOUT_MS;
  const webhookTimeout = options.webhook_timeout_ms ?? 10_000;
  const chatTarget: WebhookTarget = { url: options.chat_webhook_url, secret: options.webhook_secret, signing_secret: options.signing_secret, timeout_ms: webhookTimeout };
  const actionsTarget: WebhookTarget = { ...chatTarget, url: options.actions_webhook_url };
  const store = createSessionStore(timeoutMs);
  const queue = createKeyedQueue();
  const entries: ExchangeEntry[] = [];
  let seq = 0;
  const watchers = new Set<(entry: ExchangeEntry) => void>();
  let busy = 0;
  let idleWaiters: Array<() => void> = [];

  const record = (entry: Omit<ExchangeEntry, 'seq' | 'at'>): ExchangeEntry => {
    seq += 1;
    const full: ExchangeEntry = { seq, at: new Date().toISOString(), ...entry };
    entries.push(full);
    if (entries.length > MAX_EXCHANGES) entries.splice(0, entries.length - MAX_EXCHANGES);
    options.log?.(full);
    for (const watcher of watchers) watcher(full);
    return full;
  };

  const note = (session: EmulatorSession, entry: Omit<TranscriptEntry, 'at'>) => {
    session.transcript.push({ at: new Date().toISOString(), ...entry });
    store.touch(session);
  };

  const sessionEvent = (session: EmulatorSession, event: string) => {
    record({ kind: 'session', event, platformConversationId: session.platformConversationId, session_id: session.session_id });
    note(session, { from: 'platform', kind: event });
  };

  const expireIdle = () => {
    for (const session of store.expire()) record({ kind: 'session', event: 'expired', platformConversationId: session.platformConversationId, session_id: session.session_id });
  };

  const post = async (kind: 'chat_webhook' | 'actions_webhook', event: string, session: EmulatorSession, body: unknown): Promise<Delivery> => {
    const delivery = await deliver(kind === 'chat_webhook' ? chatTarget : actionsTarget, body);
    record({ kind, event, platformConversationId: session.platformConversationId, session_id: session.session_id, body, ...delivery, answer: maskedAnswer(delivery.answer) });
    return delivery;
  };

  /** The chat webhook's envelope, as published: `{botId, channel: "chat", data}`. */
  const chatEvent = (data: Record<string, unknown>) => ({ botId: options.bot_id, channel: CHANNEL, data });

  const ioFor = (session: EmulatorSession): AgentIO => ({
    async say(message: AgentMessage) {
      const data = {
        eventType: 'sendMessage',
        platformConversationId: session.platformConversationId,
        type: message.carouselCards?.length ? 'carousel' : 'text',
        text: message.text,
        buttons: message.buttons ?? [],
        carouselCards: message.carouselCards ?? [],
        // 24 hex digits, the form of the platform's ids in its published samples.
        messageId: randomBytes(12).toString('hex'),
        replyId: replyId(message.reply),
        confidence: message.confidence,
      };
      note(session, { from: 'agent', kind: 'sendMessage', text: message.text, detail: { ...data } });
      await post('chat_webhook', 'sendMessage', session, chatEvent(data));
    },
    async action(name, data) {
      note(session, { from: 'agent', kind: 'action', text: name, detail: { data } });
      const delivery = await post('actions_webhook', name, session, {
        botId: options.bot_id,
        channel: CHANNEL,
        conversationId: session.session_id,
        platformConversationId: session.platformConversationId,
        name,
        // Values travel as arrays of strings (swagger.yaml: "List of with a single value").
        data: data.map((datum) => ({ key: datum.key, value: [datum.value], saveAs: datum.key })),
      });
      const results = readResults(delivery);
      note(session, { from: 'platform', kind: 'action_results', text: name, detail: { results: results ? masked(results) : null, error: delivery.error } });
      return results;
    },
    async isTeamOnline(teamId) {
      const delivery = await post('chat_webhook', 'isTeamOnline', session, chatEvent({ eventType: 'isTeamOnline', platformConversationId: session.platformConversationId, teamId }));
      const answer = delivery.answer as { isOnline?: unknown } | undefined;
      const online = delivery.status === 200 && answer?.isOnline === true;
      note(session, { from: 'agent', kind: 'isTeamOnline', text: teamId, detail: { isOnline: online } });
      return online;
    },
    async escalate(escalateTo) {
      note(session, { from: 'agent', kind: 'escalate', text: escalateTo });
      await post('chat_webhook', 'escalate', session, chatEvent({ eventType: 'escalate', platformConversationId: session.platformConversationId, escalateTo }));
    },
  });

  const applyMetadata = (session: EmulatorSession, metaData: MetaData[]) => {
    for (const item of metaData) {
      session.metadata[item.key] = item.sanitize ? SANITIZED : item.value;
      note(session, { from: 'visitor', kind: 'metadata', detail: { key: item.key, value: session.metadata[item.key] } });
    }
  };

  const open = (platformConversationId: string) => {
    const opened = store.open(platformConversationId);
    sessionEvent(opened.session, opened.resumed ? 'resumed' : 'started');
    return opened;
  };

  /** One accepted request, run after the earlier ones of the same conversation. */
  const handleTurn = async (request: ChatRequest): Promise<void> => {
    expireIdle();
    const id = request.platformConversationId;
    switch (request.eventType) {
      case 'startSession': {
        const { session, resumed } = open(id);
        if (request.metaData) applyMetadata(session, request.metaData);
        note(session, { from: 'visitor', kind: 'startSession' });
        return runAgentTurn(session, { kind: 'start', resumed }, ioFor(session));
      }
      case 'message': {
        const existing = store.list(id).at(-1);
        const { session } = existing?.state === 'active' ? { session: store.open(id).session } : open(id);
        note(session, { from: 'visitor', kind: 'message', text: request.text, detail: request.cardIndex === undefined ? undefined : { cardIndex: request.cardIndex } });
        return runAgentTurn(session, { kind: 'message', text: request.text, cardIndex: request.cardIndex }, ioFor(session));
      }
      case 'metadata': {
        const existing = store.list(id).at(-1);
        const session = existing?.state === 'active' ? store.open(id).session : open(id).session;
        applyMetadata(session, request.metaData ?? []);
        return;
      }
      case 'endSession': {
        const session = store.end(id);
        if (session) {
          note(session, { from: 'visitor', kind: 'endSession' });
          sessionEvent(session, 'ended');
        }
        return;
      }
    }
  };

  const finished = () => {
    busy -= 1;
    if (busy > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    if (req.method !== 'POST' || path !== CHAT_PATH) {
      reply(res, 404, { message: `Not found: POST ${CHAT_PATH}` });
      return;
    }
    const authorization = req.headers.authorization;
    if (typeof authorization !== 'string' || !safeEqual(authorization, options.api_key)) {
      record({ kind: 'chat_api', event: 'refused', status: 401, error: 'Authorization does not match the API key' });
      reply(res, 401, { message: 'Unauthorized' });
      return;
    }
    const botId = req.headers.botid;
    if (typeof botId !== 'string' || !safeEqual(botId, options.bot_id)) {
      record({ kind: 'chat_api', event: 'refused', status: 404, error: 'unknown bot id' });
      reply(res, 404, { message: 'Bot not found' });
      return;
    }
    const read = await readRawBody(req, MAX_REQUEST_BYTES);
    if (!read.ok) {
      if (read.reason === 'too_large') reply(res, 413, { message: 'Payload too large', limit_bytes: MAX_REQUEST_BYTES });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(read.raw.toString('utf8'));
    } catch {
      record({ kind: 'chat_api', event: 'invalid', status: 400, error: 'malformed JSON' });
      reply(res, 400, { message: '(body): malformed JSON', issues: [{ path: '(body)', message: 'malformed JSON' }] });
      return;
    }
    // Every published form of metaData is accepted (see normaliseChatRequest), then checked as the array.
    const parsed = chatRequestSchema.safeParse(normaliseChatRequest(body));
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      const message = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      record({ kind: 'chat_api', event: 'invalid', status: 400, body, error: message });
      reply(res, 400, { message, issues });
      return;
    }
    const request = parsed.data;
    const logged = request.metaData ? { ...request, metaData: masked(request.metaData) } : request;
    record({ kind: 'chat_api', event: request.eventType, platformConversationId: request.platformConversationId, status: 200, body: logged });
    reply(res, 200);
    busy += 1;
    queue
      .run(request.platformConversationId, () => handleTurn(request))
      .catch((error: unknown) => record({ kind: 'session', event: 'error', platformConversationId: request.platformConversationId, error: error instanceof Error ? error.message : String(error) }))
      .finally(finished);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) reply(res, 500, { error: 'Internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const sweeper = setInterval(expireIdle, Math.max(20, Math.min(timeoutMs / 4, 60_000)));
  sweeper.unref();

  const idle = () => (busy === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)));

  return {
    url: `http://${host}:${address.port}`,
    async close() {
      clearInterval(sweeper);
      await idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    sessions: (platformConversationId) => clone(store.list(platformConversationId)),
    exchanges: () => clone(entries),
    waitFor(predicate, timeoutMs = 5000) {
      const found = entries.find(predicate);
      if (found) return Promise.resolve(clone(found));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`emulator: no matching exchange within ${timeoutMs} ms`));
        }, timeoutMs);
        const watch = (entry: ExchangeEntry) => {
          if (!predicate(entry)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(clone(entry));
        };
        watchers.add(watch);
      });
    },
    idle,
  };
}

/** An actions webhook answer for the log: results marked `sanitize: true` show no value. */
function maskedAnswer(answer: unknown): unknown {
  const results = (answer as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(results)) return answer;
  return { ...(answer as object), results: results.map((item: unknown) => (typeof item === 'object' && item !== null && (item as { sanitize?: unknown }).sanitize === true ? { ...item, value: SANITIZED } : item)) };
}

/** `{results: [{key, value, sanitize?}]}` from an actions webhook answer; an empty 200 (or no webhook) means no results. */
function readResults(delivery: Delivery): Array<{ key: string; value: string; sanitize?: boolean }> | undefined {
  if (delivery.skipped) return [];
  if (delivery.status !== 200) return undefined;
  if (delivery.answer === undefined) return [];
  const results = (delivery.answer as { results?: unknown }).results;
  if (!Array.isArray(results)) return undefined;
  const valid = results.every(
    (item) => typeof item === 'object' && item !== null && typeof item.key === 'string' && typeof item.value === 'string' && (item.sanitize === undefined || typeof item.sanitize === 'boolean'),
  );
  return valid ? (results as Array<{ key: string; value: string; sanitize?: boolean }>) : undefined;
}
