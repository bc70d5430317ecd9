// The block model: the block format's JSON, parsed into an immutable Block whose parameters are coerced
// and defaulted by the action's one definition, and, for http_request, compiled once (the compiled form
// executeBlock renders from: src/actions/http/compile.ts). Hosts build blocks from their node parameters
// with buildBlock; everything else (previewBlock, executeBlock, the CLI) starts from parseBlock.
import type { z } from 'zod/v4';
import { attachCompiled } from '../actions/http/compile';
import { BoundedCache } from '../bounded-cache';
import { RelaisError, type RelaisIssue } from '../errors';
import { aiReplyDefinition, type AiReplyParams } from './ai-reply';
import { crmUpsertDefinition, type CrmUpsertParams } from './crm-upsert';
import type { ActionDefinition } from './definition';
import { deepFreeze, jsonKey } from './cache';
import { ACTION_TYPES, type ActionType } from './fields';
import { httpRequestDefinition, type HttpRequestParams } from './http-request';
import { inferActionType, isActionType } from './infer';
import { salesTaskDefinition, type SalesTaskParams } from './sales-task';
import { tagContactDefinition, type TagContactParams } from './tag-contact';

export type { ActionDefinition } from './definition';
export type { AiReplyParams, CrmUpsertParams, HttpRequestParams, SalesTaskParams, TagContactParams };

export const ACTION_DEFINITIONS = {
  sales_task: salesTaskDefinition,
  http_request: httpRequestDefinition,
  crm_upsert: crmUpsertDefinition,
  ai_reply: aiReplyDefinition,
  tag_contact: tagContactDefinition,
} satisfies Record<ActionType, ActionDefinition>;

export interface ParamsByType {
  sales_task: SalesTaskParams;
  http_request: HttpRequestParams;
  crm_upsert: CrmUpsertParams;
  ai_reply: AiReplyParams;
  tag_contact: TagContactParams;
}

export interface BlockData<P> {
  label?: string;
  subtitle?: string;
  channel?: string;
  description?: string;
  /** Coerced, defaulted values (see each action's definition). */
  parameters: P;
}

export interface BlockOf<T extends ActionType> {
  id: string;
  type: 'action';
  position?: { x: number; y: number };
  action_type: T;
  data: BlockData<ParamsByType[T]>;
}

/** A parsed block, discriminated by `action_type`. */
export type Block = { [T in ActionType]: BlockOf<T> }[ActionType];

export interface BlockInfo {
  id?: string;
  label?: string;
  description?: string;
  channel?: string;
  subtitle?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function invalidBlock(issues: RelaisIssue[]): RelaisError {
  const listed = issues
    .slice(0, 5)
    .map((issue) => (issue.path ? `${issue.path} ${issue.message}` : issue.message))
    .join('; ');
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return new RelaisError('invalid_block', `The block is not valid: ${listed}${more}.`, { issues, fr: `Le bloc n'est pas valide : ${RelaisError.issueListFr(issues, ' ', 5)}.` });
}

/** zod issues → issues with JSON paths under `prefix` and messages a user can act on. */
function toIssues(error: z.ZodError, prefix: string, known: string[]): RelaisIssue[] {
  return error.issues.flatMap((issue): RelaisIssue[] => {
    const base = [prefix, ...issue.path.map(String)].filter((s) => s !== '').join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: base === prefix ? [prefix, key].filter(Boolean).join('.') : `${base}.${key}`,
        message: base === prefix ? `is not a parameter of this action; known parameters: ${known.join(', ')}` : 'is not a known setting here',
      }));
    }
    return [{ path: base, message: issue.message }];
  });
}

/** A key whose value is undefined is an absent key (as in JSON). */
function givenParameters(parameters: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(parameters).filter(([name, value]) => name !== 'action_type' && value !== undefined));
}

function parseParameters<T extends ActionType>(actionType: T, given: Record<string, unknown>, prefix: string): ParamsByType[T] {
  const definition: ActionDefinition = ACTION_DEFINITIONS[actionType];
  const result = definition.schema.safeParse(given);
  if (!result.success) throw invalidBlock(toIssues(result.error, prefix, definition.fields.map((f) => f.name)));
  return result.data as ParamsByType[T];
}

/** Blocks made by parseBlock/buildBlock: frozen, so they need no second validation. */
const PARSED = new WeakSet<object>();

/** The one place a parsed block is made: frozen, recognised by isParsedBlock, an http_request compiled. */
function sealed<B extends Block>(block: B): B {
  deepFreeze(block);
  if (block.action_type === 'http_request') attachCompiled(block.data.parameters);
  PARSED.add(block);
  return block;
}

/**
 * Parsed blocks by the text they were made from: hosts run the same block for every message (the Relais
 * Block nodes hand the same JSON text each time, form nodes fresh but equal values), and validating a
 * dozen coerced, templated parameters costs far more than the lookup. Invariant: a key is either a
 * block's JSON text (parseBlock), or NUL followed by the JSON text of buildBlock's arguments (no JSON
 * text starts with NUL, and parseBlock never looks such a text up); its value is the frozen Block made
 * from exactly that text (an object is read once, into its key, and the block is made from the key's
 * text, so an accessor answering differently on a second read cannot make the key lie). Failures are
 * not stored.
 */
const blocks = new BoundedCache<string, Block>(1000);

/** True for a block returned by parseBlock or buildBlock (validated, immutable). */
export function isParsedBlock(value: unknown): value is Block {
  return typeof value === 'object' && value !== null && PARSED.has(value);
}

