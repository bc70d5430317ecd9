// Several headers at once (e.g. a client ID and an API key) for Relais HTTP Request.
import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';
import { credentialScopeProperties } from './shared/scope';
import { testUrlProperty } from './shared/test-url';

export class RelaisHeadersAuth implements ICredentialType {
  name = 'relaisHeadersAuth';

  displayName = 'Relais Headers Auth API';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = { light: 'file:../icons/relais-key.svg', dark: 'file:../icons/relais-key.dark.svg' };

  properties: INodeProperties[] = [
    {
      displayName: 'Headers (JSON)',
      name: 'secretHeaders',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      placeholder: '{"X-Client-Id": "…", "X-Api-Key": "…"}',
      description: 'A JSON object of header names and values; every value is redacted from every output',
    },
    testUrlProperty('GET'),
    ...credentialScopeProperties,
  ];
}
