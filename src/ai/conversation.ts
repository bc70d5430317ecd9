// The provider-neutral shape of one chat request and its answer: what ai_reply and its tool loop build,
// and what each provider's wire module (openai-wire.ts, anthropic-wire.ts) translates.

export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface ToolCall {
  /** The provider's id of the call, echoed back with its result. */
  id: string;
  name: string;
  /** The arguments as parsed JSON, or the raw text when the model sent something that is not JSON. */
  arguments: unknown;
}

export interface ToolResultTurn {
  id: string;
  name: string;
  /** What the model reads: JSON text of the data, or of the error. */
  content: string;
  is_error: boolean;
}

/** What follows the first user prompt in a tool loop. */
export type ChatTurn = { role: 'assistant'; text: string; calls: ToolCall[] } | { role: 'tool_results'; results: ToolResultTurn[] };

export interface ChatInput {
  /** Empty: the provider's default (runtime.ai.model), or none at all when that is empty too. */
  model?: string;
  system_prompt?: string;
  prompt: string;
  temperature: number;
  max_tokens: number;
  tools?: ToolSpec[];
  /** "none": the model must answer in text (used once the tool-call budget is spent). */
  tool_choice?: 'auto' | 'none';
  turns?: ChatTurn[];
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatAnswer {
  text: string;
  calls: ToolCall[];
  model: string;
  usage: TokenUsage;
  /** stop | length | tool_calls | content_filter | the provider's own reason. */
  finish_reason: string | null;
  warnings: string[];
  status: number;
  duration_ms: number;
}

/** What a wire module reads from a successful response body. */
export interface ParsedAnswer {
  text: string;
  calls: ToolCall[];
  model?: string;
  finish_reason: string | null;
  prompt_tokens?: number;
  completion_tokens?: number;
}

export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
