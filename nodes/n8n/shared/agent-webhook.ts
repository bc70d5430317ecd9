// Relais Agent Trigger's webhook: the core's event processor (size → shared secret/HMAC → JSON →
// event → bot id → dedupe → answer deadline) fitted to n8n's webhook contract.
//
// - Refused, invalid and duplicate deliveries are answered here and start nothing.
// - Events the platform does not wait on (sendMessage, escalate…) are acknowledged at once (200) and
//   start the workflow.
// - Action triggers and isTeamOnline start the workflow and are answered the way n8n's own Webhook +
//   Respond to Webhook pair works: the webhook declares responseMode "responseNode" and Relais Respond
//   to Agent calls `this.sendResponse()`, which n8n relays to this request (also in queue mode). If no
//   answer comes before the deadline, the processor's default answer is written here instead, and
//   Respond to Agent, seeing the deadline passed in its input, no longer answers.
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import type { ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../src/adapter/runtime-cache';
import { createAgentEventProcessor, type AgentEventProcessor, type EventInfo, type WebhookReply } from '../../../src/conversation/processor';
import { deliveryId, needsAnswer } from '../../../src/conversation/events';
import type { AgentEvent, DefaultAnswer } from '../../../src/conversation/types';
import { AGENT_PLATFORM_CREDENTIAL, platformSettings } from './credentials';

export interface TriggerSettings {
  bot_id: string;
  secret?: string;
  hmac_secret?: string;
  answer_timeout_ms: number;
  default_answer: DefaultAnswer;
}

/** What the trigger adds to each event item, for Relais Respond to Agent. */
export interface RelaisEventMeta {
  needs_answer: boolean;
  /** Epoch ms after which the platform has had the default answer. */
  deadline?: number;
}

interface Dispatched {
  event: AgentEvent;
  info: EventInfo;
}

interface Waiting {
  dispatched: (value: Dispatched) => void;
  /** Settles when this request's response has been sent (by n8n, or by the deadline). */
  answered: Promise<void>;
}

interface Entry {
  key: string;
  processor: AgentEventProcessor;
  waiting: Map<string, Waiting>;
}

/** One processor per trigger node (its dedupe window and ordering outlive a single request). */
const processors = new Map<string, Entry>();

function processorFor(nodeKey: string, settings: TriggerSettings): Entry {
  // Hashed so the secrets are not kept as a map key.
  const key = createHash('sha256').update(canonicalJson(settings)).digest('hex');
  const existing = processors.get(nodeKey);
  if (existing && existing.key === key) return existing;
  const waiting = new Map<string, Waiting>();
  const processor = createAgentEventProcessor({
    ...settings,
    onEvent(event, info) {
      const request = waiting.get(event.id);
      request?.dispatched({ event, info });
      // For events the platform waits on, the answer travels through n8n (Respond to Agent →
      // sendResponse); the processor only needs to know when the request was answered.
      return needsAnswer(event) ? request?.answered : undefined;
    },
  });
  const entry = { key, processor, waiting };
  processors.set(nodeKey, entry);
  return entry;
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
  };
}

function writeReply(res: ServerResponse, reply: WebhookReply): void {
  if (res.headersSent) return;
  res.statusCode = reply.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(reply.body));
}

/** The item an event starts the workflow with: the normalised event plus what Respond to Agent needs. */
export function eventItem(event: AgentEvent, info: EventInfo | undefined): INodeExecutionData {
  const relais: RelaisEventMeta = { needs_answer: needsAnswer(event), ...(info?.deadline === undefined ? {} : { deadline: info.deadline }) };
  return { json: { ...event, relais } as unknown as IDataObject };
}

function answeredPromise(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.writableEnded) resolve();
    res.once('finish', () => resolve());
    res.once('close', () => resolve());
  });
}

export async function handleAgentWebhook(context: IWebhookFunctions): Promise<IWebhookResponseData> {
  const req = context.getRequestObject();
  const res = context.getResponseObject() as unknown as ServerResponse;
  const settings = await triggerSettings(context);
  const node = context.getNode();
  const entry = processorFor(`${context.getWorkflow().id ?? ''}:${node.id ?? node.name}`, settings);

  const raw: Buffer | undefined = Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
  const body = raw === undefined ? context.getBodyData() : undefined;
  const id = deliveryId(raw ?? JSON.stringify(body ?? null));
  let dispatched: (value: Dispatched) => void = () => undefined;
  const dispatch = new Promise<Dispatched>((resolve) => (dispatched = resolve));
  // A concurrent copy of a delivery in flight is the processor's duplicate: it does not register.
  const owner = !entry.waiting.has(id);
  if (owner) entry.waiting.set(id, { dispatched, answered: answeredPromise(res) });

  try {
    const reply = entry.processor.receive({ headers: req.headers, raw_body: raw, body, path: req.path });
    const first = await Promise.race([reply.then((value) => ({ reply: value })), dispatch.then((value) => ({ dispatched: value }))]);
    if ('dispatched' in first && needsAnswer(first.dispatched.event)) {
      // n8n now waits for Respond to Agent; the processor's deadline sends the default otherwise.
      void reply.then((late) => writeReply(res, late));
      return { workflowData: [[eventItem(first.dispatched.event, first.dispatched.info)]] };
    }
    const settled = 'reply' in first ? first.reply : await reply;
    writeReply(res, settled);
    if (settled.outcome === 'processed' && settled.event) {
      return { noWebhookResponse: true, workflowData: [[eventItem(settled.event, undefined)]] };
    }
    return { noWebhookResponse: true };
  } finally {
    if (owner) entry.waiting.delete(id);
  }
}
