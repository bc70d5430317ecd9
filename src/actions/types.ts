// What an action returns: results resolve to { ok: true, data, meta }; failures reject with a
// RelaisError. A preview is everything an execution would do, rendered, with secrets redacted.
import type { ActionType } from '../blocks/fields';
import type { HttpMethod } from '../http/types';

export interface RedactedRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or text, with secrets replaced by "[redacted]". */
  body?: unknown;
}

export interface FilterReport {
  truncated: boolean;
  /** What was cut: array items dropped, strings shortened, characters over the budget… */
  cuts: Record<string, number>;
  /** Size in characters before and after filtering. */
  original_chars: number;
  final_chars: number;
}

export interface ResultMeta {
  action_type: ActionType;
  status?: number;
  duration_ms: number;
  truncated: boolean;
  request?: RedactedRequest;
  filter?: FilterReport;
  attempts?: number;
  /** e.g. "invalid_json" when JSON was expected and text came back. */
  warnings?: string[];
  /** ai_reply with tools: each call the model made, in order (its data or error is in the result data). */
  tool_calls?: Array<{ name: string; ok: boolean; code?: string }>;
}

export interface ActionResult<T = unknown> {
  ok: true;
  data: T;
  meta: ResultMeta;
}

export interface Preview {
  action_type: ActionType;
  /** The rendered request for actions that call out (http_request, ai_reply with body_source ai). */
  request?: RedactedRequest;
  /** What a platform action would do (e.g. { operation: "tag_contact", tag: "vip" }). */
  effect?: Record<string, unknown>;
  /** The declared variables after coercion and defaults. */
  variables: Record<string, unknown>;
  warnings: string[];
}

/** One action type's behaviour. `params` are the block's parameters after parseBlock (coerced, defaults
 * applied); `context` is the caller's context. Handlers live one per file in src/actions/ and are
 * dispatched by src/actions/index.ts (executeBlock / previewBlock). */
export interface ActionHandler<P> {
  preview(params: P, scope: ActionScope): Preview | Promise<Preview>;
  execute(params: P, scope: ActionScope): Promise<ActionResult>;
}

export interface ActionScope {
  block: { id: string; label?: string; description?: string; channel?: string };
  context: import('../context').Context;
  runtime: import('../runtime').Runtime;
}
