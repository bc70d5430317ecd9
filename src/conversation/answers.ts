// The synchronous answers the platform waits for: `{results: [{key, value, sanitize?}]}` for an action
// trigger (values are strings on the wire; keys become session parameters, so they are checked;
// `sanitize: true` asks the platform to sanitise the value, as the template's swagger.yaml publishes)
// and `{isOnline}` for isTeamOnline. Flows may hand back looser shapes; these functions make them exact.
import { RelaisError, type RelaisIssue } from '../errors';
import type { ActionAnswer, ActionAnswerResult, AgentEvent, AnswerInput, DefaultAnswer, TeamOnlineAnswer } from './types';

/** A session parameter name: letters, digits, `_`, `.`, `-`; starts with a letter, digit or `_`. */
const KEY_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as the string the platform stores: strings as they are, scalars printed, the rest as JSON. */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

function invalid(issues: RelaisIssue[]): RelaisError {
  return new RelaisError('conversation_error', `The answer to the action trigger is not valid: ${RelaisError.issueList(issues)}. Answer with {results: [{key, value}]} or a plain object whose keys are parameter names.`, {
    fr: `La réponse au déclencheur d'action n'est pas valide : ${RelaisError.issueListFr(issues, ' : ')}. Répondez avec {results: [{key, value}]} ou un objet simple dont les clés sont les noms des paramètres.`,
    issues,
  });
}

export interface ActionAnswerOptions {
  /** Keys whose values the platform is asked to sanitise (`sanitize: true`), whatever form the answer has. */
  sanitize?: readonly string[];
}

/** A list of keys from a setting: an array, or text separated by commas, semicolons or line breaks. */
export function sanitizeKeys(input: unknown): string[] {
  const items = Array.isArray(input) ? input : typeof input === 'string' ? input.split(/[,;\n]/) : [];
  return items.map((item) => String(item).trim()).filter(Boolean);
}

/**
 * `{results: [{key, value, sanitize?}]}`, an array of `{key, value, sanitize?}`, a plain object, or
 * nothing (→ no results). `options.sanitize` marks keys as sanitised on top of the items' own
 * `sanitize: true`. Throws a conversation_error naming each bad key.
 */
export function toActionAnswer(input: AnswerInput, options: ActionAnswerOptions = {}): ActionAnswer {
  if (input === undefined || input === null) return { results: [] };
  let pairs: Array<{ key: unknown; value: unknown; sanitize?: unknown; path: string }>;
  if (Array.isArray(input)) {
    pairs = input.map((item, index) => ({
      key: isObject(item) ? item.key : undefined,
      value: isObject(item) ? item.value : undefined,
      sanitize: isObject(item) ? item.sanitize : undefined,
      path: `results.${index}.key`,
    }));
  } else if (isObject(input) && Array.isArray(input.results)) {
    return toActionAnswer(input.results, options);
  } else if (isObject(input)) {
    pairs = Object.entries(input).map(([key, value]) => ({ key, value, path: key }));
  } else {
    throw invalid([{ path: '(answer)', message: `expected an object or an array, got ${typeof input}`, fr: `un objet ou un tableau est attendu, reçu ${typeof input}` }]);
  }
  const issues: RelaisIssue[] = [];
  const sanitized = new Set(options.sanitize ?? []);
  const results: ActionAnswerResult[] = [];
  for (const pair of pairs) {
    if (typeof pair.key !== 'string' || !KEY_PATTERN.test(pair.key)) {
      issues.push({
        path: pair.path,
        message: `key ${JSON.stringify(pair.key)} must be 1–128 letters, digits, "_", "." or "-"`,
        fr: `la clé ${JSON.stringify(pair.key)} doit faire de 1 à 128 lettres, chiffres, "_", "." ou "-"`,
      });
      continue;
    }
    const sanitize = pair.sanitize === true || pair.sanitize === 'true' || sanitized.has(pair.key);
    results.push({ key: pair.key, value: stringifyValue(pair.value), ...(sanitize ? { sanitize: true } : {}) });
  }
  if (issues.length > 0) throw invalid(issues);
  return { results };
}

