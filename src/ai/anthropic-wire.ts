// Anthropic's Messages API wire format (POST /v1/messages; types in github.com/anthropics/
// anthropic-sdk-typescript src/resources/messages/messages.ts): `model` and `max_tokens` are required,
// the system prompt is the top-level `system`, tools are {name, description, input_schema}, a tool call
// is an assistant `tool_use` block and its result a user `tool_result` block, usage is
// input_tokens / output_tokens.
import type { ChatInput, ChatTurn, ParsedAnswer, ToolCall } from './conversation';
import { tokenCount } from './conversation';
import { aiError } from './provider';

const FINISH: Record<string, string> = { end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', tool_use: 'tool_calls', refusal: 'content_filter' };

function turnMessage(turn: ChatTurn): Record<string, unknown> {
  if (turn.role === 'assistant') {
    const content: Array<Record<string, unknown>> = [];
    // The API refuses empty text blocks.
    if (turn.text !== '') content.push({ type: 'text', text: turn.text });
    for (const call of turn.calls) content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments !== null && typeof call.arguments === 'object' && !Array.isArray(call.arguments) ? call.arguments : {} });
    return { role: 'assistant', content };
  }
  return { role: 'user', content: turn.results.map((r) => ({ type: 'tool_result', tool_use_id: r.id, content: r.content, ...(r.is_error ? { is_error: true } : {}) })) };
}

export function anthropicBody(input: ChatInput, model: string | undefined): { body: Record<string, unknown>; warnings: string[] } {
  if (!model) throw aiError("Anthropic needs a model name: set the block's model or the AI provider's default model (e.g. claude-sonnet-4-5).", "Anthropic a besoin d'un nom de modèle : renseignez le modèle du bloc ou le modèle par défaut du fournisseur d'IA (par ex. claude-sonnet-4-5).");
  const body: Record<string, unknown> = { model, max_tokens: input.max_tokens };
  if (input.system_prompt && input.system_prompt.trim() !== '') body.system = input.system_prompt;
  body.messages = [{ role: 'user', content: input.prompt }, ...(input.turns ?? []).map(turnMessage)];
  body.temperature = input.temperature;
  if (input.tools && input.tools.length > 0) {
    body.tools = input.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema }));
    if (input.tool_choice === 'none') body.tool_choice = { type: 'none' };
  }
  return { body, warnings: [] };
}

export function readAnthropicAnswer(parsed: Record<string, unknown>): ParsedAnswer | undefined {
  if (!Array.isArray(parsed.content)) return undefined;
  const blocks = parsed.content as Array<Record<string, unknown>>;
  const calls: ToolCall[] = blocks
    .filter((b) => b.type === 'tool_use' && typeof b.name === 'string')
    .map((b, i) => ({ id: typeof b.id === 'string' ? b.id : `toolu_${i}`, name: b.name as string, arguments: b.input ?? {} }));
  const usage = (parsed.usage ?? {}) as Record<string, unknown>;
  const stop = typeof parsed.stop_reason === 'string' ? parsed.stop_reason : null;
  return {
    text: blocks
      .filter((b) => b.type === 'text' && typeof b.text === 'string')
      .map((b) => b.text as string)
      .join('')
      .trim(),
    calls,
    model: typeof parsed.model === 'string' && parsed.model ? parsed.model : undefined,
    finish_reason: stop === null ? null : (FINISH[stop] ?? stop),
    prompt_tokens: tokenCount(usage.input_tokens),
    completion_tokens: tokenCount(usage.output_tokens),
  };
}
