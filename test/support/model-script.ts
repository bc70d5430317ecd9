// What a scripted test model decides on each request, independent of the wire format: the local OpenAI
// and Anthropic servers turn a request into a ModelTurn, ask the test's script, and answer in their own
// provider's format. Tool results are given back as the text the client sent.
import type { IncomingMessage, ServerResponse } from 'node:http';

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

/** What both model servers give a test: where to point the client, and what they saw. */
export interface ModelServer<R> {
  /** The base_url to configure (OpenAI: …/v1; Anthropic: the root, the client adds /v1/messages). */
  baseUrl: string;
  /** host:port, for the runtime's allowed_hosts. */
  host: string;
  requests: R[];
  /** Requests refused as invalid (400), with the error body sent. */
  refused: Array<{ body: unknown; error: unknown }>;
  close(): Promise<void>;
}

/** Reads a request's whole body as text, then calls `handle` with it. */
export function withBody(req: IncomingMessage, handle: (raw: string) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => handle(Buffer.concat(chunks).toString('utf8')));
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}
