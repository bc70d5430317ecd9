// The chat client behind ai_reply: one request to the configured provider (src/ai/provider.ts) in its own
// wire format (openai-wire.ts for openai and openai_compatible, anthropic-wire.ts for anthropic), sent
// through the core transport (deadline, size cap, SSRF guard, no redirects, no retries), the API key
// redacted from everything reported. Every failure is an ai_error that says what to fix and quotes the
// provider's own message (e.g. OpenAI's "Unsupported parameter: 'max_tokens' …").
import { RelaisError, isRelaisError } from '../errors';
import type { HttpRequest, HttpResponse } from '../http/types';
import { errorForResponse } from '../http/response';
import { createRedactor, redactHeaders, type Redactor } from '../redact';
import type { Runtime } from '../runtime';
import { anthropicBody, readAnthropicAnswer } from './anthropic-wire';
import type { ChatAnswer, ChatInput, ParsedAnswer } from './conversation';
import { openAiBody, readOpenAiAnswer } from './openai-wire';
import { aiError, resolveProvider, type AiProvider } from './provider';

export type { ChatAnswer, ChatInput, ChatTurn, TokenUsage, ToolCall, ToolSpec } from './conversation';
export { DEFAULT_AI_TIMEOUT_MS, MAX_AI_TIMEOUT_MS } from './provider';

/** A chat completion of at most 2000 tokens is far below this; anything bigger is not an answer. */
export const MAX_AI_RESPONSE_BYTES = 1024 * 1024;

export interface PreparedChat {
  provider: AiProvider;
  request: HttpRequest;
  /** The JSON body sent (for previews). */
  body: Record<string, unknown>;
  /** What was adapted to the model (e.g. a temperature the model does not take). */
  warnings: string[];
  redact: Redactor;
  host: string;
}

/** The request a completion sends, ready for the transport or a preview. */
export function prepareChat(runtime: Pick<Runtime, 'ai'>, input: ChatInput): PreparedChat {
  const resolved = resolveProvider(runtime);
  const model = input.model?.trim() || resolved.options.model?.trim() || undefined;
  const { body, warnings } = resolved.provider === 'anthropic' ? anthropicBody(input, model) : openAiBody(input, model, resolved.provider === 'openai');
  return {
    provider: resolved.provider,
    request: {
      method: 'POST',
      url: resolved.url.toString(),
      headers: resolved.headers,
      body: JSON.stringify(body),
      timeout_ms: resolved.timeout_ms,
      max_response_bytes: MAX_AI_RESPONSE_BYTES,
      allow_http: resolved.options.allow_http === true,
      allow_private_network: resolved.options.allow_private_network === true,
      max_redirects: 0,
      secrets: resolved.secrets,
    },
    body,
    warnings,
    redact: createRedactor(resolved.secrets),
    host: resolved.url.host,
  };
}

/** The prepared request with its credentials masked (previews, meta). */
export function redactedChatRequest(prepared: PreparedChat): { method: 'POST'; url: string; headers: Record<string, string>; body: unknown } {
  return { method: 'POST', url: prepared.redact(String(prepared.request.url)), headers: redactHeaders(prepared.request.headers ?? {}, prepared.redact), body: prepared.body };
}

function transportError(error: unknown, prepared: PreparedChat, timeoutMs: number): RelaisError {
  if (!isRelaisError(error)) return aiError(`The AI provider at ${prepared.host} could not be reached: ${prepared.redact(String((error as Error)?.message ?? error))}`, { cause: error });
  const why = prepared.redact(error.message);
  switch (error.code) {
    case 'timeout':
      return aiError(`The AI provider at ${prepared.host} did not answer within ${timeoutMs / 1000} s. Try again, use a faster model, or raise ai.timeout_ms.`, { cause: error });
    case 'too_large':
      return aiError(`The AI provider at ${prepared.host} sent back more than ${MAX_AI_RESPONSE_BYTES} bytes, which is not a chat completion.`, { cause: error });
    case 'blocked_url':
    case 'insecure_url':
      return aiError(`The AI provider's base_url was refused: ${why} (for a model server on this machine or network set ai.allow_private_network / ai.allow_http).`, { cause: error });
    default:
      return aiError(`The AI provider at ${prepared.host} could not be reached: ${why}`, { cause: error });
  }
}

