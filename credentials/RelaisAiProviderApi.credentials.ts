// The AI provider of Relais AI Reply: OpenAI, Anthropic, or an OpenAI-compatible server (Mistral, Groq,
// a local Ollama, llama.cpp or vLLM server…).
import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class RelaisAiProviderApi implements ICredentialType {
  name = 'relaisAiProviderApi';

  displayName = 'Relais AI Provider API';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = { light: 'file:../icons/relais-ai.svg', dark: 'file:../icons/relais-ai.dark.svg' };

  properties: INodeProperties[] = [
    {
      displayName: 'Provider',
      name: 'provider',
      type: 'options',
      options: [
        { name: 'From the Base URL', value: '' },
        { name: 'OpenAI', value: 'openai' },
        { name: 'Anthropic', value: 'anthropic' },
        { name: 'OpenAI-Compatible (Ollama, vLLM, Mistral, Groq…)', value: 'openai_compatible' },
      ],
      default: '',
      description: 'Which API the Base URL speaks; by default api.openai.com is OpenAI, api.anthropic.com is Anthropic, anything else OpenAI-compatible',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'https://api.openai.com/v1',
      required: true,
      description: 'The API root: https://api.openai.com/v1 (/chat/completions is appended), https://api.anthropic.com (/v1/messages is appended) or a compatible server',
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description: 'Sent as "Authorization: Bearer <key>"; leave empty for a local server without keys',
    },
    {
      displayName: 'Default Model',
      name: 'model',
      type: 'string',
      default: 'gpt-4o-mini',
      description: 'Used when the AI Reply node leaves its model empty',
    },
    {
      displayName: 'Allow Private Network',
      name: 'allowPrivateNetwork',
      type: 'boolean',
      default: false,
      description: 'Whether the base URL may be a private or loopback address (a model served on this machine). Only that host and port are let through.',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
  };

  test: ICredentialTestRequest = {
    request: { baseURL: '={{$credentials.baseUrl}}', url: '/models', method: 'GET' },
  };
}
