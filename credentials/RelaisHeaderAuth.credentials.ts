// An API key sent in a header of your choice (e.g. X-API-Key) for Relais HTTP Request.
import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';
import { credentialScopeProperties } from './shared/scope';
import { testUrlProperty } from './shared/test-url';

export class RelaisHeaderAuth implements ICredentialType {
  name = 'relaisHeaderAuth';

  displayName = 'Relais Header Auth API';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = { light: 'file:../icons/relais-key.svg', dark: 'file:../icons/relais-key.dark.svg' };

  properties: INodeProperties[] = [
    {
      displayName: 'Header Name',
      name: 'name',
      type: 'string',
      default: 'X-API-Key',
      required: true,
    },
    {
      displayName: 'Header Value',
      name: 'secretValue',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'Redacted from every output',
    },
    testUrlProperty('GET'),
    ...credentialScopeProperties,
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { '={{$credentials.name}}': '={{$credentials.secretValue}}' } },
  };
}
