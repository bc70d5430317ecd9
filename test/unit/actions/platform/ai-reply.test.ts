// ai_reply through executeBlock: body_source ai against a local OpenAI-compatible server (real
// transport), template and statique without any call.
import { executeBlock, previewBlock } from '../../../../src/actions';
import type { Context } from '../../../../src/context';
import { RelaisError } from '../../../../src/errors';
import { createRuntime, type AiOptions, type Runtime } from '../../../../src/runtime';
import { startOpenAiServer, type OpenAiServer } from '../../../support/openai-server';
import { fixture } from './suite';

const API_KEY = 'sk-relais-test-4242abcd';
let server: OpenAiServer;
let runtime: Runtime;

function runtimeWith(ai: Partial<AiOptions> = {}): Runtime {
  return createRuntime({ ai: { base_url: server.baseUrl, api_key: API_KEY, model: 'gpt-default', allow_http: true, allow_private_network: true, ...ai } });
}

const context: Context = {
  contact: { first_name: 'Jeanne', last_name: 'Martin', email: 'jeanne@example.com' },
  medium: 'whatsapp',
  variables: { message: 'Bonjour, où en est ma commande ?', order: 'ORD-12' },
};

function block(parameters: Record<string, unknown>): Record<string, unknown> {
  return { id: 'ai-reply', type: 'action', data: { label: 'Réponse', parameters: { action_type: 'ai_reply', ...parameters } } };
}

beforeEach(async () => {
  server = await startOpenAiServer({ apiKey: API_KEY });
  runtime = runtimeWith();
});
afterEach(async () => {
  await runtime.close();
  await server.close();
});

describe('ai_reply with body_source ai', () => {
  it('runs the seed 001 block: the incoming message as prompt, the provider default model, 0.4 and 240 tokens', async () => {
    const result = await executeBlock(fixture('seed001-ai-reply'), context, runtime);
    expect(result.data).toMatchObject({ text: 'Bonjour ! Réponse à : Bonjour, où en est ma commande ?', model: 'gpt-default', source: 'ai' });
    const usage = (result.data as { usage: Record<string, number> }).usage;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(server.requests[0].body).toEqual({ model: 'gpt-default', messages: [{ role: 'user', content: 'Bonjour, où en est ma commande ?' }], temperature: 0.4, max_tokens: 240 });
    expect(result.meta).toMatchObject({ action_type: 'ai_reply', status: 200, truncated: false });
    expect(result.meta.request?.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(result)).not.toContain(API_KEY);
  });

  it('templates prompt and system_prompt, and passes model, temperature and max_output_tokens', async () => {
    await executeBlock(
      block({ prompt: 'Relance {{contact.first_name}} pour {{order}}.', system_prompt: 'Canal : {{medium}}.', model: 'gpt-block', temperature: '0.9', max_output_tokens: '500' }),
      context,
      runtime,
    );
    expect(server.requests[0].body).toEqual({
      model: 'gpt-block',
      messages: [
        { role: 'system', content: 'Canal : whatsapp.' },
        { role: 'user', content: 'Relance Jeanne pour ORD-12.' },
      ],
      temperature: 0.9,
      max_tokens: 500,
    });
  });

  it.each([
    ['unauthorized', 401, /Incorrect API key provided/],
    ['server-error', 500, /The server had an error/],
    ['empty', 200, /empty answer/],
  ])('turns the provider answer %s into ai_error', async (model, status, message) => {
    const error = await executeBlock(block({ model, prompt: 'x' }), context, runtime).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelaisError);
    expect(error).toMatchObject({ code: 'ai_error', status, message: expect.stringMatching(message) });
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it('turns a slow answer into ai_error at the deadline', async () => {
    await runtime.close();
    runtime = runtimeWith({ timeout_ms: 250 });
    const started = Date.now();
    await expect(executeBlock(block({ model: 'slow', prompt: 'x' }), context, runtime)).rejects.toMatchObject({ code: 'ai_error', message: expect.stringMatching(/did not answer within 0\.25 s/) });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses an out-of-range temperature and an empty prompt before calling', async () => {
    await expect(executeBlock(block({ temperature: '1.5', prompt: 'x' }), context, runtime)).rejects.toMatchObject({ code: 'invalid_block' });
    await expect(executeBlock(block({ prompt: '' }), { contact: context.contact }, runtime)).rejects.toMatchObject({ code: 'invalid_block', message: expect.stringMatching(/data\.parameters\.prompt/) });
    expect(server.requests).toHaveLength(0);
  });

  it('previews the request with the key redacted and sends nothing', async () => {
    const preview = await previewBlock(block({ prompt: 'Relance {{contact.first_name}}' }), context, runtime);
    expect(preview.request).toMatchObject({ method: 'POST', url: `${server.baseUrl}/chat/completions`, headers: { authorization: '[redacted]' } });
    expect(preview.request?.body).toMatchObject({ messages: [{ role: 'user', content: 'Relance Jeanne' }] });
    expect(JSON.stringify(preview)).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(0);
  });
});

describe('ai_reply with body_source template or statique', () => {
  it('renders the template with the context, without any AI call', async () => {
    const result = await executeBlock(block({ body_source: 'template', template: 'Bonjour {{contact.first_name}}, votre commande {{order}} est en route.' }), context, runtime);
    expect(result.data).toEqual({ text: 'Bonjour Jeanne, votre commande ORD-12 est en route.', model: null, usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, source: 'template' });
    expect(server.requests).toHaveLength(0);
  });

  it('returns the fixed text as written (placeholders included), without any AI call', async () => {
    const result = await executeBlock(block({ body_source: 'statique', text: 'Merci, à bientôt {{pas un modèle}}' }), context, runtime);
    expect(result.data).toMatchObject({ text: 'Merci, à bientôt {{pas un modèle}}', source: 'statique' });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an empty template or text, and an unknown placeholder', async () => {
    await expect(executeBlock(block({ body_source: 'template', template: '' }), context, runtime)).rejects.toMatchObject({ code: 'invalid_block', message: expect.stringMatching(/template is empty/) });
    await expect(executeBlock(block({ body_source: 'statique' }), context, runtime)).rejects.toMatchObject({ code: 'invalid_block', message: expect.stringMatching(/text is empty/) });
    await expect(executeBlock(block({ body_source: 'template', template: 'Bonjour {{prenom}}' }), context, runtime)).rejects.toMatchObject({ code: 'invalid_block', message: expect.stringMatching(/prenom/) });
  });

  it('works without any AI provider configured', async () => {
    const bare = createRuntime();
    try {
      const result = await executeBlock(block({ body_source: 'statique', text: 'Merci !' }), context, bare);
      expect(result.data).toMatchObject({ text: 'Merci !' });
      await expect(executeBlock(block({ prompt: 'x' }), context, bare)).rejects.toMatchObject({ code: 'ai_error', message: expect.stringMatching(/No AI provider is configured/) });
    } finally {
      await bare.close();
    }
  });
});
