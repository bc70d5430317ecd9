// previewBlock / executeBlock: parse the block (or take a parsed one), then dispatch on its
// action_type to the one handler of that action (one file per action in this folder).
import { parseBlock, type Block, type ParamsByType } from '../blocks';
import type { ActionType } from '../blocks/fields';
import type { Context } from '../context';
import type { Runtime } from '../runtime';
import { aiReplyAction } from './ai-reply';
import { crmUpsertAction } from './crm-upsert';
import { httpRequestAction } from './http-request';
import { salesTaskAction } from './sales-task';
import { tagContactAction } from './tag-contact';
import type { ActionHandler, ActionResult, ActionScope, Preview } from './types';

const HANDLERS: { [T in ActionType]: ActionHandler<ParamsByType[T]> } = {
  sales_task: salesTaskAction,
  http_request: httpRequestAction,
  crm_upsert: crmUpsertAction,
  ai_reply: aiReplyAction,
  tag_contact: tagContactAction,
};

/** What a handler sees of its block, per parsed (frozen) block: built once, shared read-only. */
const blockInfos = new WeakMap<Block, ActionScope['block']>();

function blockInfo(parsed: Block): ActionScope['block'] {
  let info = blockInfos.get(parsed);
  if (!info) {
    info = Object.freeze({ id: parsed.id, label: parsed.data.label, description: parsed.data.description, channel: parsed.data.channel });
    blockInfos.set(parsed, info);
  }
  return info;
}

function prepare(block: Block | unknown, context: Context, runtime: Runtime): { handler: ActionHandler<unknown>; params: unknown; scope: ActionScope } {
  // Block JSON is validated here; a Block from parseBlock/buildBlock is frozen and passes straight through.
  const parsed = parseBlock(block);
  const scope: ActionScope = { block: blockInfo(parsed), context: context ?? {}, runtime };
  return { handler: HANDLERS[parsed.action_type] as ActionHandler<unknown>, params: parsed.data.parameters, scope };
}

/** Everything executeBlock would do, rendered and validated, secrets redacted; nothing is sent. */
export async function previewBlock(block: Block | unknown, context: Context, runtime: Runtime): Promise<Preview> {
  const { handler, params, scope } = prepare(block, context, runtime);
  return handler.preview(params, scope);
}

/** Runs a block. Resolves to {ok: true, data, meta}; rejects with a RelaisError. */
export function executeBlock(block: Block | unknown, context: Context, runtime: Runtime): Promise<ActionResult> {
  // Not an async function: the handler's own promise is returned as is (one promise and one microtask
  // less per call); a block that does not parse still rejects instead of throwing.
  try {
    const { handler, params, scope } = prepare(block, context, runtime);
    return Promise.resolve(handler.execute(params, scope));
  } catch (error) {
    return Promise.reject(error);
  }
}
