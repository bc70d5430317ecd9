// OpenAI's chat completions wire format (CreateChatCompletionRequest / CreateChatCompletionResponse in
// github.com/openai/openai-openapi), for provider `openai` and for `openai_compatible` servers.
// OpenAI itself gets `max_completion_tokens` (its schema deprecates `max_tokens`, which reasoning models
// refuse) and no temperature for reasoning models (they accept only the default); compatible servers
// (Ollama, vLLM, Mistral, Groq, LM Studio…) get the classic `max_tokens` and `temperature` every one of
// them knows.
import type { ChatInput, ChatTurn, ParsedAnswer, ToolCall } from './conversation';
import { tokenCount } from './conversation';
import { isOpenAiReasoningModel } from './model-family';

type Message = Record<string, unknown>;

function turnMessages(turn: ChatTurn): Message[] {
  if (turn.role === 'assistant') {
    return [
      {
        role: 'assistant',
        content: turn.text === '' ? null : turn.text,
        ...(turn.calls.length
          ? { tool_calls: turn.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}) } })) }
          : {}),
      },
    ];
  }
  return turn.results.map((r) => ({ role: 'tool', tool_call_id: r.id, content: r.content }));
}

export function openAiBody(input: ChatInput, model: string | undefined, official: boolean): { body: Record<string, unknown>; warnings: string[] } {
  const messages: Message[] = [];
  if (input.system_prompt && input.system_prompt.trim() !== '') messages.push({ role: 'system', content: input.system_prompt });
  messages.push({ role: 'user', content: input.prompt });
  for (const turn of input.turns ?? []) messages.push(...turnMessages(turn));
  const body: Record<string, unknown> = { ...(model ? { model } : {}), messages };
  const warnings: string[] = [];
  const reasoning = official && model !== undefined && isOpenAiReasoningModel(model);
  if (reasoning) {
    if (input.temperature !== 1) warnings.push(`temperature_not_supported_by_model: ${model} only takes its default temperature, so ${input.temperature} was not sent`);
  } else {
    body.temperature = input.temperature;
  }
  if (official) body.max_completion_tokens = input.max_tokens;
  else body.max_tokens = input.max_tokens;
  if (input.tools && input.tools.length > 0) {
    body.tools = input.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema } }));
    if (input.tool_choice === 'none') body.tool_choice = 'none';
  }
  return { body, warnings };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  // Some compatible servers answer with content parts: [{type: "text", text: "…"}].
  if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : typeof part?.text === 'string' ? part.text : '')).join('');
  return '';
}

function parseArguments(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? {};
  try {
    return JSON.parse(text === '' ? '{}' : text) as unknown;
  } catch {
    return text;
  }
}

export function readOpenAiAnswer(parsed: Record<string, unknown>): ParsedAnswer | undefined {
  if (!Array.isArray(parsed.choices)) return undefined;
  const first = (parsed.choices as Array<Record<string, unknown>>)[0];
  const message = (first?.message ?? {}) as Record<string, unknown>;
  const calls: ToolCall[] = (Array.isArray(message.tool_calls) ? (message.tool_calls as Array<Record<string, unknown>>) : [])
    .filter((c) => typeof (c.function as Record<string, unknown> | undefined)?.name === 'string')
    .map((c, i) => {
      const fn = c.function as Record<string, unknown>;
      return { id: typeof c.id === 'string' && c.id ? c.id : `call_${i}`, name: fn.name as string, arguments: parseArguments(fn.arguments) };
    });
  const usage = (parsed.usage ?? {}) as Record<string, unknown>;
  return {
    text: contentText(message.content).trim(),
    calls,
    model: typeof parsed.model === 'string' && parsed.model ? parsed.model : undefined,
    finish_reason: typeof first?.finish_reason === 'string' ? first.finish_reason : null,
    prompt_tokens: tokenCount(usage.prompt_tokens),
    completion_tokens: tokenCount(usage.completion_tokens),
  };
}
