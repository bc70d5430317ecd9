// Relais Respond to Agent's execution: builds the exact answer the platform expects for the event that
// started the workflow ({results: [{key, value, sanitize?}]} for an action trigger, {isOnline} for isTeamOnline)
// with the core's answer functions, and hands it to the trigger's pending request: in-process when the
// trigger kept the request (n8n's regular mode), else with `this.sendResponse()`, which n8n relays to the
// request (queue mode; the pair then works like n8n's Webhook + Respond to Webhook).
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { isBlankRow } from '../../../src/adapter/form-values';
import { hostError, toRelaisError } from '../../../src/adapter/outcome';
import { sanitizeKeys, toActionAnswer, toEscalateStatus, toTeamOnlineAnswer } from '../../../src/conversation/answers';
import { answerInProcess } from './agent-webhook';
import { errorItem, nodeError } from './errors';

const TRIGGER_TYPE_SUFFIX = '.relaisAgentTrigger';
const TOO_LATE = 'Too late: the answer deadline passed and the platform got the default answer.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The event this workflow answers: the output of the Relais Agent Trigger it descends from (read
 * through n8n's data proxy, so nodes in between may reshape the items), else the first input item.
 */
function triggerEvent(context: IExecuteFunctions, fallback: IDataObject): IDataObject {
  const trigger = context.getParentNodes(context.getNode().name).find((node) => node.type.endsWith(TRIGGER_TYPE_SUFFIX) || node.type === 'relaisAgentTrigger');
  if (!trigger) return fallback;
  const first = context.getWorkflowDataProxy(0).$(trigger.name)?.first?.();
  return isRecord(first?.json) ? (first.json as IDataObject) : fallback;
}

function answerInput(context: IExecuteFunctions): unknown {
  if (context.getNodeParameter('answerWith', 0, 'fields') === 'json') {
    const json = context.getNodeParameter('answerJson', 0, '{}');
    if (typeof json !== 'string') return json;
    if (json.trim() === '') return undefined; // cleared: no results
    try {
      return JSON.parse(json);
    } catch {
      return json; // toActionAnswer names the problem
    }
  }
  // n8n gives {} for a table with no rows; a row added and left blank is not an answer either.
  const rows = (context.getNodeParameter('results', 0, {}) as IDataObject).result;
  return Array.isArray(rows) ? rows.filter((row) => !isBlankRow(row)) : [];
}

function passThrough(items: INodeExecutionData[], first: IDataObject): INodeExecutionData[] {
  return items.map((item, index) => ({ json: index === 0 ? { ...item.json, ...first } : item.json, pairedItem: { item: index } }));
}

/** The answer for the event's type, and the HTTP status it travels with. */
function buildAnswer(context: IExecuteFunctions, type: string): { answer: IDataObject; statusCode: number } {
  if (type === 'escalate') {
    // The platform reads the hand-over from the status alone (the template's ConverseWebhook.service.ts).
    const escalated = context.getNodeParameter('escalated', 0, true) === true;
    return { answer: { escalated }, statusCode: toEscalateStatus(escalated) };
  }
  if (type === 'isTeamOnline') return { answer: toTeamOnlineAnswer(context.getNodeParameter('isOnline', 0, false)) as unknown as IDataObject, statusCode: 200 };
  // Rows carry their own Sanitize box; a JSON answer names its sanitised keys in a setting.
  const sanitize = sanitizeKeys(context.getNodeParameter('sanitizeKeys', 0, ''));
  return { answer: toActionAnswer(answerInput(context), { sanitize }) as unknown as IDataObject, statusCode: 200 };
}

export async function executeRespond(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = context.getInputData();
  const event = triggerEvent(context, items[0]?.json ?? {});
  if (!isRecord(event.relais)) {
    // Not downstream of Relais Agent Trigger (e.g. run as a tool): there is no pending request.
    return [passThrough(items, { answered: false, reason: 'No Relais Agent Trigger event to answer: connect this node after Relais Agent Trigger.' })];
  }
  const meta = event.relais;
  const type = String(event.type ?? 'action');

  if (meta.needs_answer === false || (type !== 'action' && type !== 'isTeamOnline' && type !== 'escalate')) {
    return [passThrough(items, { answered: false, reason: `A ${type} event needs no answer: the platform got its 200 when the event arrived.` })];
  }
  if (typeof meta.deadline === 'number' && Date.now() > meta.deadline) {
    return [passThrough(items, { answered: false, reason: TOO_LATE })];
  }

  let answer: IDataObject;
  let statusCode = 200;
  try {
    ({ answer, statusCode } = buildAnswer(context, type));
  } catch (thrown) {
    const error = hostError(toRelaisError(thrown, 'conversation_error', 'the answer'));
    if (!context.continueOnFail()) throw nodeError(context.getNode(), error, 0);
    return [[errorItem(error, 0)]];
  }
  if (meta.answer_via === 'in_process') {
    // The delivery's own id: only a request this process keeps open for it can take the answer.
    if (typeof meta.reply_id !== 'string' || !answerInProcess(meta.reply_id, answer)) return [passThrough(items, { answered: false, reason: TOO_LATE })];
  } else {
    await context.sendResponse({ body: type === 'escalate' ? {} : answer, headers: { 'content-type': 'application/json; charset=utf-8' }, statusCode });
  }
  return [passThrough(items, { answered: true, answer })];
}