function optionalText(value: unknown, path: string, issues: RelaisIssue[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  issues.push({ path, message: 'must be text' });
  return undefined;
}

/**
 * Validates a block in the block format (`{id, type: "action", position, data: {label, subtitle,
 * channel, description, parameters}}`), given as an object or JSON text. A bare parameter object
 * (the format's "minimal example": `{action_type: "http_request", http_method, url, …}`) is accepted too.
 * Throws invalid_block whose issues name each JSON path.
 */
export function parseBlock(json: unknown): Block {
  if (isParsedBlock(json)) return json;
  const text = typeof json === 'string' ? json : jsonKey(json);
  // A value JSON cannot represent faithfully (NaN, undefined inside, a class instance) is parsed as it is,
  // uncached; so is a text starting with NUL (not JSON: it fails, and such keys are buildBlock's).
  if (text === undefined || text.charCodeAt(0) === 0) return parseUncached(json);
  // The text itself is the key: the same text object every message is looked up without being read again.
  return blocks.getOrCompute(text, () => parseUncached(text));
}

function parseUncached(json: unknown): Block {
  let input = json;
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input) as unknown;
    } catch {
      // JSON.parse's message quotes the text, which may hold a token: say what is wrong, not what is there.
      throw invalidBlock([{ path: '', message: 'the block is not JSON; give an action block as JSON ({"id", "type": "action", "data": {"parameters": …}})' }]);
    }
  }
  if (!isObject(input)) throw invalidBlock([{ path: '', message: 'a block must be a JSON object' }]);
  if (!('data' in input) && !('type' in input)) {
    const actionType = inferActionType({ parameters: input }, 'action_type');
    return sealed({ id: actionType, type: 'action', action_type: actionType, data: { parameters: parseParameters(actionType, givenParameters(input), '') } } as Block);
  }
  const issues: RelaisIssue[] = [];
  if (input.type !== undefined && input.type !== 'action') issues.push({ path: 'type', message: `must be "action" (got ${JSON.stringify(input.type)})` });
  if (input.id !== undefined && (typeof input.id !== 'string' || input.id.trim() === '')) issues.push({ path: 'id', message: 'must be non-empty text' });
  let position: { x: number; y: number } | undefined;
  if (input.position !== undefined) {
    const p = input.position;
    if (isObject(p) && Number.isFinite(Number(p.x)) && Number.isFinite(Number(p.y))) position = { x: Number(p.x), y: Number(p.y) };
    else issues.push({ path: 'position', message: 'must be {"x": number, "y": number}' });
  }
  const data = input.data;
  if (!isObject(data)) {
    issues.push({ path: 'data', message: 'must be an object holding the parameters: {"label": …, "parameters": {…}}' });
    throw invalidBlock(issues);
  }
  const parameters = data.parameters ?? {};
  if (!isObject(parameters)) {
    issues.push({ path: 'data.parameters', message: 'must be an object' });
    throw invalidBlock(issues);
  }
  const info = {
    label: optionalText(data.label, 'data.label', issues),
    subtitle: optionalText(data.subtitle, 'data.subtitle', issues),
    channel: optionalText(data.channel, 'data.channel', issues),
    description: optionalText(data.description, 'data.description', issues),
  };
  if (issues.length > 0) throw invalidBlock(issues);
  const actionType = inferActionType({ id: input.id, channel: info.channel, parameters }, 'data.parameters.action_type');
  const parsed = parseParameters(actionType, givenParameters(parameters), 'data.parameters');
  return sealed({
    id: typeof input.id === 'string' ? input.id : actionType,
    type: 'action',
    ...(position ? { position } : {}),
    action_type: actionType,
    data: { ...withoutUndefined(info), parameters: parsed },
  } as Block);
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A block from a host node's parameters (n8n node parameters, a Node-RED node's config). Keys that
 * are not parameters of the action (UI-only settings of a host) are ignored; values are coerced and
 * checked exactly as in parseBlock.
 */
export function buildBlock<T extends ActionType>(actionType: T, parameters: Record<string, unknown>, info: BlockInfo = {}): BlockOf<T> {
  if (!isActionType(actionType)) {
    throw invalidBlock([{ path: 'action_type', message: `must be exactly one of ${ACTION_TYPES.join(', ')} (got ${JSON.stringify(actionType)})` }]);
  }
  const known = new Set(ACTION_DEFINITIONS[actionType].fields.map((f) => f.name));
  const own = givenParameters(Object.fromEntries(Object.entries(parameters ?? {}).filter(([name]) => known.has(name))));
  const data = withoutUndefined({ label: info.label, subtitle: info.subtitle, channel: info.channel, description: info.description });
  const make = (id: string | null, blockData: typeof data, given: typeof own): Block =>
    sealed({ id: id ?? actionType, type: 'action', action_type: actionType, data: { ...blockData, parameters: parseParameters(actionType, given, 'data.parameters') } } as Block);
  const key = jsonKey([info.id ?? null, data, own]);
  if (key === undefined) return make(info.id ?? null, data, own) as BlockOf<T>;
  // Made from the key's text, like parseBlock (see `blocks`): the arguments are read once.
  return blocks.getOrCompute(`\u0000${actionType}\u0000${key}`, () => make(...(JSON.parse(key) as [string | null, typeof data, typeof own]))) as BlockOf<T>;
}

export { ACTION_TYPES, inferActionType, isActionType };
