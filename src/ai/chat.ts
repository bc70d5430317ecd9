// The OpenAI-compatible chat client behind ai_reply: POST {base_url}/chat/completions through the core
// transport (deadline, size cap, SSRF guard), the API key as a bearer token that is redacted from
// everything reported. Works with OpenAI and the many servers that speak its wire format (Mistral,
// Groq, OpenRouter, vLLM, Ollama's /v1, LM Studio…). Every failure is an ai_error saying what to fix.
import { RelaisError, isRelaisError } from '../errors';
import type { HttpRequest, HttpResponse } from '../http/types';
import { errorForResponse } from '../http/response';
import { createRedactor, redactHeaders, type Redactor } from '../redact';
import type { AiOptions, Runtime } from '../runtime';

export const DEFAULT_AI_TIMEOUT_MS = 30_000;
export const MAX_AI_TIMEOUT_MS = 120_000;
/** A chat completion of at most 2000 tokens is far below this; anything bigger is not an answer. */
export const MAX_AI_RESPONSE_BYTES = 1024 * 1024;

export interface ChatInput {
  /** Empty: the provider's default (runtime.ai.model), or none at all when that is empty too. */
  model?: string;
  system_prompt?: string;
  prompt: string;
  temperature: number;
  max_tokens: number;
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatAnswer {
  text: string;
  model: string;
  usage: TokenUsage;
  finish_reason: string | null;
  warnings: string[];
  status: number;
  duration_ms: number;
}

export interface PreparedChat {
  request: HttpRequest;
  /** The JSON body sent (for previews). */
  body: Record<string, unknown>;
  redact: Redactor;
  host: string;
}

function aiError(message: string, options: { status?: number; body?: string; cause?: unknown } = {}): RelaisError {
  return new RelaisError('ai_error', message, options);
}

function providerOf(runtime: Pick<Runtime, 'ai'>): AiOptions {
  const ai = runtime.ai;
  if (!ai || typeof ai.base_url !== 'string' || ai.base_url.trim() === '') {
    throw aiError('No AI provider is configured: set the runtime\'s ai.base_url (e.g. https://api.openai.com/v1) and ai.api_key, or use body_source "template" or "statique".');
  }
  return ai;
}

function endpointOf(ai: AiOptions): URL {
  let base: URL;
  try {
    base = new URL(ai.base_url.trim());
  } catch {
    throw aiError(`The AI provider's base_url "${ai.base_url.slice(0, 200)}" is not a URL; expected e.g. https://api.openai.com/v1.`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw aiError(`The AI provider's base_url must be https:// (got ${base.protocol}).`);
  if (base.username || base.password) throw aiError("The AI provider's base_url must not hold a user name or password; set ai.api_key instead.");
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/chat/completions`;
  return base;
}

function timeoutOf(ai: AiOptions): number {
  const timeout = ai.timeout_ms ?? DEFAULT_AI_TIMEOUT_MS;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_AI_TIMEOUT_MS) {
    throw new RelaisError('invalid_block', `ai.timeout_ms must be an integer from 1 to ${MAX_AI_TIMEOUT_MS} (got ${timeout}).`, { issues: [{ path: 'ai.timeout_ms', message: 'out of range' }] });
  }
  return timeout;
}

/** The request a completion sends, ready for the transport or a preview. */
export function prepareChat(runtime: Pick<Runtime, 'ai'>, input: ChatInput): PreparedChat {
  const ai = providerOf(runtime);
  const url = endpointOf(ai);
  const model = input.model?.trim() || ai.model?.trim() || undefined;
  const messages: Array<{ role: 'system' | 'user'; content: string }> = [];
  if (input.system_prompt && input.system_prompt.trim() !== '') messages.push({ role: 'system', content: input.system_prompt });
  messages.push({ role: 'user', content: input.prompt });
  const body: Record<string, unknown> = { ...(model ? { model } : {}), messages, temperature: input.temperature, max_tokens: input.max_tokens };
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  const secrets: string[] = [];
  if (ai.api_key) {
    // eslint-disable-next-line no-control-regex -- a key with CR, LF or NUL cannot go in a header
    if (/[\r\n\u0000]/.test(ai.api_key)) throw aiError("The AI provider's api_key contains a line break or control character; re-enter it.");
    headers.authorization = `Bearer ${ai.api_key}`;
    secrets.push(ai.api_key);
  }
  return {
    request: {
      method: 'POST',
      url: url.toString(),
      headers,
      body: JSON.stringify(body),
      timeout_ms: timeoutOf(ai),
      max_response_bytes: MAX_AI_RESPONSE_BYTES,
      allow_http: ai.allow_http === true,
      allow_private_network: ai.allow_private_network === true,
      max_redirects: 0,
      secrets,
    },
    body,
    redact: createRedactor(secrets),
    host: url.host,
  };
}

/** The prepared request with its credentials masked (previews, meta). */
export function redactedChatRequest(prepared: PreparedChat): { method: 'POST'; url: string; headers: Record<string, string>; body: unknown } {
  return { method: 'POST', url: prepared.redact(prepared.request.url), headers: redactHeaders(prepared.request.headers ?? {}, prepared.redact), body: prepared.body };
}

function transportError(error: unknown, prepared: PreparedChat): RelaisError {
  if (!isRelaisError(error)) return aiError(`The AI provider at ${prepared.host} could not be reached: ${prepared.redact(String((error as Error)?.message ?? error))}`, { cause: error });
  const why = prepared.redact(error.message);
  switch (error.code) {
    case 'timeout':
      return aiError(`The AI provider at ${prepared.host} did not answer within ${prepared.request.timeout_ms / 1000} s. Try again, use a faster model, or raise ai.timeout_ms.`, { cause: error });
    case 'too_large':
      return aiError(`The AI provider at ${prepared.host} sent back more than ${MAX_AI_RESPONSE_BYTES} bytes, which is not a chat completion.`, { cause: error });
    case 'blocked_url':
    case 'insecure_url':
      return aiError(`The AI provider's base_url was refused: ${why} (for a model server on this machine or network set ai.allow_private_network / ai.allow_http).`, { cause: error });
    default:
      return aiError(`The AI provider at ${prepared.host} could not be reached: ${why}`, { cause: error });
  }
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  // Some providers answer with content parts: [{type: "text", text: "…"}].
  if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : typeof part?.text === 'string' ? part.text : '')).join('');
  return '';
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Reads a chat completion response (status < 400) into an answer, or an ai_error. */
export function readCompletion(response: HttpResponse, prepared: PreparedChat): ChatAnswer {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw aiError(`The AI provider at ${prepared.host} answered HTTP ${response.status} with something that is not JSON; check ai.base_url (it should end with /v1 for OpenAI-compatible servers).`, {
      status: response.status,
      body: prepared.redact(response.body.subarray(0, 2000).toString('utf8')),
    });
  }
  if (typeof parsed !== 'object' || parsed === null) throw aiError(`The AI provider at ${prepared.host} answered with JSON that is not a chat completion.`, { status: response.status });
  const choices = Array.isArray(parsed.choices) ? (parsed.choices as Array<Record<string, unknown>>) : [];
  const first = choices[0];
  const finish = typeof first?.finish_reason === 'string' ? first.finish_reason : null;
  const text = contentText((first?.message as Record<string, unknown> | undefined)?.content).trim();
  if (text === '') {
    const hint =
      finish === 'length'
        ? ' It stopped at the token limit before writing anything: raise max_output_tokens (reasoning models spend tokens before answering).'
        : finish === 'content_filter'
          ? " The provider's content filter blocked the answer: rephrase the prompt."
          : '';
    throw aiError(`The AI provider at ${prepared.host} returned an empty answer${finish ? ` (finish_reason ${finish})` : ''}.${hint}`, { status: response.status });
  }
  const usage = (parsed.usage ?? {}) as Record<string, unknown>;
  const warnings: string[] = [];
  const prompt_tokens = count(usage.prompt_tokens);
  const completion_tokens = count(usage.completion_tokens);
  if (prompt_tokens === undefined || completion_tokens === undefined) warnings.push('usage_missing');
  if (finish === 'length') warnings.push('truncated_at_max_output_tokens');
  return {
    text,
    model: typeof parsed.model === 'string' && parsed.model ? parsed.model : ((prepared.body.model as string | undefined) ?? ''),
    usage: {
      prompt_tokens: prompt_tokens ?? 0,
      completion_tokens: completion_tokens ?? 0,
      total_tokens: count(usage.total_tokens) ?? (prompt_tokens ?? 0) + (completion_tokens ?? 0),
    },
    finish_reason: finish,
    warnings,
    status: response.status,
    duration_ms: response.duration_ms,
  };
}

/** Sends one completion. Resolves with the answer; rejects with ai_error (or invalid_block for settings). */
export async function chatCompletion(runtime: Pick<Runtime, 'ai' | 'http'>, input: ChatInput, signal?: AbortSignal): Promise<ChatAnswer> {
  const prepared = prepareChat(runtime, input);
  let response: HttpResponse;
  try {
    response = await runtime.http.request({ ...prepared.request, signal });
  } catch (error) {
    throw transportError(error, prepared);
  }
  if (response.status >= 400) {
    const http = errorForResponse(response, prepared.redact);
    const fix =
      response.status === 401 || response.status === 403
        ? ' Check ai.api_key.'
        : response.status === 404
          ? ' Check ai.base_url and the model name.'
          : response.status === 429
            ? ' The provider is rate limiting or out of quota; try again later.'
            : '';
    throw aiError(`The AI provider refused the request: ${http.message}.${fix}`, { status: response.status, body: http.body, cause: http });
  }
  return readCompletion(response, prepared);
}
