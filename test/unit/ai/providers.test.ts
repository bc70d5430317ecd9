// Each provider's request against a local server that validates it the way the real API does:
// test/support/openai-server.ts (OpenAI's published schema from openai/openai-openapi + the model-family
// refusals with OpenAI's real error bodies) and test/support/anthropic-server.ts (the Messages API as the
// official TypeScript SDK types describe it).
import { chatCompletion, prepareChat } from '../../../src/ai/chat';
import { isOpenAiReasoningModel } from '../../../src/ai/model-family';
import { inferProvider } from '../../../src/ai/provider';
import { createRuntime, type AiOptions, type Runtime } from '../../../src/runtime';
import { startAnthropicServer, type AnthropicServer } from '../../support/anthropic-server';
import { isReasoningModel, startOpenAiServer, type OpenAiServer } from '../../support/openai-server';
import { relaisRejection } from '../../support/rejection';

const KEY = 'sk-conformance-77aa11';
let openai: OpenAiServer;
let anthropic: AnthropicServer;
const runtimes: Runtime[] = [];

function runtimeWith(ai: AiOptions): Runtime {
  const runtime = createRuntime({ ai: { api_key: KEY, allow_http: true, allow_private_network: true, ...ai } });
  runtimes.push(runtime);
  return runtime;
}

const input = { prompt: 'Où en est ma commande ?', system_prompt: 'Tu réponds en une phrase.', temperature: 0.4, max_tokens: 240 };

beforeAll(async () => {
  [openai, anthropic] = await Promise.all([startOpenAiServer({ apiKey: KEY }), startAnthropicServer({ apiKey: KEY })]);
});
afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  await Promise.all([openai.close(), anthropic.close()]);
});
beforeEach(() => {
  openai.requests.length = 0;
  openai.refused.length = 0;
  anthropic.requests.length = 0;
  anthropic.refused.length = 0;
});

describe('model families', () => {
  it('knows the o-series and gpt-5 and later as reasoning models, gpt-4o, gpt-4.1 and gpt-5-chat as not', () => {
    for (const model of ['o1', 'o3-mini', 'o4-mini-2025-04-16', 'gpt-5', 'gpt-5-mini', 'gpt-5.1', 'gpt-5.4-nano', 'gpt-6']) expect(isOpenAiReasoningModel(model)).toBe(true);
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-5-chat-latest', 'gpt-3.5-turbo', 'llama3.1', 'mistral-large-latest']) expect(isOpenAiReasoningModel(model)).toBe(false);
    // The conformance server judges the same way (written separately, from the same published rule).
    for (const model of ['o3', 'gpt-5-mini', 'gpt-4o', 'gpt-5-chat-latest']) expect(isReasoningModel(model)).toBe(isOpenAiReasoningModel(model));
  });

  it('infers the provider from base_url', () => {
    expect(inferProvider(new URL('https://api.openai.com/v1'))).toBe('openai');
    expect(inferProvider(new URL('https://api.anthropic.com'))).toBe('anthropic');
    expect(inferProvider(new URL('http://127.0.0.1:11434/v1'))).toBe('openai_compatible');
    expect(inferProvider(new URL('https://api.mistral.ai/v1'))).toBe('openai_compatible');
    const toAnthropic = prepareChat({ ai: { base_url: 'https://api.anthropic.com', api_key: KEY, model: 'claude-sonnet-4-5' } }, input);
    expect(toAnthropic.request.url).toBe('https://api.anthropic.com/v1/messages');
    expect(toAnthropic.request.headers).toMatchObject({ 'x-api-key': KEY, 'anthropic-version': '2023-06-01' });
    expect(toAnthropic.request.headers?.authorization).toBeUndefined();
    expect(prepareChat({ ai: { provider: 'openai', base_url: '', api_key: KEY, model: 'gpt-5' } }, input).request.url).toBe('https://api.openai.com/v1/chat/completions');
  });
});

