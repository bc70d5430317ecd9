// A local server speaking OpenAI's chat completions API (POST /v1/chat/completions), strict like the real
// one: every request body is validated against OpenAI's published schema (CreateChatCompletionRequest
// from github.com/openai/openai-openapi at f85dbe22…, see test/support/openai-schema.ts), unknown
// top-level arguments are refused, and the model-family rules of the real API are enforced with its
// real error bodies (quoted in issues against many clients, e.g. griptape-ai/ComfyUI-Griptape#312,
// owndev/Open-WebUI-Functions#98):
//   reasoning models (o1, o3, o4-mini…, gpt-5 and later except gpt-5-chat*) refuse `max_tokens`
//     (400 unsupported_parameter, "Use 'max_completion_tokens' instead.") and a temperature other than 1
//     (400 unsupported_value).
// Every answer it sends is itself checked against CreateChatCompletionResponse.
// The model name picks a scenario (any other model echoes the prompt):
//   "unauthorized" 401 · "server-error" 500 · "empty" an empty choice (finish_reason length)
//   "slow" answers after 5 s · "not-json" an HTML page
// and `script` (see model-script.ts) can drive tool calls and answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen } from './emulator-rig';
import { argumentsText, sendJson, withBody, type ModelReply, type ModelScript, type ModelServer, type ModelTurn } from './model-script';
import { chatRequestProblem, chatRequestProperties, chatResponseProblem } from './openai-schema';

interface WireMessage {
  role: string;
  content?: string | null | Array<{ type: string; text?: string }>;
  tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface RecordedChatRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: {
    model?: string;
    messages?: WireMessage[];
    temperature?: number;
    max_tokens?: number;
    max_completion_tokens?: number;
    tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: Record<string, unknown> } }>;
    tool_choice?: unknown;
    [key: string]: unknown;
  };
  /** The raw body text, as received (for "this secret was never sent" checks). */
  raw: string;
}

export type OpenAiServer = ModelServer<RecordedChatRequest>;

/** OpenAI's reasoning models: the o-series and gpt-5 and later, except the non-reasoning gpt-5 chat models. */
export function isReasoningModel(model: string): boolean {
  if (/^o\d/.test(model)) return true;
  const gpt = /^gpt-(\d+)(?:\.\d+)?(?:-(.*))?$/.exec(model);
  return gpt !== null && Number(gpt[1]) >= 5 && !(gpt[2] ?? '').startsWith('chat');
}

const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json'): void => sendJson(res, status, body, { 'content-type': type });

const invalid = (message: string, param: string | null, code: string | null = null) => ({ error: { message, type: 'invalid_request_error', param, code } });

/** The request's problem as OpenAI reports it, or undefined. */
function refusal(body: RecordedChatRequest['body'], model: string): unknown {
  const known = chatRequestProperties();
  const unknown = Object.keys(body).find((key) => !known.has(key));
  if (unknown) return invalid(`Unrecognized request argument supplied: ${unknown}`, null);
  const problem = chatRequestProblem(body);
  if (problem) return invalid(`Invalid request (OpenAI's CreateChatCompletionRequest schema): ${problem}`, null);
  if (isReasoningModel(model)) {
    if (body.max_tokens !== undefined) return invalid("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'max_tokens', 'unsupported_parameter');
    if (body.temperature !== undefined && body.temperature !== 1) {
      return invalid(`Unsupported value: 'temperature' does not support ${body.temperature} with this model. Only the default (1) value is supported.`, 'temperature', 'unsupported_value');
    }
  }
  // Every tool message must answer a tool call of the assistant message before it (the real API: 400).
  const messages = body.messages ?? [];
  const open = new Set<string>();
  for (const message of messages) {
    if (message.role === 'assistant') for (const call of message.tool_calls ?? []) open.add(call.id);
    if (message.role === 'tool' && !open.delete(message.tool_call_id ?? '')) {
      return invalid("Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", 'messages', null);
    }
  }
  if (open.size > 0) return invalid(`An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(', ')}`, 'messages', null);
  return undefined;
}

function textOf(content: WireMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => part.text ?? '').join('');
}

