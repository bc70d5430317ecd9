// Running a block for a host, never throwing: build the block from form values (or parse block JSON),
// derive the Context from the host's input, execute, and shape the outcome. Both hosts call these and
// only map the outcome onto their own output (Node-RED msg / n8n items).
import { executeBlock } from '../actions';
import { ACTION_DEFINITIONS, buildBlock, parseBlock, type Block } from '../blocks';
import type { ActionType } from '../blocks/fields';
import type { Context } from '../context';
import type { RelaisError, RelaisErrorCode } from '../errors';
import type { Runtime } from '../runtime';
import { contextFromInput } from '../variables';
import { paramsFromForm, type FormValues } from './form-values';
import { hostError, outputFromResult, toRelaisError, type HostError, type Language, type RelaisMeta } from './outcome';

/** What a host gives as the call's input (Node-RED: the msg; n8n: the item's json). */
export interface HostInput {
  variables?: unknown;
  contact?: unknown;
  agent?: unknown;
  direction?: unknown;
  medium?: unknown;
  payload?: unknown;
  /** The agent event's id when the call serves a webhook delivery (see Context.delivery_id). */
  delivery_id?: unknown;
}

export type RunOutcome =
  | { ok: true; payload: unknown; relais: RelaisMeta }
  | { ok: false; error: HostError; /** for the host's log/Catch; its message is the safe one */ cause: RelaisError };

/** The code an unexpected failure gets, by what the action talks to. */
export const UNEXPECTED_ERROR_CODE: Record<ActionType, RelaisErrorCode> = {
  sales_task: 'store_error',
  crm_upsert: 'store_error',
  tag_contact: 'store_error',
  ai_reply: 'ai_error',
  http_request: 'connect_failed',
};

export interface RunOptions {
  language?: Language;
  /** Called with each unexpected (non-Relais) error, for the host log. */
  onUnexpected?: (error: unknown) => void;
}

/** The Context of one call: the platform's rule (msg.payload as variables when it is an object and variables are absent). */
export function contextFromHost(input: HostInput): Context {
  return contextFromInput(input as Parameters<typeof contextFromInput>[0]);
}

/** Form values → a validated Block (throws invalid_block naming each parameter). */
export function blockFromForm(actionType: ActionType, values: FormValues, info?: { id?: string; label?: string; description?: string }): Block {
  return buildBlock(actionType, paramsFromForm(ACTION_DEFINITIONS[actionType].fields, values), info) as Block;
}

async function run(makeBlock: () => Block, input: HostInput, runtime: Runtime, fallbackCode: RelaisErrorCode, options: RunOptions): Promise<RunOutcome> {
  let code = fallbackCode;
  try {
    const block = makeBlock();
    code = UNEXPECTED_ERROR_CODE[block.action_type] ?? fallbackCode;
    const result = await executeBlock(block, contextFromHost(input), runtime);
    return { ok: true, ...outputFromResult(result) };
  } catch (error) {
    const relais = toRelaisError(error, code);
    if (relais !== error) options.onUnexpected?.(error);
    return { ok: false, error: hostError(relais, options.language), cause: relais };
  }
}

/** Runs the action a host node describes with its form values. Never throws. */
export function runForm(
  actionType: ActionType,
  values: FormValues,
  input: HostInput,
  runtime: Runtime,
  options: RunOptions & { info?: { id?: string; label?: string; description?: string } } = {},
): Promise<RunOutcome> {
  return run(() => blockFromForm(actionType, values, options.info), input, runtime, UNEXPECTED_ERROR_CODE[actionType], options);
}

/**
 * A runner for form values that are the same on every call (a host node whose inputs are all fixed,
 * none read from the message): the block is built on the first call and reused, which saves the
 * parameter coercion and validation per message (about 20-60 µs for an HTTP action). A failed build is
 * not kept: every call reports it, as runForm does. `values` must not change afterwards (pass a copy).
 */
export function fixedFormRunner(
  actionType: ActionType,
  values: FormValues,
  info?: { id?: string; label?: string; description?: string },
): (input: HostInput, runtime: Runtime, options?: RunOptions) => Promise<RunOutcome> {
  let block: Block | undefined;
  const make = (): Block => (block ??= blockFromForm(actionType, values, info));
  return (input, runtime, options = {}) => run(make, input, runtime, UNEXPECTED_ERROR_CODE[actionType], options);
}

/** Runs any block JSON (the block format, object or text). Never throws. Text goes to parseBlock as it
 * is: the same text every message is a lookup of the parsed block, not a JSON.parse and a serialisation. */
export function runBlockJson(json: unknown, input: HostInput, runtime: Runtime, options: RunOptions = {}): Promise<RunOutcome> {
  return run(() => parseBlock(json), input, runtime, 'invalid_block', options);
}
