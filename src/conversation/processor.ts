// The host-free webhook pipeline shared by the Node handler (webhook.ts), the n8n trigger and the
// Node-RED node: size → secret/HMAC → JSON → event shape → bot id → dedupe → ordered dispatch, with a
// deadline on the answers the platform waits for. It never throws: every outcome is a reply.
import { randomUUID } from 'node:crypto';
import { RelaisError, isRelaisError } from '../errors';
import type { Logger } from '../runtime';
import { answerReply, defaultAnswerFor, defaultReply } from './answers';
import { createDeduper } from './dedupe';
import { deliveryId, eventConversation, needsAnswer, parseAgentEvent } from './events';
import type { DeliveryLedger, LedgerClaim, LedgerReply } from './ledger/types';
import { createKeyedQueue } from './ordering';
import { createPendingAnswers } from './pending';
import type { AgentEvent, DefaultAnswer } from './types';
import { headerValue, safeEqual, SIGNATURE_TOLERANCE_MS, TIMESTAMP_HEADER, verifyDelivery, verifySharedSecret, type HeaderBag, type RefusalReason } from './verify';

export const DEFAULT_ANSWER_TIMEOUT_MS = 8000;
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
export const DEFAULT_DEDUPE_WINDOW_MS = 60_000;
export const DEFAULT_ORDERING_HOLD_MS = 2000;
export const DEFAULT_MAX_QUEUED_PER_CONVERSATION = 100;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

export interface EventInfo {
  /** Aborted when the platform was already answered with the default (the flow is too late). */
  signal: AbortSignal;
  /** Epoch ms by which an answer must be given (for events that need one). */
  deadline?: number;
}

/** Returns (or resolves to) the answer for action triggers and isTeamOnline; ignored for other events. */
export type AgentEventHandler = (event: AgentEvent, info: EventInfo) => unknown;

export interface AgentWebhookOptions {
  /** The bot id events must carry (`botId`). */
  bot_id: string;
  /** Shared secret: header `x-relais-secret` or a segment of the webhook path. */
  secret?: string;
  /** HMAC-SHA256 secret for signed deliveries (`x-relais-timestamp`, `x-relais-signature`). */
  hmac_secret?: string;
  /** Deadline for the flow's answer to action triggers and isTeamOnline (default 8000, below the platform's limit). */
  answer_timeout_ms?: number;
  /** Sent when the flow is late or fails; defaults to `{results: []}` / `{isOnline: false}` / escalate 503. */
  default_answer?: DefaultAnswer;
  /**
   * Let the flow answer escalations: escalate then waits (within answer_timeout_ms) for the flow's
   * `true` / `false` / `{escalated, status?}`, answered 200 or 4xx/5xx. Off by default: 200 at once.
   */
  answer_escalate?: boolean;
  /** Larger bodies get 413 (default 256 KiB). */
  max_body_bytes?: number;
  /** Identical deliveries within this window are processed once (default 60 s; 0 = off). Signed
   * deliveries are remembered at least as long as their timestamp is accepted (5 min either way). */
  dedupe_window_ms?: number;
  /** Memory the dedupe ledger may use (default 8 MiB): it keeps keys and answers, never bodies. */
  dedupe_max_bytes?: number;
  /**
   * Events of one conversation waiting for their turn (default 100). Past it, an action trigger gets
   * the default answer at once and a chat event is refused with 503 (`busy`), so a flood on one
   * conversation cannot grow memory or delay the conversation's later events without bound.
   */
  max_queued_per_conversation?: number;
  /** Hosts that read the body themselves stop after this long (default 10 s; 408). */
  body_timeout_ms?: number;
  /**
   * How long the flow's work on one event may hold back the next event of the same conversation
   * (default 2000); after that the next one starts anyway, so a hung flow cannot stall a conversation.
   */
  ordering_hold_ms?: number;
  /** Required by createAgentWebhook; a processor used only through handoff() needs none. */
  onEvent?: AgentEventHandler;
  /** Called when the flow fails on an event that needed no answer (the platform already has its 200). */
  onError?: (error: unknown, event: AgentEvent) => void;
  logger?: Logger;
  /** The clock (epoch ms), for tests. */
  now?: () => number;
  /**
   * A delivery ledger shared with other processes (redis or postgres, see ledger/): a duplicate that
   * lands on another process gets the first one's answer. Unreachable, it fails closed for events
   * that need an answer (the default answer, not run) and open for the others (run, maybe twice).
   */
  ledger?: DeliveryLedger;
  /**
   * How long a running delivery's claim lasts without its holder renewing it (default 5000; renewed
   * every third of it while the flow runs). A process that dies mid-delivery thus frees it within
   * this time, and a retry elsewhere runs it (the store's unique keys make a partial first run harmless).
   */
  ledger_lease_ms?: number;
}

