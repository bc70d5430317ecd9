// A secret sent as a field of the JSON body (APIs that read e.g. {"api_key": …}) for Relais HTTP Request.
import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

export class RelaisBodyAuth implements ICredentialType {
  name = 'relaisBodyAuth';

  displayName = 'Relais Body Auth API';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = 'file:../icons/relais-key.svg';

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
    {
      displayName: 'Test URL',
      name: 'testUrl',
      type: 'string',
      default: '',
      placeholder: 'https://api.example.com/me',
      description: 'Optional. An HTTPS endpoint of the API that needs this authentication; the credential test POSTs {"<field>": <value>} to it (through the same guard as the node: HTTPS, no private addresses, 10 s deadline)',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { body: { '={{$credentials.name}}': '={{$credentials.secretValue}}' } },
  };
}
