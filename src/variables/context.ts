// The call context (seed 002's context variables) from what a host receives, and the template scope
// built from it. Both hosts call contextFromInput so they share one rule: `variables` when given,
// else `payload` when it is an object (Node-RED's msg.payload, an n8n item's json).
import type { AgentContext, ContactContext, Context } from '../context';
import { RelaisError } from '../errors';
import type { TemplateScope } from '../template/scope';
import type { TypedValue } from './types';

export interface ContextInput {
  variables?: unknown;
  contact?: unknown;
  agent?: unknown;
  direction?: unknown;
  medium?: unknown;
  payload?: unknown;
  current_datetime?: unknown;
  delivery_id?: unknown;
}

const CONTACT_FIELDS = ['id', 'first_name', 'last_name', 'email', 'phone_number'] as const;
const AGENT_FIELDS = ['id', 'name', 'number'] as const;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);

function refused(path: string, message: string, fr: string): RelaisError {
  return new RelaisError('invalid_variable', `${path} ${message}`, { fr: `${path} ${fr}`, issues: [{ path, message, fr }] });
}

/** A text field of the context: text or a number, else refused. */
function textField(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw refused(path, 'must be text', 'doit être du texte');
}

function pick<K extends string>(value: unknown, fields: readonly K[], path: string): Partial<Record<K, string>> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw refused(path, `must be an object with ${fields.join(', ')}`, `doit être un objet avec ${fields.join(', ')}`);
  const out: Partial<Record<K, string>> = {};
  for (const field of fields) {
    const text = textField(value[field], `${path}.${field}`);
    if (text !== undefined) out[field] = text;
  }
  return out;
}

/** The Context of one call from a host's input (Node-RED msg, n8n item json). */
export function contextFromInput(input: ContextInput): Context {
  let variables: Record<string, unknown> | undefined;
  if (input.variables !== undefined && input.variables !== null) {
    if (!isObject(input.variables)) throw refused('variables', 'must be an object of variable names and values', 'doit être un objet de noms de variables et de valeurs');
    variables = input.variables;
  } else if (isObject(input.payload)) {
    variables = input.payload;
  }
  const context: Context = {};
  if (variables) context.variables = variables;
  const contact = pick(input.contact, CONTACT_FIELDS, 'contact') as ContactContext | undefined;
  if (contact) context.contact = contact;
  const agent = pick(input.agent, AGENT_FIELDS, 'agent') as AgentContext | undefined;
  if (agent) context.agent = agent;
  const direction = textField(input.direction, 'direction');
  if (direction !== undefined) context.direction = direction;
  const medium = textField(input.medium, 'medium');
  if (medium !== undefined) context.medium = medium;
  const now = textField(input.current_datetime, 'current_datetime');
  if (now !== undefined) context.current_datetime = now;
  const delivery = textField(input.delivery_id, 'delivery_id');
  if (delivery !== undefined) context.delivery_id = delivery;
  return context;
}

/** `contact` in a scope when the call has no contact: every field empty (shared, frozen). */
const NO_CONTACT: Readonly<Record<string, string>> = Object.freeze(Object.assign(Object.create(null) as Record<string, string>, Object.fromEntries(CONTACT_FIELDS.map((f) => [f, '']))));

/** new Date().toISOString(), computed once per millisecond (a busy host renders thousands of scopes a
 * second, and the text of the same instant is the same). */
let lastNow = { ms: NaN, iso: '' };
function nowIso(): string {
  const ms = Date.now();
  if (ms !== lastNow.ms) lastNow = { ms, iso: new Date(ms).toISOString() };
  return lastNow.iso;
}

/**
 * What templates can read: the typed variables, `contact.*`, `agent_id`, `agent_name`,
 * `agent_number`, `direction`, `medium`, `current_datetime` (ISO 8601, now by default). Context names
 * that are not known are empty text, so a template written for a full context still renders.
 */
export function templateScope(context: Context, variables: Readonly<Record<string, TypedValue>>, now?: () => Date): TemplateScope {
  const scope: Record<string, unknown> = Object.create(null);
  for (const name in variables) if (Object.prototype.hasOwnProperty.call(variables, name)) scope[name] = variables[name];
  let contact = NO_CONTACT;
  if (context.contact !== undefined && context.contact !== null) {
    const own: Record<string, string> = Object.create(null);
    for (const field of CONTACT_FIELDS) own[field] = textField(context.contact[field], `contact.${field}`) ?? '';
    contact = own;
  }
  scope.contact = contact;
  scope.agent_id = context.agent?.id ?? '';
  scope.agent_name = context.agent?.name ?? '';
  scope.agent_number = context.agent?.number ?? '';
  scope.direction = context.direction ?? '';
  scope.medium = context.medium ?? '';
  scope.current_datetime = context.current_datetime ?? (now ? now().toISOString() : nowIso());
  return scope;
}