describe('openai', () => {
  it.each(['gpt-5-mini', 'o3-mini', 'gpt-5.1'])('%s gets max_completion_tokens and no temperature; the strict server accepts it', async (model) => {
    const answer = await chatCompletion(runtimeWith({ provider: 'openai', base_url: openai.baseUrl, model }), input);
    expect(openai.refused).toEqual([]);
    const body = openai.requests[0].body;
    expect(body.max_completion_tokens).toBe(240);
    expect(body).not.toHaveProperty('max_tokens');
    expect(body).not.toHaveProperty('temperature');
    expect(body.messages?.[0]).toEqual({ role: 'system', content: 'Tu réponds en une phrase.' });
    expect(answer.text).toContain('Où en est ma commande ?');
    expect(answer.warnings.join()).toMatch(/temperature_not_supported_by_model: .* only takes its default temperature, so 0.4 was not sent/);
  });

  it('gpt-4o keeps its temperature and also gets max_completion_tokens (max_tokens is deprecated in the schema)', async () => {
    await chatCompletion(runtimeWith({ provider: 'openai', base_url: openai.baseUrl, model: 'gpt-4o-mini' }), input);
    expect(openai.refused).toEqual([]);
    expect(openai.requests[0].body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.4, max_completion_tokens: 240 });
    expect(openai.requests[0].body).not.toHaveProperty('max_tokens');
  });

  it("a compatible server gets the classic fields; pointed at a gpt-5 model the strict server refuses them with OpenAI's own 400, quoted in a clear ai_error", async () => {
    const ok = await chatCompletion(runtimeWith({ base_url: openai.baseUrl, model: 'llama3.1' }), input);
    expect(ok.text).not.toBe('');
    expect(openai.requests[0].body).toMatchObject({ max_tokens: 240, temperature: 0.4 });
    expect(openai.requests[0].body).not.toHaveProperty('max_completion_tokens');

    const error = await relaisRejection(chatCompletion(runtimeWith({ base_url: openai.baseUrl, model: 'gpt-5' }), input));
    expect(error.code).toBe('ai_error');
    expect(error.status).toBe(400);
    expect(error.message).toContain("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.");
    expect(error.message).toContain('set ai.provider to "openai"');
    expect(openai.refused[0].error).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: 'max_tokens', code: 'unsupported_parameter' } });
  });

  it('the conformance server refuses what the published schema refuses (it can fail a client)', async () => {
    const response = await fetch(`${openai.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], temperature: 3, max_output_tokens: 5 }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('Unrecognized request argument supplied: max_output_tokens');
    const second = await fetch(`${openai.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], temperature: 3 }),
    });
    expect(second.status).toBe(400);
    expect(((await second.json()) as { error: { message: string } }).error.message).toMatch(/temperature must be <= 2/);
  });
});

describe('anthropic', () => {
  it('sends a valid Messages call: x-api-key and anthropic-version, top-level system, max_tokens, temperature', async () => {
    const answer = await chatCompletion(runtimeWith({ provider: 'anthropic', base_url: anthropic.baseUrl, model: 'claude-sonnet-4-5' }), input);
    expect(anthropic.refused).toEqual([]);
    const sent = anthropic.requests[0];
    expect(sent.url).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(KEY);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({ model: 'claude-sonnet-4-5', max_tokens: 240, system: 'Tu réponds en une phrase.', messages: [{ role: 'user', content: 'Où en est ma commande ?' }], temperature: 0.4 });
    expect(answer).toMatchObject({ text: 'Bonjour ! Réponse à : Où en est ma commande ?', model: 'claude-sonnet-4-5', finish_reason: 'stop' });
    expect(answer.usage.prompt_tokens).toBeGreaterThan(0);
    expect(answer.usage.total_tokens).toBe(answer.usage.prompt_tokens + answer.usage.completion_tokens);
  });

  it('needs a model, and reports the API\'s own error bodies', async () => {
    const noModel = await relaisRejection(chatCompletion(runtimeWith({ provider: 'anthropic', base_url: anthropic.baseUrl }), input));
    expect(noModel.message).toMatch(/Anthropic needs a model name/);
    expect(anthropic.requests).toHaveLength(0);

    const overloaded = await relaisRejection(chatCompletion(runtimeWith({ provider: 'anthropic', base_url: anthropic.baseUrl, model: 'overloaded' }), input));
    expect(overloaded).toMatchObject({ code: 'ai_error', status: 529 });
    expect(overloaded.message).toMatch(/The service said: "Overloaded".*overloaded; try again later/);

    const badKey = await relaisRejection(chatCompletion(runtimeWith({ provider: 'anthropic', base_url: anthropic.baseUrl, model: 'claude-haiku-4-5', api_key: 'sk-ant-wrong-123456' }), input));
    expect(badKey.status).toBe(401);
    expect(badKey.message).toContain('invalid x-api-key');
    expect(badKey.message).toContain('Check ai.api_key');
    expect(JSON.stringify(badKey)).not.toContain('sk-ant-wrong-123456');
  });

  it('the conformance server refuses an invalid Messages call with the API wording', async () => {
    const response = await fetch(`${anthropic.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
  });
});
