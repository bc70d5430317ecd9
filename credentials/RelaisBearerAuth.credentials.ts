// Bearer token for Relais HTTP Request (seed 002's Authentication tab: "Bearer token").
import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';
import { credentialScopeProperties } from './shared/scope';
import { testUrlProperty } from './shared/test-url';

export class RelaisBearerAuth implements ICredentialType {
  name = 'relaisBearerAuth';

  displayName = 'Relais Bearer Auth API';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = { light: 'file:../icons/relais-key.svg', dark: 'file:../icons/relais-key.dark.svg' };

  properties: INodeProperties[] = [
    {
      displayName: 'Token',
      name: 'token',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'Sent as "Authorization: Bearer <token>"; redacted from every output',
    },
    testUrlProperty('GET'),
    ...credentialScopeProperties,
  ];

  // Lets n8n's own nodes use this credential too; Relais nodes apply it through the core.
  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } },
  };
}
