// An API key sent as a query parameter (e.g. ?api_key=…) for Relais HTTP Request.
import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';
import { credentialScopeProperties } from './shared/scope';
import { testUrlProperty } from './shared/test-url';

export class RelaisQueryAuth implements ICredentialType {
  name = 'relaisQueryAuth';

  displayName = 'Relais Query Auth API';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = { light: 'file:../icons/relais-key.svg', dark: 'file:../icons/relais-key.dark.svg' };

  properties: INodeProperties[] = [
    {
      displayName: 'Parameter Name',
      name: 'name',
      type: 'string',
      default: 'api_key',
      required: true,
    },
    {
      displayName: 'Parameter Value',
      name: 'secretValue',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'Redacted from every output, URLs included',
    },
    testUrlProperty('GET'),
    ...credentialScopeProperties,
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { qs: { '={{$credentials.name}}': '={{$credentials.secretValue}}' } },
  };
}