/** One delivery as a host sees it: the raw body when it has it (needed for HMAC), else the parsed body. */
export interface WebhookDelivery {
  headers: HeaderBag;
  raw_body?: string | Buffer;
  body?: unknown;
  /** The request path (for a path token). */
  path?: string;
}

export type WebhookOutcome = 'processed' | 'duplicate' | 'default_answer' | 'busy' | RefusalReason | 'too_large' | 'body_timeout' | 'invalid_json' | 'invalid_event' | 'internal_error';

export interface WebhookReply {
  status: number;
  body: Record<string, unknown>;
  outcome: WebhookOutcome;
  event?: AgentEvent;
}

export interface WebhookStats {
  received: number;
  refused: number;
  duplicates: number;
  dispatched: number;
  default_answers: number;
  flow_errors: number;
  /** Events not started because their answer had already been sent when their turn came. */
  skipped: number;
  /** Deliveries for which the shared ledger could not be reached (see AgentWebhookOptions.ledger). */
  ledger_errors: number;
}

/**
 * A delivery handed over to a host that starts its flow itself (n8n's trigger returns the event to
 * start the workflow, and a later "respond" node gives the answer).
 */
export interface Handoff {
  /** The event to run the flow with; absent when nothing is to run (refused, duplicate). */
  event?: AgentEvent;
  /** The reply to send: at once for events that need no answer, else after respond() or the deadline. */
  reply: Promise<WebhookReply>;
  /** For action triggers and isTeamOnline: the flow's answer. False when too late or already given. */
  respond?: (answer: unknown) => boolean;
  /** For action triggers and isTeamOnline: this delivery's own id (unlike event.id, which identical
   * bodies share — two visitors asking isTeamOnline at once), for hosts that find `respond` later. */
  reply_id?: string;
}

export interface AgentEventProcessor {
  /** The whole pipeline with `onEvent`: resolves with the reply to send. Never rejects. */
  receive(delivery: WebhookDelivery): Promise<WebhookReply>;
  /** The same pipeline for hosts that run the flow after the call returns (see Handoff). Never rejects. */
  handoff(delivery: WebhookDelivery): Promise<Handoff>;
  stats(): WebhookStats;
  /** Whether the platform waits for the flow's answer to this event (action, isTeamOnline, escalate with answer_escalate). */
  waitsForAnswer(event: AgentEvent): boolean;
  readonly options: Readonly<Required<Pick<AgentWebhookOptions, 'answer_timeout_ms' | 'max_body_bytes' | 'dedupe_window_ms' | 'ordering_hold_ms' | 'body_timeout_ms'>>>;
  /** The 413 reply for a body over max_body_bytes, for handlers that stop reading early (counted as refused). */
  tooLarge(): WebhookReply;
  /** The 408 reply for a body that did not arrive within body_timeout_ms (counted as refused). */
  bodyTimeout(): WebhookReply;
  /**
   * What can be checked before the body is read (the shared secret, in a header or the path): the
   * 401 reply when it fails, else undefined. Hosts that read the body themselves call it first, so an
   * unauthenticated sender cannot hold a connection open with a slow upload.
   */
  precheck(headers: HeaderBag, path?: string): WebhookReply | undefined;
  /** Bytes held by the dedupe ledger. */
  ledgerBytes(): number;
}

