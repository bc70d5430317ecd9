// An OpenAI-compatible chat completions provider for Relais AI Reply (OpenAI, Mistral, Groq, a local
// llama.cpp or vLLM server…).
import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class RelaisAiProviderApi implements ICredentialType {
  name = 'relaisAiProviderApi';

  displayName = 'Relais AI Provider API';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = { light: 'file:../icons/relais-ai.svg', dark: 'file:../icons/relais-ai.dark.svg' };

  properties: INodeProperties[] = [
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'https://api.openai.com/v1',
      required: true,
      description: 'The OpenAI-compatible API root; /chat/completions is appended',
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