/** What to do about a refusal, from the status and the provider's own error body. */
function fixFor(status: number, body: string): string {
  if (status === 401 || status === 403) return ' Check ai.api_key.';
  if (status === 404) return ' Check ai.base_url and the model name.';
  if (status === 429) return ' The provider is rate limiting or out of quota; try again later.';
  if (status === 529) return ' The provider is overloaded; try again later.';
  if (status === 400 && /unsupported_parameter|unsupported_value|not supported with this model/i.test(body)) {
    return ' The model refuses a parameter Relais sent: set ai.provider to "openai" for OpenAI models, or "openai_compatible" for other servers, so the request follows that provider\'s rules.';
  }
  return '';
}

/** Reads a response (status < 400) into an answer, or an ai_error. */
function readAnswer(response: HttpResponse, prepared: PreparedChat): ChatAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString('utf8'));
  } catch {
    throw aiError(`The AI provider at ${prepared.host} answered HTTP ${response.status} with something that is not JSON; check ai.base_url (it should end with /v1 for OpenAI-compatible servers).`, {
      status: response.status,
      body: prepared.redact(response.body.subarray(0, 2000).toString('utf8')),
    });
  }
  const record = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  const answer: ParsedAnswer | undefined = record && (prepared.provider === 'anthropic' ? readAnthropicAnswer(record) : readOpenAiAnswer(record));
  if (!answer) throw aiError(`The AI provider at ${prepared.host} answered with JSON that is not a ${prepared.provider === 'anthropic' ? 'Messages API message' : 'chat completion'}; check ai.provider and ai.base_url.`, { status: response.status });
  const finish = answer.finish_reason;
  if (answer.text === '' && answer.calls.length === 0) {
    const hint =
      finish === 'length'
        ? ' It stopped at the token limit before writing anything: raise max_output_tokens (reasoning models spend tokens before answering).'
        : finish === 'content_filter'
          ? " The provider's content filter blocked the answer: rephrase the prompt."
          : '';
    throw aiError(`The AI provider at ${prepared.host} returned an empty answer${finish ? ` (finish_reason ${finish})` : ''}.${hint}`, { status: response.status });
  }
  const warnings = [...prepared.warnings];
  if (answer.prompt_tokens === undefined || answer.completion_tokens === undefined) warnings.push('usage_missing');
  if (finish === 'length') warnings.push('truncated_at_max_output_tokens');
  const prompt_tokens = answer.prompt_tokens ?? 0;
  const completion_tokens = answer.completion_tokens ?? 0;
  return {
    text: answer.text,
    calls: answer.calls,
    model: answer.model ?? ((prepared.body.model as string | undefined) ?? ''),
    usage: { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens },
    finish_reason: finish,
    warnings,
    status: response.status,
    duration_ms: response.duration_ms,
  };
}

/** Sends one request. Resolves with the answer; rejects with ai_error (or invalid_block for settings).
 * `timeout_ms` shortens the provider's deadline (the tool loop passes what is left of its own). */
export async function chatCompletion(runtime: Pick<Runtime, 'ai' | 'http'>, input: ChatInput, options: { signal?: AbortSignal; timeout_ms?: number; prepared?: PreparedChat } = {}): Promise<ChatAnswer> {
  const prepared = options.prepared ?? prepareChat(runtime, input);
  const timeoutMs = Math.max(1, Math.min(prepared.request.timeout_ms, options.timeout_ms ?? Infinity));
  let response: HttpResponse;
  try {
    response = await runtime.http.request({ ...prepared.request, timeout_ms: timeoutMs, signal: options.signal });
  } catch (error) {
    throw transportError(error, prepared, timeoutMs);
  }
  if (response.status >= 400) {
    const http = errorForResponse(response, prepared.redact);
    throw aiError(`The AI provider refused the request: ${http.message}.${fixFor(response.status, http.body ?? '')}`, { status: response.status, body: http.body, cause: http });
  }
  return readAnswer(response, prepared);
}