function turnOf(body: RecordedChatRequest['body'], model: string): ModelTurn {
  const messages = body.messages ?? [];
  const names = new Map<string, string>();
  for (const m of messages) for (const call of m.tool_calls ?? []) names.set(call.id, call.function.name);
  return {
    model,
    prompt: textOf([...messages].reverse().find((m) => m.role === 'user')?.content),
    system: messages.find((m) => m.role === 'system' || m.role === 'developer')?.content as string | undefined,
    tools: (body.tools ?? []).map((t) => t.function.name),
    toolsDisabled: body.tool_choice === 'none',
    toolResults: messages.filter((m) => m.role === 'tool').map((m) => ({ name: names.get(m.tool_call_id ?? '') ?? '', content: textOf(m.content) })),
  };
}

let callCounter = 0;

function completion(model: string, reply: ModelReply, prompt: string): Record<string, unknown> {
  const promptTokens = Math.max(1, Math.ceil(prompt.length / 4));
  const message =
    'calls' in reply
      ? {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: reply.calls.map((call) => ({ id: `call_${++callCounter}`, type: 'function', function: { name: call.name, arguments: argumentsText(call.arguments) } })),
        }
      : { role: 'assistant', content: reply.text, refusal: null };
  const completionTokens = Math.max(1, Math.ceil(JSON.stringify(message).length / 4));
  return {
    id: `chatcmpl-test${++callCounter}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: 'calls' in reply ? 'tool_calls' : (reply.finish ?? 'stop') }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

function answer(res: ServerResponse, body: Record<string, unknown>): void {
  const problem = chatResponseProblem(body);
  if (problem) return send(res, 500, { error: { message: `test server bug: its answer does not match CreateChatCompletionResponse: ${problem}`, type: 'server_error' } });
  send(res, 200, body);
}

export async function startOpenAiServer(options: { apiKey: string; defaultModel?: string; script?: ModelScript }): Promise<OpenAiServer> {
  const requests: RecordedChatRequest[] = [];
  const refused: OpenAiServer['refused'] = [];
  const server = await listen((req, res) =>
    withBody(req, (raw) => {
      let body: RecordedChatRequest['body'] = {};
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, 400, invalid('We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.', null));
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, raw });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(res, 404, invalid(`Invalid URL (${req.method} ${req.url})`, null));
      const auth = req.headers.authorization ?? '';
      if (auth !== `Bearer ${options.apiKey}` || body.model === 'unauthorized') {
        const given = auth.replace(/^Bearer /, '');
        return send(res, 401, { error: { message: `Incorrect API key provided: ${given}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      }
      // A compatible server with a default model (Ollama, vLLM…) accepts a request without one; OpenAI does not.
      const model = body.model ?? options.defaultModel;
      const problem = refusal(options.defaultModel && body.model === undefined ? { ...body, model } : body, model ?? '');
      if (problem) {
        refused.push({ body, error: problem });
        return send(res, 400, problem);
      }
      const turn = turnOf(body, model!);
      const prompt = (body.messages ?? []).map((m) => textOf(m.content)).join('\n');
      switch (model) {
        case 'server-error':
          return send(res, 500, { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } });
        case 'empty':
          return answer(res, completion(model, { text: '', finish: 'length' }, prompt));
        case 'not-json':
          return send(res, 200, '<html><body>Welcome to nginx!</body></html>', 'text/html');
        case 'slow': {
          const timer = setTimeout(() => answer(res, completion(model, { text: 'Trop tard.' }, prompt)), 5000);
          res.on('close', () => clearTimeout(timer));
          return;
        }
        default:
          return answer(res, completion(model!, options.script?.(turn) ?? { text: `Bonjour ! Réponse à : ${turn.prompt}` }, prompt));
      }
    }),
  );
  return { baseUrl: `${server.url}/v1`, host: new URL(server.url).host, requests, refused, close: server.close };
}
