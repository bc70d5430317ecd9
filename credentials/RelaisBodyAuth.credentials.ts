// A secret sent as a field of the JSON body (APIs that read e.g. {"api_key": …}) for Relais HTTP Request.
import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';
import { credentialScopeProperties } from './shared/scope';
import { testUrlProperty } from './shared/test-url';

export class RelaisBodyAuth implements ICredentialType {
  name = 'relaisBodyAuth';

  displayName = 'Relais Body Auth API';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = { light: 'file:../icons/relais-key.svg', dark: 'file:../icons/relais-key.dark.svg' };

  properties: INodeProperties[] = [
    {
      displayName: 'Field Name',
      name: 'name',
      type: 'string',
      default: 'api_key',
      required: true,
      description: 'The top-level JSON body field the secret is written to',
    },
    {
      displayName: 'Field Value',
      name: 'secretValue',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'Redacted from every output',
    },
    testUrlProperty('POST'),
    ...credentialScopeProperties,
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { body: { '={{$credentials.name}}': '={{$credentials.secretValue}}' } },
  };
}