const silent: Logger = { debug: () => undefined, warn: () => undefined };

function checkOptions(options: AgentWebhookOptions): void {
  const problems: Array<{ path: string; message: string; fr: string }> = [];
  if (typeof options.bot_id !== 'string' || !options.bot_id.trim()) problems.push({ path: 'bot_id', message: 'the bot id of the agent is required', fr: "l'id du bot de l'agent est obligatoire" });
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') problems.push({ path: 'onEvent', message: 'a function receiving each event is required', fr: 'une fonction qui reçoit chaque événement est obligatoire' });
  for (const key of ['answer_timeout_ms', 'max_body_bytes', 'dedupe_window_ms', 'ordering_hold_ms', 'dedupe_max_bytes', 'max_queued_per_conversation', 'body_timeout_ms'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) problems.push({ path: key, message: 'must be a number ≥ 0', fr: 'doit être un nombre ≥ 0' });
  }
  if (problems.length > 0) {
    throw new RelaisError('conversation_error', `The agent webhook is not configured correctly: ${RelaisError.issueList(problems)}.`, {
      fr: `Le webhook d'agent n'est pas configuré correctement : ${RelaisError.issueListFr(problems, ' : ')}.`,
      issues: problems,
    });
  }
}

export function createAgentEventProcessor(options: AgentWebhookOptions): AgentEventProcessor {
  checkOptions(options);
  const settings = {
    answer_timeout_ms: options.answer_timeout_ms ?? DEFAULT_ANSWER_TIMEOUT_MS,
    max_body_bytes: options.max_body_bytes ?? DEFAULT_MAX_BODY_BYTES,
    dedupe_window_ms: options.dedupe_window_ms ?? DEFAULT_DEDUPE_WINDOW_MS,
    ordering_hold_ms: options.ordering_hold_ms ?? DEFAULT_ORDERING_HOLD_MS,
    body_timeout_ms: options.body_timeout_ms ?? DEFAULT_BODY_TIMEOUT_MS,
  };
  const maxQueued = options.max_queued_per_conversation ?? DEFAULT_MAX_QUEUED_PER_CONVERSATION;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silent;
  // Validates the configured default once, so a bad default fails at setup, not at 3 a.m.
  defaultAnswerFor({ type: 'action' } as AgentEvent, options.default_answer);
  const waitsForAnswer = (event: AgentEvent): boolean => needsAnswer(event) || (options.answer_escalate === true && event.type === 'escalate');
  // The ledger keeps a reply's status, outcome and body: never the event (its raw body can be 256 KiB).
  const dedupe = createDeduper<WebhookReply>({
    window_ms: settings.dedupe_window_ms,
    max_bytes: options.dedupe_max_bytes,
    now,
    keep: (reply) => ({ status: reply.status, outcome: reply.outcome, body: reply.body }),
  });
  const queue = createKeyedQueue();
  const stats: WebhookStats = { received: 0, refused: 0, duplicates: 0, dispatched: 0, default_answers: 0, flow_errors: 0, skipped: 0, ledger_errors: 0 };

  const refuse = (status: number, outcome: WebhookOutcome, extra: Record<string, unknown> = {}): WebhookReply => {
    stats.refused += 1;
    logger.warn(`agent webhook: refused (${outcome})`);
    return { status, outcome, body: { error: outcome, ...extra } };
  };

  const tooLarge = () => refuse(413, 'too_large', { limit_bytes: settings.max_body_bytes });
  const bodyTimeout = () => refuse(408, 'body_timeout', { limit_ms: settings.body_timeout_ms });
  const precheck = (headers: HeaderBag, path?: string): WebhookReply | undefined => {
    if (!options.secret || verifySharedSecret(options.secret, headers, path)) return undefined;
    stats.received += 1;
    return refuse(401, 'invalid_secret');
  };

  /**
   * How long a delivery is remembered beyond the dedupe window: a signed one as long as its timestamp
   * is accepted, so a replay of it inside the signature tolerance is a duplicate, not a new event.
   */
  const keepFor = (delivery: WebhookDelivery, time: number): number | undefined => {
    if (!options.hmac_secret) return undefined;
    const seconds = Number(headerValue(delivery.headers, TIMESTAMP_HEADER));
    return Number.isFinite(seconds) ? seconds * 1000 + SIGNATURE_TOLERANCE_MS - time + 1000 : SIGNATURE_TOLERANCE_MS * 2;
  };

  // Events of one conversation run in arrival order; an event naming no conversation (isTeamOnline) is
  // ordered with nothing, not even an identical delivery (two visitors asking at once).
  let deliveries = 0;
  const orderKey = (event: AgentEvent) => {
    const conversation = eventConversation(event);
    return conversation === undefined ? `delivery:${++deliveries}` : `conversation:${conversation}`;
  };

  /** Events the platform does not wait on: acknowledged now, handed to the flow in order. */
  const acknowledge = (event: AgentEvent, onEvent: AgentEventHandler): WebhookReply => {
    const key = orderKey(event);
    if (queue.depth(key) >= maxQueued) {
      logger.warn(`agent webhook: ${maxQueued} events of this conversation are already waiting; refused ${event.type} ${event.id} (503, the platform may retry)`);
      return refuse(503, 'busy');
    }
    stats.dispatched += 1;
    const signal = new AbortController().signal;
    queue.run(key, () => onEvent(event, { signal }), settings.ordering_hold_ms).catch((error: unknown) => {
      stats.flow_errors += 1;
      logger.warn(`agent webhook: the flow failed on ${event.type} ${event.id}: ${isRelaisError(error) ? error.message : 'error'}`);
      options.onError?.(error, event);
    });
    return { status: 200, outcome: 'processed', body: {}, event };
  };

  /** What an event's turn gives when the event was not started (its answer was sent or is due). */
  const SKIPPED = Symbol('skipped');

  /** Events the platform waits on: the flow's answer, or the default when it is late or wrong. */
  const answer = async (event: AgentEvent, onEvent: AgentEventHandler): Promise<WebhookReply> => {
    const key = orderKey(event);
    if (queue.depth(key) >= maxQueued) {
      logger.warn(`agent webhook: ${maxQueued} events of this conversation are already waiting; sent the default answer to ${event.type} ${event.id} without running the flow`);
      stats.default_answers += 1;
      return { ...defaultReply(event, options.default_answer), outcome: 'default_answer', event };
    }
    stats.dispatched += 1;
    const controller = new AbortController();
    const deadline = now() + settings.answer_timeout_ms;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), settings.answer_timeout_ms);
    });
    // An event whose answer was already sent (the default, at the deadline) — or is due, its timer not run
    // yet on a busy event loop — is not started when its turn comes: the platform has moved on, and
    // running it would only delay the conversation's next events.
    const flow = queue.run(
      key,
      () => {
        if (controller.signal.aborted || now() >= deadline) {
          stats.skipped += 1;
          return SKIPPED;
        }
        return onEvent(event, { signal: controller.signal, deadline });
      },
      settings.ordering_hold_ms,
    );
    try {
      const result = await Promise.race([flow.then((value) => ({ value })), late]);
      // A due event skipped before its timer ran gets the default answer now, as a late one does.
      if (result !== 'late' && result.value !== SKIPPED) return { ...answerReply(event, result.value), outcome: 'processed', event };
      controller.abort();
      logger.warn(`agent webhook: no answer to ${event.type} ${event.id} within ${settings.answer_timeout_ms} ms; sent the default answer`);
    } catch (error) {
      stats.flow_errors += 1;
      logger.warn(`agent webhook: the answer to ${event.type} ${event.id} failed (${isRelaisError(error) ? error.message : 'error'}); sent the default answer`);
      options.onError?.(error, event);
    } finally {
      clearTimeout(timer);
    }
    // A flow that settles after the deadline must not surface as an unhandled rejection.
    flow.catch(() => undefined);
    stats.default_answers += 1;
    return { ...defaultReply(event, options.default_answer), outcome: 'default_answer', event };
  };

  const ledger = options.ledger;
  const ledgerFailed = (error: unknown, what: string) => {
    stats.ledger_errors += 1;
    logger.warn(`agent webhook: the ${ledger?.backend} delivery ledger failed (${isRelaisError(error) ? error.message : 'error'}); ${what}`);
  };
  const POLL_MS = [20, 50, 100, 200];
  const lease = options.ledger_lease_ms ?? 5000;

  /**
   * A duplicate's answer while the first delivery runs on another process: polled until its deadline.
   * `takeover` when the key is free again (its holder died before answering): this process claimed it.
   */
  const firstAnswer = async (key: string, until: number): Promise<LedgerReply | 'takeover' | undefined> => {
    for (let attempt = 0; now() < until; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS[Math.min(attempt, POLL_MS.length - 1)], Math.max(1, until - now()))));
      const claim = await ledger!.peek(key).catch(() => ({ first: false }) as LedgerClaim);
      if (claim.first) continue;
      if (claim.reply) return claim.reply;
      if (claim.absent && (await ledger!.claim(key, lease).catch(() => ({ first: false }) as LedgerClaim)).first) return 'takeover';
    }
    return undefined;
  };

  /** Runs the delivery this process holds, renewing its claim meanwhile; records the answer. */
  const runClaimed = async (event: AgentEvent, dispatch: () => Promise<WebhookReply>, ttl: number): Promise<WebhookReply> => {
    const heartbeat = setInterval(() => void ledger!.renew(event.id, lease).catch((error: unknown) => ledgerFailed(error, `could not renew the claim on ${event.id}`)), Math.max(10, Math.floor(lease / 3)));
    heartbeat.unref();
    let reply: WebhookReply;
    try {
      reply = await dispatch();
    } finally {
      clearInterval(heartbeat);
    }
    try {
      if (reply.outcome === 'busy') await ledger!.release(event.id);
      else await ledger!.settle(event.id, { status: reply.status, body: reply.body }, ttl);
    } catch (error) {
      ledgerFailed(error, `could not record the answer to ${event.type} ${event.id}`);
    }
    return reply;
  };

  /**
   * The shared ledger's part, when there is one: claim the key across processes, run the delivery
   * only when this process is the first, record its answer for duplicates elsewhere.
   */
  const viaLedger = async (event: AgentEvent, dispatch: () => Promise<WebhookReply>, keepMs: number | undefined): Promise<WebhookReply> => {
    if (!ledger) return dispatch();
    const ttl = Math.max(settings.dedupe_window_ms, keepMs ?? 0);
    let claim: LedgerClaim;
    try {
      // A lease, renewed while the flow runs: a holder that dies frees the delivery within `lease`.
      claim = await ledger.claim(event.id, lease);
    } catch (error) {
      if (waitsForAnswer(event)) {
        ledgerFailed(error, `sent the default answer to ${event.type} ${event.id} without running it (fails closed)`);
        stats.default_answers += 1;
        return { ...defaultReply(event, options.default_answer), outcome: 'default_answer', event };
      }
      ledgerFailed(error, `processed ${event.type} ${event.id} anyway (fails open: a duplicate elsewhere may run it again)`);
      return dispatch();
    }
    if (claim.first) return runClaimed(event, dispatch, ttl);
    const first = claim.reply ?? (waitsForAnswer(event) ? await firstAnswer(event.id, now() + settings.answer_timeout_ms) : undefined);
    if (first === 'takeover') {
      logger.warn(`agent webhook: ${event.type} ${event.id} was claimed by a process that stopped answering; running it here`);
      return runClaimed(event, dispatch, ttl);
    }
    stats.duplicates += 1;
    logger.debug(`agent webhook: duplicate delivery ${event.id} (first seen by another process)`);
    if (first) return { status: first.status, body: first.body, outcome: 'duplicate' };
    if (!waitsForAnswer(event)) return { status: 200, body: {}, outcome: 'duplicate' };
    // The first is still running elsewhere past this delivery's deadline: the default, as it would get.
    stats.default_answers += 1;
    return { ...defaultReply(event, options.default_answer), outcome: 'duplicate' };
  };

  async function receive(delivery: WebhookDelivery, onEvent: AgentEventHandler): Promise<WebhookReply> {
    stats.received += 1;
    const raw = delivery.raw_body;
    if (raw !== undefined && Buffer.byteLength(raw) > settings.max_body_bytes) return tooLarge();
    const time = now();
    const refusal = verifyDelivery({ secret: options.secret, hmac_secret: options.hmac_secret, headers: delivery.headers, raw_body: raw, path: delivery.path, now_ms: time });
    if (refusal) return refuse(401, refusal);

    let body = delivery.body;
    if (raw !== undefined) {
      try {
        body = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : raw);
      } catch {
        return refuse(400, 'invalid_json');
      }
    }
    let event: AgentEvent;
    try {
      event = parseAgentEvent(body, deliveryId(raw ?? JSON.stringify(body ?? null)));
    } catch (error) {
      // The platform reads the English form (toJSON), as a model does.
      return refuse(400, 'invalid_event', { issues: isRelaisError(error) ? error.toJSON().issues : [] });
    }
    if (!safeEqual(event.botId, options.bot_id)) return refuse(401, 'bot_id_mismatch');

    const dispatch = () => (waitsForAnswer(event) ? answer(event, onEvent) : Promise.resolve(acknowledge(event, onEvent)));
    // isTeamOnline names no conversation on this platform: identical bodies from two visitors are two
    // questions, and answering one twice is harmless, so it is never deduplicated.
    if (event.type === 'isTeamOnline' && eventConversation(event) === undefined) return dispatch();
    const keepMs = keepFor(delivery, time);
    const { duplicate, result } = dedupe.once(event.id, () => viaLedger(event, dispatch, keepMs), keepMs);
    if (!duplicate) {
      // A delivery turned away as busy was not processed: its retry is a first delivery.
      const reply = await result;
      if (reply.outcome === 'busy') dedupe.forget(event.id);
      return reply;
    }
    stats.duplicates += 1;
    logger.debug(`agent webhook: duplicate delivery ${event.id} answered from the first one`);
    const first = await result;
    return { ...first, outcome: 'duplicate' };
  }

  const safely = async (delivery: WebhookDelivery, onEvent: AgentEventHandler): Promise<WebhookReply> => {
    try {
      return await receive(delivery, onEvent);
    } catch (error) {
      logger.warn(`agent webhook: internal error ${error instanceof Error ? error.name : ''}`);
      return { status: 500, outcome: 'internal_error', body: { error: 'internal_error' } };
    }
  };
  const pending = createPendingAnswers();
  const nothing: AgentEventHandler = () => undefined;

  return {
    receive: (delivery) => safely(delivery, options.onEvent ?? nothing),
    handoff(delivery) {
      return new Promise<Handoff>((resolve) => {
        // Events that need an answer are handed over from inside the pipeline (their reply waits for
        // respond()); the others as soon as their acknowledgement is ready.
        const reply: Promise<WebhookReply> = safely(delivery, (event, info) => {
          if (!waitsForAnswer(event)) return undefined;
          // Keyed by delivery, not by event.id: identical bodies in flight at once each wait for their own answer.
          const replyId = randomUUID();
          const waiting = pending.wait(replyId, info.signal);
          resolve({ event, reply, respond: (value) => pending.resolve(replyId, value), reply_id: replyId });
          return waiting;
        });
        void reply.then((done) => resolve(done.outcome === 'processed' && done.event && !waitsForAnswer(done.event) ? { event: done.event, reply } : { reply }));
      });
    },
    stats: () => ({ ...stats }),
    waitsForAnswer,
    options: settings,
    tooLarge,
    bodyTimeout,
    precheck,
    ledgerBytes: () => dedupe.bytes(),
  };
}
