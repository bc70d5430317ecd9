// Basic authentication (user name and password) for Relais HTTP Request.
import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';
import { credentialScopeProperties } from './shared/scope';
import { testUrlProperty } from './shared/test-url';

export class RelaisBasicAuth implements ICredentialType {
  name = 'relaisBasicAuth';

  displayName = 'Relais Basic Auth API';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = { light: 'file:../icons/relais-key.svg', dark: 'file:../icons/relais-key.dark.svg' };

  properties: INodeProperties[] = [
    {
      displayName: 'User Name',
      name: 'username',
      type: 'string',
      default: '',
      required: true,
    },
    {
      displayName: 'Password',
      name: 'password',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'Redacted from every output, as is the encoded Authorization header',
    },
    testUrlProperty('GET'),
    ...credentialScopeProperties,
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { auth: { username: '={{$credentials.username}}', password: '={{$credentials.password}}' } },
  };
}
