// A local server speaking the OpenAI chat-completions wire format (POST /v1/chat/completions), for the
// ai_reply tests. It checks the bearer key like the real API, records every request, and picks its
// behaviour from the requested model, so a block's `model` parameter drives each scenario:
//   (any other model) a completion echoing the prompt, with usage
//   "unauthorized"    401 with OpenAI's error body (quoting the key, worse than OpenAI does)
//   "server-error"    500 with an error body
//   "empty"           200 with an empty choice (finish_reason "length")
//   "slow"            answers only after 5 s (for deadline tests; the socket is dropped on close)
//   "not-json"        200 with an HTML page
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedChatRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: {
    model?: string;
    messages?: Array<{ role: string; content: string }>;
    temperature?: number;
    max_tokens?: number;
    [key: string]: unknown;
  };
}

export interface OpenAiServer {
  /** The base_url to configure, e.g. http://127.0.0.1:40123/v1 */
  baseUrl: string;
  /** host:port, for the runtime's allowed_hosts. */
  host: string;
  requests: RecordedChatRequest[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function completion(model: string, content: string, prompt: string): unknown {
  const promptTokens = Math.max(1, Math.ceil(prompt.length / 4));
  const completionTokens = Math.max(1, Math.ceil(content.length / 4));
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

export async function startOpenAiServer(options: { apiKey: string; defaultModel?: string }): Promise<OpenAiServer> {
  const requests: RecordedChatRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: RecordedChatRequest['body'] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, 400, { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error' } });
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(res, 404, { error: { message: `Unknown request URL: ${req.method} ${req.url}`, type: 'invalid_request_error' } });
      const model = body.model ?? options.defaultModel;
      if (!model) return send(res, 400, { error: { message: 'you must provide a model parameter', type: 'invalid_request_error' } });
      const auth = req.headers.authorization ?? '';
      if (auth !== `Bearer ${options.apiKey}` || model === 'unauthorized') {
        const given = auth.replace(/^Bearer /, '');
        return send(res, 401, { error: { message: `Incorrect API key provided: ${given}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', code: 'invalid_api_key' } });
      }
      const prompt = (body.messages ?? []).map((m) => m.content).join('\n');
      const user = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
      switch (model) {
        case 'server-error':
          return send(res, 500, { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error' } });
        case 'empty':
          return send(res, 200, { ...(completion(model, 'x', prompt) as object), choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'length' }] });
        case 'not-json':
          return send(res, 200, '<html><body>Welcome to nginx!</body></html>', 'text/html');
        case 'slow': {
          const timer = setTimeout(() => send(res, 200, completion(model, 'Trop tard.', prompt)), 5000);
          res.on('close', () => clearTimeout(timer));
          return;
        }
        default:
          return send(res, 200, completion(model, `Bonjour ! Réponse à : ${user}`, prompt));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
