// Relais Agent Trigger's webhook: the core's event processor (size → shared secret/HMAC → JSON →
// event → bot id → dedupe → answer deadline) fitted to n8n's webhook contract.
//
// - Refused, invalid and duplicate deliveries are answered here and start nothing.
// - Events the platform does not wait on (sendMessage, escalate…) are acknowledged at once (200) and
//   start the workflow.
// - Action triggers and isTeamOnline go through the processor's handoff(): the workflow starts, and the
//   answer is Relais Respond to Agent's, or the configured default answer when the workflow is late or
//   fails. In n8n's regular mode the workflow runs in this process, so the trigger keeps the request
//   (`noWebhookResponse`) and Respond to Agent hands its answer over in-process (answerInProcess):
//   a failed workflow thus gets the default answer at the deadline, not n8n's own
//   500 {"message": "Error in workflow"}. In queue mode (EXECUTIONS_MODE=queue) the workflow runs on a
//   worker: the webhook declares responseMode "responseNode", Respond to Agent calls
//   `this.sendResponse()` and n8n relays it to this request; the deadline writes the default answer
//   here if nothing came, but a failing workflow gets n8n's 500 (docs/n8n.md).
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import type { ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../src/adapter/runtime-cache';
import { createAgentEventProcessor, type AgentEventProcessor, type WebhookReply, type WebhookStats } from '../../../src/conversation/processor';
import type { AgentEvent, DefaultAnswer } from '../../../src/conversation/types';
import { AGENT_PLATFORM_CREDENTIAL, platformSettings } from './credentials';
import { ledgerConfig, ledgerFor, type LedgerChoice } from './ledger';

export interface TriggerSettings {
  bot_id: string;
  secret?: string;
  hmac_secret?: string;
  answer_timeout_ms: number;
  default_answer: DefaultAnswer;
  /** Escalations wait for Respond to Agent's "Hand-Over Succeeded" (200 or 503) instead of 200 at once. */
  answer_escalate: boolean;
  /** The delivery ledger shared by this n8n's webhook processes (see ledger.ts). */
  ledger: LedgerChoice;
}

/** What the trigger adds to each event item, for Relais Respond to Agent. */
export interface RelaisEventMeta {
  needs_answer: boolean;
  /** The event's id: action nodes fed this item pass it on (a sales task per delivery is one task). */
  delivery_id?: string;
  /** Epoch ms after which the platform has had the default answer. */
  deadline?: number;
  /** How Respond to Agent answers: in-process to the trigger (regular mode) or with sendResponse (queue mode). */
  answer_via?: 'in_process' | 'send_response';
  /** This delivery's id (regular mode): Respond to Agent answers the request it came with, even when
   * another delivery with the same body (so the same event id) is waiting too. */
  reply_id?: string;
}

interface Entry {
  key: string;
  processor: AgentEventProcessor;
}

/** One processor per trigger node (its dedupe window and ordering outlive a single request). */
const processors = new Map<string, Entry>();

/** Requests of this process waiting for Respond to Agent, by delivery (reply id; regular mode). */
const inProcess = new Map<string, (answer: unknown) => boolean>();

function processorFor(nodeKey: string, settings: TriggerSettings): Entry {
  // Hashed so the secrets are not kept as a map key.
  const { ledger: choice, ...options } = settings;
  const shared = ledgerFor(ledgerConfig(choice));
  const key = createHash('sha256').update(canonicalJson(options)).update(shared.key).digest('hex');
  const existing = processors.get(nodeKey);
  if (existing && existing.key === key) return existing;
  const entry = { key, processor: createAgentEventProcessor({ ...options, ...(shared.ledger ? { ledger: shared.ledger } : {}) }) };
  processors.set(nodeKey, entry);
  return entry;
}

function nodeKey(workflowId: string | undefined, node: { id?: string; name: string }): string {
  return `${workflowId ?? ''}:${node.id ?? node.name}`;
}

/** The processor counters of one trigger node (received, dispatched, default answers, flow errors…). */
export function agentTriggerStats(workflowId: string | undefined, node: { id?: string; name: string }): WebhookStats | undefined {
  return processors.get(nodeKey(workflowId, node))?.processor.stats();
}

/**
 * Relais Respond to Agent's answer for a request this process keeps open. True when it is the answer
 * sent; false when no request waits for `replyId` here any more (deadline passed, already answered).
 */
export function answerInProcess(replyId: string, answer: unknown): boolean {
  return inProcess.get(replyId)?.(answer) ?? false;
}

/** Queue mode: the workflow runs on a worker, so only n8n's response relay reaches this request. */
function queueMode(): boolean {
  return process.env.EXECUTIONS_MODE === 'queue';
}

function parseDefaultResults(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text; // the processor reports an unusable default answer with its field name
  }
}

