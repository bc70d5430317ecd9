// `relais reply <block.json> --tools <file|dir> --ai <file>` in-process, against the strict OpenAI
// conformance server and a loopback order API: the model calls the tool, the reply and the tool call
// are printed, no secret is.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReplyCommand } from '../../../src/cli/reply';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server';

const TOKEN = 'cli-reply-token-31ab';
const AI_KEY = 'sk-cli-reply-88';
let api: Server;
let ai: OpenAiServer;
let dir: string;

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relais-reply-'));
  api = createServer((req, res) => {
    res.writeHead(req.headers.authorization === `Bearer ${TOKEN}` ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ order: req.url?.split('/').pop(), status: 'shipped' }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  ai = await startOpenAiServer({
    apiKey: AI_KEY,
    script: (turn) => (turn.toolResults.length === 0 ? { calls: [{ name: 'order-lookup', arguments: { order_id: 1001 } }] } : { text: `Statut : ${turn.toolResults[0].content}` }),
  });
});
afterAll(async () => {
  api.closeAllConnections();
  await Promise.all([new Promise((r) => api.close(r)), ai.close()]);
  rmSync(dir, { recursive: true, force: true });
});

it('runs the reply with the tools of a folder, prints the text and the tool calls, and no secret', async () => {
  const port = (api.address() as AddressInfo).port;
  mkdirSync(join(dir, 'tools'));
  writeFileSync(
    join(dir, 'tools', 'order-lookup.json'),
    JSON.stringify({ id: 'order-lookup', type: 'action', data: { label: 'Order lookup', parameters: { action_type: 'http_request', http_method: 'GET', url: `http://127.0.0.1:${port}/orders/{{order_id}}`, allow_http: 'true', credential: 'shop', variables: [{ name: 'order_id', type: 'integer', required: true }] } } }),
  );
  const reply = file('reply.json', { id: 'reply', type: 'action', data: { label: 'Reply', parameters: { action_type: 'ai_reply', prompt: '{{message}}' } } });
  const context = file('ctx.json', { variables: { message: 'where is my order 1001' } });
  const credentials = file('creds.json', { shop: { type: 'bearer', token: TOKEN } });
  const provider = file('ai.json', { provider: 'openai', base_url: ai.baseUrl, api_key: AI_KEY, model: 'gpt-5-mini', allow_http: true, allow_private_network: true });
  const { out, io } = capture();
  const code = await createReplyCommand(io).run([reply, '--tools', join(dir, 'tools'), '--context', context, '--credentials', credentials, '--ai', provider, '--allow-private-network']);
  expect(out.stderr).toBe('');
  expect(code).toBe(0);
  const printed = JSON.parse(out.stdout) as { data: { text: string; tool_calls: Array<{ name: string; ok: boolean }> } };
  expect(printed.data.tool_calls).toMatchObject([{ name: 'order-lookup', arguments: { order_id: 1001 }, ok: true, data: { order: '1001', status: 'shipped' } }]);
  expect(printed.data.text).toContain('shipped');
  expect(ai.refused).toEqual([]);
  expect(out.stdout).not.toContain(TOKEN);
  expect(out.stdout).not.toContain(AI_KEY);
});

it('says what is wrong with --tools', async () => {
  const reply = file('reply2.json', { id: 'reply', type: 'action', data: { parameters: { action_type: 'ai_reply', prompt: 'x' } } });
  const { out, io } = capture();
  expect(await createReplyCommand(io).run([reply, '--tools', join(dir, 'missing')])).toBe(1);
  expect(out.stderr).toContain('the tools path');
});
