// What a scripted test model decides on each request, independent of the wire format: the local OpenAI
// and Anthropic servers turn a request into a ModelTurn, ask the test's script, and answer in their own
// provider's format. Tool results are given back as the text the client sent.
export interface ModelTurn {
  model: string;
  /** The last user text. */
  prompt: string;
  system?: string;
  /** Names of the tools offered. */
  tools: string[];
  /** The client told the model not to call tools (OpenAI tool_choice "none", Anthropic {type: "none"}). */
  toolsDisabled: boolean;
  /** Tool results sent so far, oldest first. */
  toolResults: Array<{ name: string; content: string; isError?: boolean }>;
}

export type ModelReply = { text: string; finish?: 'stop' | 'length' } | { calls: Array<{ name: string; arguments: unknown }> };

export type ModelScript = (turn: ModelTurn) => ModelReply | undefined;

/** Arguments as the model sends them: an object, or raw text for a malformed call. */
export function argumentsText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
