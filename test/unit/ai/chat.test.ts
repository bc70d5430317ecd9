// The OpenAI-compatible client against a local server speaking the chat-completions wire format
// (test/support/openai-server.ts), through the real transport.
import { chatCompletion, prepareChat, redactedChatRequest } from '../../../src/ai/chat';
import { RelaisError } from '../../../src/errors';
import { createRuntime, type AiOptions, type Runtime } from '../../../src/runtime';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server';

const API_KEY = 'sk-test-51HxQa9ZzLr0';
let server: OpenAiServer;
const runtimes: Runtime[] = [];

function runtimeWith(ai: Partial<AiOptions> = {}): Runtime {
  const runtime = createRuntime({ ai: { base_url: server.baseUrl, api_key: API_KEY, model: 'gpt-test-mini', allow_http: true, allow_private_network: true, ...ai } });
  runtimes.push(runtime);
  return runtime;
}

async function aiFailure(promise: Promise<unknown>): Promise<RelaisError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RelaisError);
  expect((error as RelaisError).code).toBe('ai_error');
  expect(JSON.stringify(error)).not.toContain(API_KEY);
  expect((error as Error).message).not.toContain(API_KEY);
  return error as RelaisError;
}

const input = { prompt: 'Écris une relance pour Jeanne.', system_prompt: 'Tu es poli.', temperature: 0.4, max_tokens: 240 };

beforeEach(async () => {
  server = await startOpenAiServer({ apiKey: API_KEY });
});
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.close()));
  await server.close();
});

describe('chatCompletion', () => {
  it('sends an OpenAI chat completion and returns the text, the model and the usage', async () => {
    const answer = await chatCompletion(runtimeWith(), input);
    expect(answer).toMatchObject({ text: 'Bonjour ! Réponse à : Écris une relance pour Jeanne.', model: 'gpt-test-mini', finish_reason: 'stop', status: 200, warnings: [] });
    expect(answer.usage.prompt_tokens).toBeGreaterThan(0);
    expect(answer.usage.total_tokens).toBe(answer.usage.prompt_tokens + answer.usage.completion_tokens);
    const [sent] = server.requests;
    expect(sent).toMatchObject({ method: 'POST', url: '/v1/chat/completions' });
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body).toEqual({
      model: 'gpt-test-mini',
      messages: [
        { role: 'system', content: 'Tu es poli.' },
        { role: 'user', content: 'Écris une relance pour Jeanne.' },
      ],
      temperature: 0.4,
      max_tokens: 240,
    });
  });

  it("uses the block's model over the provider's default, and omits model when neither is set", async () => {
    await chatCompletion(runtimeWith(), { ...input, model: 'gpt-block' });
    expect(server.requests[0].body.model).toBe('gpt-block');
    const prepared = prepareChat(runtimeWith({ model: undefined }), input);
    expect(prepared.body).not.toHaveProperty('model');
  });

  it('turns a 401 into ai_error with the provider message and the key redacted', async () => {
    const error = await aiFailure(chatCompletion(runtimeWith({ api_key: 'sk-wrong-key-998877' }), input));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/HTTP 401/);
    expect(error.message).toMatch(/Incorrect API key provided/);
    expect(error.message).toMatch(/Check ai\.api_key/);
    expect(JSON.stringify(error)).not.toContain('sk-wrong-key-998877');
    expect(error.message).toContain('[redacted]');
  });

  it('turns a 500 into ai_error with the provider message', async () => {
    const error = await aiFailure(chatCompletion(runtimeWith(), { ...input, model: 'server-error' }));
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/The server had an error/);
  });

  it('turns an empty choice into ai_error suggesting a higher max_output_tokens', async () => {
    const error = await aiFailure(chatCompletion(runtimeWith(), { ...input, model: 'empty' }));
    expect(error.message).toMatch(/empty answer \(finish_reason length\)/);
    expect(error.message).toMatch(/max_output_tokens/);
  });

  it('turns a non-JSON answer into ai_error naming base_url', async () => {
    const error = await aiFailure(chatCompletion(runtimeWith(), { ...input, model: 'not-json' }));
    expect(error.message).toMatch(/not JSON; check ai\.base_url/);
  });

  it('gives up at the deadline on a slow provider', async () => {
    const started = Date.now();
    const error = await aiFailure(chatCompletion(runtimeWith({ timeout_ms: 300 }), { ...input, model: 'slow' }));
    const elapsed = Date.now() - started;
    expect(error.message).toMatch(/did not answer within 0\.3 s/);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
  });

  it('refuses a loopback provider without the opt-in, and a missing provider', async () => {
    const error = await aiFailure(chatCompletion(runtimeWith({ allow_private_network: false }), input));
    expect(error.message).toMatch(/allow_private_network/);
    expect(server.requests).toHaveLength(0);
    const none = createRuntime();
    runtimes.push(none);
    await aiFailure(chatCompletion(none, input));
  });

  it('redacts the key from the previewed request', () => {
    const request = redactedChatRequest(prepareChat(runtimeWith(), input));
    expect(request.url).toBe(`${server.baseUrl}/chat/completions`);
    expect(request.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(request)).not.toContain(API_KEY);
  });
});
