// A model server for n8n's AI Agent: speaks OpenAI chat completions (plain and streamed), and plays a
// fixed two-turn script so a real n8n agent calls a real Relais tool. Turn 1 (no tool result yet): call
// the first tool offered with `arguments`. Turn 2: answer with the tool's result quoted. Every request
// body is recorded, so tests can read the tool schema n8n sent to the model.
import type { ServerResponse } from 'node:http';
import { listen } from '../../support/emulator-rig';

export interface ToolCallingModel {
  /** Base URL for an OpenAI credential, e.g. http://127.0.0.1:4000/v1 */
  baseUrl: string;
  requests: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

interface ChatMessage {
  role: string;
  content?: unknown;
}

type Delta = { content: string } | { tool_calls: Array<{ index: number; id: string; type: 'function'; function: { name: string; arguments: string } }> };

function reply(res: ServerResponse, stream: boolean, model: string, delta: Delta, finish: 'stop' | 'tool_calls'): void {
  const base = { id: 'chatcmpl-relais-e2e', created: Math.floor(Date.now() / 1000), model };
  if (!stream) {
    const message = 'content' in delta ? { role: 'assistant', content: delta.content } : { role: 'assistant', content: null, tool_calls: delta.tool_calls.map(({ index: _index, ...call }) => call) };
    const body = JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish }], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (choice: unknown) => res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice] })}\n\n`);
  chunk({ index: 0, delta: { role: 'assistant', ...delta }, finish_reason: null });
  chunk({ index: 0, delta: {}, finish_reason: finish });
  res.end('data: [DONE]\n\n');
}

export async function startToolCallingModel(options: { apiKey: string; arguments: Record<string, unknown> }): Promise<ToolCallingModel> {
  const requests: Array<Record<string, unknown>> = [];
  const server = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }));
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        res.writeHead(400).end();
        return;
      }
      requests.push(body);
      const messages = (body.messages ?? []) as ChatMessage[];
      const tools = (body.tools ?? []) as Array<{ function: { name: string } }>;
      const stream = body.stream === true;
      const model = String(body.model ?? 'relais-tool-model');
      const toolResult = messages.find((m) => m.role === 'tool');
      if (toolResult) {
        const content = typeof toolResult.content === 'string' ? toolResult.content : JSON.stringify(toolResult.content);
        reply(res, stream, model, { content: `According to the shop: ${content}` }, 'stop');
      } else if (tools.length > 0) {
        const call = { index: 0, id: 'call_relais_1', type: 'function' as const, function: { name: tools[0].function.name, arguments: JSON.stringify(options.arguments) } };
        reply(res, stream, model, { tool_calls: [call] }, 'tool_calls');
      } else {
        reply(res, stream, model, { content: 'No tool was offered.' }, 'stop');
      }
    });
  });
  return { baseUrl: `${server.url}/v1`, requests, close: () => server.close() };
}
