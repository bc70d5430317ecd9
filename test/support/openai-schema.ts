// OpenAI's published chat completions schemas (test/fixtures/providers/openai-chat-completions.schema.json,
// extracted from github.com/openai/openai-openapi openapi.json at f85dbe223d40e1a31cba812ab2d755c7e98a92a3
// by scripts/conformance/openai-chat-schema.mjs), compiled with Ajv. OpenAPI's `nullable: true` is
// turned into JSON Schema's `null` type (Ajv only accepts `nullable` beside `type`).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../fixtures/providers/openai-chat-completions.schema.json';

function withNull(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNull);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) out[key] = key === 'properties' || key === 'definitions' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, withNull(v)])) : withNull(value);
  if (nullable !== true) return out;
  if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'], ...(Array.isArray(out.enum) ? { enum: [...out.enum, null] } : {}) };
  return { anyOf: [out, { type: 'null' }] };
}

let compiled: { request: ValidateFunction; response: ValidateFunction } | undefined;

function validators(): { request: ValidateFunction; response: ValidateFunction } {
  if (!compiled) {
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    ajv.addSchema(withNull(schema) as object, 'openai');
    compiled = {
      request: ajv.getSchema('openai#/definitions/CreateChatCompletionRequest')!,
      response: ajv.getSchema('openai#/definitions/CreateChatCompletionResponse')!,
    };
  }
  return compiled;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '(body)'} ${e.message}`)
    .join('; ');
}

/** Why a request body does not match CreateChatCompletionRequest, or undefined when it does. */
export function chatRequestProblem(body: unknown): string | undefined {
  const { request } = validators();
  return request(body) ? undefined : describe(request.errors);
}

/** Why a response body does not match CreateChatCompletionResponse (checks our own stand-in's answers). */
export function chatResponseProblem(body: unknown): string | undefined {
  const { response } = validators();
  return response(body) ? undefined : describe(response.errors);
}

/** The request's top-level property names the schema declares (OpenAI refuses the others). */
export function chatRequestProperties(): Set<string> {
  const definitions = (schema as { definitions: Record<string, { allOf?: Array<{ $ref?: string; properties?: object }>; properties?: object }> }).definitions;
  const names = new Set<string>();
  const visit = (name: string): void => {
    const node = definitions[name];
    for (const key of Object.keys(node.properties ?? {})) names.add(key);
    for (const part of node.allOf ?? []) {
      if (part.$ref) visit(part.$ref.replace('#/definitions/', ''));
      for (const key of Object.keys(part.properties ?? {})) names.add(key);
    }
  };
  visit('CreateChatCompletionRequest');
  return names;
}