export async function triggerSettings(context: IWebhookFunctions): Promise<TriggerSettings> {
  const platform = platformSettings(await context.getCredentials(AGENT_PLATFORM_CREDENTIAL));
  const seconds = Number(context.getNodeParameter('answerTimeoutSeconds', 8));
  return {
    bot_id: platform.bot_id,
    ...(platform.webhook_secret ? { secret: platform.webhook_secret } : {}),
    ...(platform.hmac_secret ? { hmac_secret: platform.hmac_secret } : {}),
    answer_timeout_ms: Math.round(seconds * 1000),
    default_answer: {
      results: parseDefaultResults(context.getNodeParameter('defaultResults', '')),
      isOnline: context.getNodeParameter('defaultIsOnline', false) === true,
    },
    answer_escalate: context.getNodeParameter('answerEscalations', false) === true,
    ledger: context.getNodeParameter('deliveryLedger', 'auto') as LedgerChoice,
  };
}

/** Hands the JSON body n8n ends this response with to `respond` (a body that is not JSON is ignored). */
function recordRelayedAnswer(res: ServerResponse, respond: (answer: unknown) => boolean): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  (res as { end: (...args: unknown[]) => ServerResponse }).end = (...args: unknown[]) => {
    const chunk = args[0];
    if (res.statusCode === 200 && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
      try {
        respond(JSON.parse(chunk.toString()));
      } catch {
        // not an answer: the processor keeps waiting (or gives the default) as before
      }
    }
    return end(...args);
  };
}

function writeReply(res: ServerResponse, reply: WebhookReply): void {
  if (res.headersSent) return;
  res.statusCode = reply.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(reply.body));
}

/** The item an event starts the workflow with: the normalised event plus what Respond to Agent needs. */
export function eventItem(event: AgentEvent, meta: Omit<RelaisEventMeta, 'needs_answer'>, needsAnswer: boolean): INodeExecutionData {
  const relais: RelaisEventMeta = { needs_answer: needsAnswer, delivery_id: event.id, ...meta };
  return { json: { ...event, relais } as unknown as IDataObject };
}

export async function handleAgentWebhook(context: IWebhookFunctions): Promise<IWebhookResponseData> {
  const req = context.getRequestObject();
  const res = context.getResponseObject() as unknown as ServerResponse;
  const settings = await triggerSettings(context);
  const entry = processorFor(nodeKey(context.getWorkflow().id, context.getNode()), settings);

  const raw: Buffer | undefined = Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
  const body = raw === undefined ? context.getBodyData() : undefined;
  const handoff = await entry.processor.handoff({ headers: req.headers, raw_body: raw, body, path: req.path });
  const { event, respond, reply_id: replyId } = handoff;

  // The processor gives respond and reply_id together, for the events that need an answer.
  if (event && respond && replyId) {
    // The processor now waits for respond() or its deadline, then settles `reply` (answer or default).
    const deadline = Date.now() + entry.processor.options.answer_timeout_ms;
    if (queueMode()) {
      // n8n relays Respond to Agent's sendResponse; the default is written only if nothing was sent.
      // The answer n8n writes is also handed to the processor, so the ledger records it for a
      // duplicate that lands on another webhook process.
      recordRelayedAnswer(res, respond);
      void handoff.reply.then((late) => writeReply(res, late));
      return { workflowData: [[eventItem(event, { deadline, answer_via: 'send_response' }, true)]] };
    }
    inProcess.set(replyId, respond);
    void handoff.reply.then((reply) => {
      if (inProcess.get(replyId) === respond) inProcess.delete(replyId);
      writeReply(res, reply);
    });
    return { noWebhookResponse: true, workflowData: [[eventItem(event, { deadline, answer_via: 'in_process', reply_id: replyId }, true)]] };
  }
  writeReply(res, await handoff.reply);
  return event ? { noWebhookResponse: true, workflowData: [[eventItem(event, {}, false)]] } : { noWebhookResponse: true };
}
