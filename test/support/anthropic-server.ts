// A local server speaking Anthropic's Messages API (POST /v1/messages), strict like the real one. The
// checks follow the official SDK's types, github.com/anthropics/anthropic-sdk-typescript at
// bfa9197f0182084941052be9752c948638421601: src/resources/messages/messages.ts (MessageCreateParamsBase:
// model, max_tokens and messages required; system as text or text blocks; temperature; tools with
// name + input_schema {type: "object"}; tool_choice auto | any | tool | none; MessageParam content as
// text or blocks text | tool_use | tool_result; the Message answer with content blocks, stop_reason and
// usage), src/resources/shared.ts (ErrorResponse {type: "error", error: {type, message}, request_id}) and
// src/client.ts (X-Api-Key and anthropic-version: 2023-06-01 headers). Error messages are the API's own
// wording ("max_tokens: Field required", "…: Extra inputs are not permitted", "Requests which include
// `tool_use` or `tool_result` blocks must define tools.").
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen } from './emulator-rig';
import { sendJson, withBody, type ModelReply, type ModelScript, type ModelServer, type ModelTurn } from './model-script';

type Block = { type: string; text?: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; content?: unknown; is_error?: boolean };
interface MessageParam {
  role: string;
  content: string | Block[];
}

export interface RecordedMessagesRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> & { model?: string; messages?: MessageParam[]; max_tokens?: number; temperature?: number; system?: unknown; tools?: Array<{ name: string; description?: string; input_schema: Record<string, unknown> }>; tool_choice?: { type: string } };
  raw: string;
}

export type AnthropicServer = ModelServer<RecordedMessagesRequest>;

const PARAMS = new Set([
  'max_tokens', 'messages', 'model', 'cache_control', 'container', 'inference_geo', 'metadata', 'output_config', 'service_tier',
  'stop_sequences', 'stream', 'system', 'temperature', 'thinking', 'tool_choice', 'tools', 'top_k', 'top_p',
]);
const BLOCK_TYPES = new Set(['text', 'image', 'document', 'search_result', 'thinking', 'redacted_thinking', 'tool_use', 'tool_result', 'server_tool_use', 'web_search_tool_result']);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

const errorBody = (type: string, message: string) => ({ type: 'error', error: { type, message }, request_id: `req_test${Date.now()}` });

