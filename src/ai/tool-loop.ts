// The agent loop of ai_reply: ask the model; while it calls tools, run them and give it their results;
// stop when it answers in text. At most `max_tool_calls` tools run: calls past that budget are answered
// with an error result and the next request forbids tools, so the model must answer with what it has.
// The whole loop — every model request and every tool — lives under one deadline. A failing tool never
// aborts the reply: its safe message goes back to the model. Only the provider failing, or the deadline,
// ends the reply with an ai_error.
import { RelaisError } from '../errors';
import type { Runtime } from '../runtime';
import { chatCompletion, prepareChat, type PreparedChat } from './chat';
import type { ChatAnswer, ChatInput, ChatTurn, TokenUsage, ToolCall, ToolResultTurn, ToolSpec } from './conversation';
import { aiError } from './provider';

/** What one tool call gave, as the result data reports it and as the model reads it. */
export type ToolOutcome = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string; fallback: string } };

export interface LoopTool {
  spec: ToolSpec;
  /** Runs the tool with the model's arguments; must not reject (failures are outcomes). `endsAt` is the
   * loop's deadline (ms since the epoch). */
  run(args: unknown, endsAt: number): Promise<ToolOutcome>;
}

export interface ToolCallRecord {
  name: string;
  arguments: unknown;
  ok: boolean;
  data?: unknown;
  error?: { code: string; message: string; fallback: string };
}

export interface LoopResult {
  answer: ChatAnswer;
  tool_calls: ToolCallRecord[];
  usage: TokenUsage;
  /** Model requests made. */
  requests: number;
  warnings: string[];
  /** The first request (for meta.request / previews). */
  first: PreparedChat;
}

const failure = (code: string, message: string, fallback = 'I could not do that right now.'): ToolOutcome => ({ ok: false, error: { code, message, fallback } });

function addUsage(total: TokenUsage, more: TokenUsage): void {
  total.prompt_tokens += more.prompt_tokens;
  total.completion_tokens += more.completion_tokens;
  total.total_tokens += more.total_tokens;
}

/** The text the model reads for an outcome: the (pre-filtered) data, or the error's safe message and fallback line. */
export function toolResultContent(outcome: ToolOutcome): string {
  return JSON.stringify(outcome.ok ? (outcome.data ?? null) : { error: outcome.error });
}

function deadlineError(timeoutMs: number, during: string, duringFr: string): RelaisError {
  return aiError(
    `The AI reply did not finish within ${timeoutMs / 1000} s (${during}). Raise ai.timeout_ms, lower max_tool_calls, or make the tools faster (their timeout_seconds).`,
    `La réponse de l'IA n'a pas abouti en ${timeoutMs / 1000} s (${duringFr}). Augmentez ai.timeout_ms, baissez max_tool_calls ou rendez les outils plus rapides (leur timeout_seconds).`,
  );
}

export async function runToolLoop(
  runtime: Pick<Runtime, 'ai' | 'http'>,
  input: ChatInput,
  tools: LoopTool[],
  options: { max_tool_calls: number },
): Promise<LoopResult> {
  const first = prepareChat(runtime, { ...input, tools: tools.map((t) => t.spec) });
  const timeoutMs = first.request.timeout_ms;
  const endsAt = Date.now() + timeoutMs;
  const byName = new Map(tools.map((t) => [t.spec.name, t]));
  const turns: ChatTurn[] = [];
  const records: ToolCallRecord[] = [];
  const usage: TokenUsage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const warnings = new Set<string>();
  let toolsAllowed = true;
  let requests = 0;

  for (;;) {
    const remaining = endsAt - Date.now();
    if (remaining <= 0) throw deadlineError(timeoutMs, `after ${records.length} tool call${records.length === 1 ? '' : 's'}`, `après ${records.length} appel${records.length > 1 ? 's' : ''} d'outil`);
    const request: ChatInput = { ...input, tools: tools.map((t) => t.spec), tool_choice: toolsAllowed ? 'auto' : 'none', turns: [...turns] };
    let answer: ChatAnswer;
    try {
      answer = await chatCompletion(runtime, request, { timeout_ms: remaining, prepared: requests === 0 ? first : undefined });
    } catch (error) {
      if (Date.now() >= endsAt && requests > 0) throw deadlineError(timeoutMs, 'waiting for the model', 'en attendant le modèle');
      throw error;
    }
    requests++;
    addUsage(usage, answer.usage);
    for (const warning of answer.warnings) warnings.add(warning);
    if (answer.calls.length === 0) return { answer, tool_calls: records, usage, requests, warnings: [...warnings], first };
    if (!toolsAllowed) {
      throw aiError(
        `The model kept calling tools after its budget of ${options.max_tool_calls} tool calls was spent and tools were turned off; it gave no answer. Lower the number of steps the prompt asks for, or raise max_tool_calls.`,
        `Le modèle a continué d'appeler des outils une fois son budget de ${options.max_tool_calls} appels épuisé et les outils désactivés ; il n'a donné aucune réponse. Réduisez le nombre d'étapes que demande le prompt, ou augmentez max_tool_calls.`,
      );
    }

    turns.push({ role: 'assistant', text: answer.text, calls: answer.calls });
    const results: ToolResultTurn[] = [];
    for (const call of answer.calls) {
      const outcome = await runCall(call, byName, records.length, options.max_tool_calls, endsAt);
      if (Date.now() >= endsAt) throw deadlineError(timeoutMs, `while the tool "${call.name}" was running`, `pendant que l'outil "${call.name}" tournait`);
      records.push({ name: call.name, arguments: call.arguments, ok: outcome.ok, ...(outcome.ok ? { data: outcome.data } : { error: outcome.error }) });
      results.push({ id: call.id, name: call.name, content: toolResultContent(outcome), is_error: !outcome.ok });
    }
    turns.push({ role: 'tool_results', results });
    if (records.filter((r) => r.error?.code !== 'max_tool_calls').length >= options.max_tool_calls) toolsAllowed = false;
  }
}

async function runCall(call: ToolCall, tools: Map<string, LoopTool>, done: number, max: number, endsAt: number): Promise<ToolOutcome> {
  const spent = done >= max;
  if (spent) return failure('max_tool_calls', `Tool call limit reached (max_tool_calls ${max}): answer the customer with what you already have.`);
  const tool = tools.get(call.name);
  if (!tool) return failure('unknown_tool', `There is no tool named "${call.name.slice(0, 64)}"; the tools are: ${[...tools.keys()].join(', ')}.`);
  if (typeof call.arguments === 'string') return failure('invalid_arguments', 'The arguments of this tool call are not a JSON object; call the tool again with a JSON object matching its parameters.');
  if (call.arguments === null || typeof call.arguments !== 'object' || Array.isArray(call.arguments)) return failure('invalid_arguments', 'The arguments of this tool call must be a JSON object.');
  return tool.run(call.arguments, endsAt);
}