/** A boolean, `{isOnline}`, or the strings "true"/"false"; anything else is an error. */
export function toTeamOnlineAnswer(input: AnswerInput): TeamOnlineAnswer {
  const value = isObject(input) ? input.isOnline : input;
  if (typeof value === 'boolean') return { isOnline: value };
  if (value === 'true' || value === 'false') return { isOnline: value === 'true' };
  throw new RelaisError('conversation_error', 'The answer to isTeamOnline must be true, false or {isOnline: boolean}.', {
    fr: 'La réponse à isTeamOnline doit être true, false ou {isOnline: boolean}.',
    issues: [{ path: 'isOnline', message: 'expected a boolean', fr: 'un booléen est attendu' }],
  });
}

/**
 * A flow's answer with `keys` marked sanitised, for hosts whose settings name them (the exact
 * `{results}` form); answers to isTeamOnline and answers with no keys to mark pass unchanged.
 */
export function markSanitized(input: AnswerInput, keys: readonly string[]): AnswerInput {
  if (keys.length === 0 || typeof input === 'boolean' || typeof input === 'string' || (isObject(input) && ('isOnline' in input || 'escalated' in input))) return input;
  return toActionAnswer(input, { sanitize: keys });
}

/** Status of a failed hand-over when the flow says only `false`: nobody could take the conversation. */
export const ESCALATION_FAILED_STATUS = 503;

/**
 * The HTTP status answering an escalate the flow handled (`answer_escalate`): the template's
 * ConverseWebhook.service.ts says the platform reads 200 as a hand-over that succeeded and 4xx/5xx as
 * one that failed. `true` / `{escalated: true}` → 200; `false` / `{escalated: false}` → 503, or the
 * `status` (400–599) given with it.
 */
export function toEscalateStatus(input: AnswerInput): number {
  const value = isObject(input) ? input.escalated : input;
  if (value === true || value === 'true') return 200;
  if (value === false || value === 'false') {
    const status = isObject(input) ? input.status : undefined;
    if (status === undefined) return ESCALATION_FAILED_STATUS;
    if (typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599) return status;
    throw new RelaisError('conversation_error', 'The answer to escalate has a status that is not a failure: give 400–599 with escalated: false.', {
      fr: "La réponse à escalate a un statut qui n'est pas un échec : donnez 400–599 avec escalated: false.",
      issues: [{ path: 'status', message: 'expected an integer from 400 to 599', fr: 'un entier de 400 à 599 est attendu' }],
    });
  }
  throw new RelaisError('conversation_error', 'The answer to escalate must be true, false or {escalated: boolean, status?}.', {
    fr: 'La réponse à escalate doit être true, false ou {escalated: boolean, status?}.',
    issues: [{ path: 'escalated', message: 'expected a boolean', fr: 'un booléen est attendu' }],
  });
}

/** The HTTP reply (status and JSON body) for an event the flow answered. */
export function answerReply(event: AgentEvent, input: AnswerInput): { status: number; body: Record<string, unknown> } {
  if (event.type === 'escalate') return { status: toEscalateStatus(input), body: {} };
  return { status: 200, body: { ...toAnswer(event, input) } };
}

/** The HTTP reply when the flow is late or fails. */
export function defaultReply(event: AgentEvent, fallback: DefaultAnswer = {}): { status: number; body: Record<string, unknown> } {
  if (event.type === 'escalate') return { status: fallback.escalated === true ? 200 : ESCALATION_FAILED_STATUS, body: {} };
  return { status: 200, body: { ...defaultAnswerFor(event, fallback) } };
}

/** The exact answer for an event that needs one, from what the flow gave back. */
export function toAnswer(event: AgentEvent, input: AnswerInput): ActionAnswer | TeamOnlineAnswer {
  return event.type === 'isTeamOnline' ? toTeamOnlineAnswer(input) : toActionAnswer(input);
}

/** What is sent when the flow is late or fails. The configured default is checked once, up front. */
export function defaultAnswerFor(event: AgentEvent, fallback: DefaultAnswer = {}): ActionAnswer | TeamOnlineAnswer {
  return event.type === 'isTeamOnline' ? { isOnline: fallback.isOnline ?? false } : toActionAnswer(fallback.results);
}
