// An API key sent in a header of your choice (e.g. X-API-Key) for Relais HTTP Request.
import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

export class RelaisHeaderAuth implements ICredentialType {
  name = 'relaisHeaderAuth';

  displayName = 'Relais Header Auth API';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = 'file:../icons/relais-key.svg';

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
    {
      displayName: 'Test URL',
      name: 'testUrl',
      type: 'string',
      default: '',
      placeholder: 'https://api.example.com/me',
      description: 'Optional. An HTTPS GET endpoint of the API that needs this authentication; the credential test calls it (through the same guard as the node: HTTPS, no private addresses, 10 s deadline)',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { '={{$credentials.name}}': '={{$credentials.secretValue}}' } },
  };
}