const send = (res: ServerResponse, status: number, body: unknown): void => sendJson(res, status, body, { 'request-id': 'req_test' });

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The request's problem in the API's wording, or undefined. */
function problemOf(body: RecordedMessagesRequest['body']): string | undefined {
  for (const key of Object.keys(body)) if (!PARAMS.has(key)) return `${key}: Extra inputs are not permitted`;
  for (const key of ['max_tokens', 'messages', 'model']) if (body[key] === undefined) return `${key}: Field required`;
  if (typeof body.model !== 'string' || body.model === '') return 'model: Input should be a valid string';
  if (!Number.isInteger(body.max_tokens) || body.max_tokens! < 1) return 'max_tokens: Input should be greater than or equal to 1';
  if (body.temperature !== undefined && (typeof body.temperature !== 'number' || body.temperature < 0 || body.temperature > 1)) return 'temperature: Input should be less than or equal to 1';
  if (body.system !== undefined && typeof body.system !== 'string' && !(Array.isArray(body.system) && body.system.every((b) => isObject(b) && b.type === 'text' && typeof b.text === 'string'))) {
    return 'system: Input should be a valid string or a list of text blocks';
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return 'tools: Input should be a valid list';
    for (const [i, tool] of body.tools.entries()) {
      if (!isObject(tool) || typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) return `tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
      if (!isObject(tool.input_schema) || tool.input_schema.type !== 'object') return `tools.${i}.custom.input_schema.type: Input should be 'object'`;
      if (tool.description !== undefined && typeof tool.description !== 'string') return `tools.${i}.custom.description: Input should be a valid string`;
    }
  }
  if (body.tool_choice !== undefined && !(isObject(body.tool_choice) && ['auto', 'any', 'tool', 'none'].includes(body.tool_choice.type as string))) return "tool_choice: Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'";
  let usesTools = false;
  let previousToolUses = new Set<string>();
  for (const [i, message] of body.messages.entries()) {
    if (!isObject(message) || (message.role !== 'user' && message.role !== 'assistant')) return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    if (i === 0 && message.role !== 'user') return 'messages: first message must use the "user" role';
    const blocks = typeof message.content === 'string' ? [] : message.content;
    if (!Array.isArray(blocks)) return `messages.${i}.content: Input should be a valid string or list`;
    const toolUses = new Set<string>();
    for (const [j, block] of blocks.entries()) {
      if (!isObject(block) || !BLOCK_TYPES.has(block.type as string)) return `messages.${i}.content.${j}: Input tag does not match any of the expected tags`;
      if (block.type === 'text' && typeof block.text !== 'string') return `messages.${i}.content.${j}.text.text: Field required`;
      if (block.type === 'tool_use') {
        usesTools = true;
        if (message.role !== 'assistant') return `messages.${i}.content.${j}: tool_use blocks can only be in assistant messages`;
        if (typeof block.id !== 'string' || typeof block.name !== 'string' || !isObject(block.input)) return `messages.${i}.content.${j}.tool_use: id, name and an object input are required`;
        toolUses.add(block.id);
      }
      if (block.type === 'tool_result') {
        usesTools = true;
        if (!previousToolUses.delete(block.tool_use_id as string)) {
          return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
        if (block.content !== undefined && typeof block.content !== 'string' && !Array.isArray(block.content)) return `messages.${i}.content.${j}.tool_result.content: Input should be a valid string or list`;
      }
    }
    if (previousToolUses.size > 0) {
      return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${[...previousToolUses].join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
    previousToolUses = toolUses;
  }
  if (usesTools && (body.tools === undefined || body.tools.length === 0)) return 'Requests which include `tool_use` or `tool_result` blocks must define tools.';
  return undefined;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((b: Block) => (b.type === 'text' ? (b.text ?? '') : '')).join('') : '';
}

function turnOf(body: RecordedMessagesRequest['body']): ModelTurn {
  const messages = body.messages ?? [];
  const names = new Map<string, string>();
  const results: ModelTurn['toolResults'] = [];
  let prompt = '';
  for (const m of messages) {
    for (const b of typeof m.content === 'string' ? [] : m.content) {
      if (b.type === 'tool_use') names.set(b.id!, b.name!);
      if (b.type === 'tool_result') results.push({ name: names.get(b.tool_use_id!) ?? '', content: textOf(b.content), isError: b.is_error === true });
    }
    if (m.role === 'user' && textOf(m.content) !== '') prompt = textOf(m.content);
  }
  return {
    model: body.model!,
    prompt,
    system: typeof body.system === 'string' ? body.system : textOf(body.system),
    tools: (body.tools ?? []).map((t) => t.name),
    toolsDisabled: body.tool_choice?.type === 'none',
    toolResults: results,
  };
}

let counter = 0;

function message(model: string, reply: ModelReply, inputTokens: number): Record<string, unknown> {
  const content =
    'calls' in reply
      ? reply.calls.map((call) => ({ type: 'tool_use', id: `toolu_test${++counter}`, name: call.name, input: call.arguments }))
      : [{ type: 'text', text: reply.text, citations: null }];
  return {
    id: `msg_test${++counter}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: 'calls' in reply ? 'tool_use' : reply.finish === 'length' ? 'max_tokens' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: inputTokens, output_tokens: Math.max(1, Math.ceil(JSON.stringify(content).length / 4)), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

export async function startAnthropicServer(options: { apiKey: string; script?: ModelScript }): Promise<AnthropicServer> {
  const requests: RecordedMessagesRequest[] = [];
  const refused: AnthropicServer['refused'] = [];
  const server = await listen((req, res) =>
    withBody(req, (raw) => {
      let body: RecordedMessagesRequest['body'];
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, 400, errorBody('invalid_request_error', 'There was an issue with your request body: the body is not valid JSON.'));
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, raw });
      if (req.method !== 'POST' || req.url !== '/v1/messages') return send(res, 404, errorBody('not_found_error', `Not Found`));
      if (req.headers['x-api-key'] !== options.apiKey) return send(res, 401, errorBody('authentication_error', 'invalid x-api-key'));
      if (req.headers['anthropic-version'] !== '2023-06-01') return send(res, 400, errorBody('invalid_request_error', 'anthropic-version: header is required'));
      const problem = problemOf(body);
      if (problem) {
        const error = errorBody('invalid_request_error', problem);
        refused.push({ body, error });
        return send(res, 400, error);
      }
      if (body.model === 'overloaded') return send(res, 529, errorBody('overloaded_error', 'Overloaded'));
      const turn = turnOf(body);
      send(res, 200, message(body.model!, options.script?.(turn) ?? { text: `Bonjour ! Réponse à : ${turn.prompt}` }, Math.max(1, Math.ceil(raw.length / 4))));
    }),
  );
  return { baseUrl: server.url, host: new URL(server.url).host, requests, refused, close: server.close };
}
