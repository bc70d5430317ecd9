// Relais AI Reply run through a fake n8n context against the local OpenAI-compatible server
// (test/support/openai-server.ts): the AI Provider credential's URL, key and default model are used,
// the local server is reached only through the credential's opt-in, and the key never shows.
import type { IDataObject } from 'n8n-workflow';
import { RelaisAiReply } from '../../../nodes/n8n/RelaisAiReply/RelaisAiReply.node';
import { executeContext } from '../../support/n8n-context';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server';

const KEY = 'sk-test-relais-0123456789';
let ai: OpenAiServer;
beforeAll(async () => {
  ai = await startOpenAiServer({ apiKey: KEY, defaultModel: 'relais-test-model' });
});
afterAll(async () => {
  await ai.close();
});

const node = new RelaisAiReply();
const provider = (overrides: IDataObject = {}) => ({ relaisAiProviderApi: { baseUrl: ai.baseUrl, apiKey: KEY, model: 'relais-test-model', allowPrivateNetwork: true, ...overrides } });

describe('Relais AI Reply execute()', () => {
  it('asks the provider with the rendered prompt, the default model and the temperature, per item', async () => {
    ai.requests.length = 0;
    const { context } = executeContext({
      parameters: { body_source: 'ai', prompt: 'Write a short thank-you to {{contact.first_name}}', temperature: 0.2, max_output_tokens: 50 },
      credentials: provider(),
      items: [{ json: { contact: { first_name: 'Ana' } } }, { json: { contact: { first_name: 'Bob' } } }],
    });
    const [output] = await node.execute.call(context);
    expect(output).toHaveLength(2);
    expect(ai.requests).toHaveLength(2);
    expect(ai.requests[0].body.model).toBe('relais-test-model');
    expect(ai.requests[0].body.temperature).toBe(0.2);
    expect(JSON.stringify(ai.requests[0].body.messages)).toContain('Ana');
    expect(JSON.stringify(ai.requests[1].body.messages)).toContain('Bob');
    expect(ai.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.stringify(output)).not.toContain(KEY);
    expect(output[1].pairedItem).toEqual({ item: 1 });
  });

  it('renders a template without calling the provider', async () => {
    ai.requests.length = 0;
    const { context } = executeContext({ parameters: { body_source: 'template', template: 'Bonjour {{contact.first_name}} !' }, items: [{ json: { contact: { first_name: 'Ana' } } }] });
    const [output] = await node.execute.call(context);
    expect(JSON.stringify(output[0].json.data)).toContain('Bonjour Ana !');
    expect(ai.requests).toHaveLength(0);
  });

  it('turns a refused key into ai_error with status 401, without the key', async () => {
    const { context } = executeContext({ parameters: { body_source: 'ai', prompt: 'hi' }, credentials: provider({ apiKey: 'sk-wrong-key-987654321' }), continueOnFail: true });
    const [output] = await node.execute.call(context);
    const error = output[0].json.error as IDataObject;
    expect(error.code).toBe('ai_error');
    expect(error.status).toBe(401);
    expect(JSON.stringify(output)).not.toContain('sk-wrong-key-987654321');
  });

  it('does not reach a loopback provider unless the credential allows the private network', async () => {
    ai.requests.length = 0;
    const { context } = executeContext({ parameters: { body_source: 'ai', prompt: 'hi' }, credentials: provider({ allowPrivateNetwork: false }), continueOnFail: true });
    const [output] = await node.execute.call(context);
    expect((output[0].json.error as IDataObject).code).toBe('ai_error');
    expect(ai.requests).toHaveLength(0);
  });
});
