// Where the contacts, tags and tasks of Relais Sales Task, CRM Upsert and Tag Contact live: the
// embedded SQLite file (default, inside n8n's data folder), PostgreSQL, or any REST CRM over HTTP.
import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

export class RelaisContactStore implements ICredentialType {
  name = 'relaisContactStore';

  displayName = 'Relais Contact Store';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = { light: 'file:../icons/relais-store.svg', dark: 'file:../icons/relais-store.dark.svg' };

  properties: INodeProperties[] = [
    {
      displayName: 'Backend',
      name: 'backend',
      type: 'options',
      default: 'sqlite',
      options: [
        { name: 'SQLite (Embedded File)', value: 'sqlite' },
        { name: 'PostgreSQL', value: 'postgres' },
        { name: 'HTTP (Any REST CRM)', value: 'http' },
      ],
    },
    {
      displayName: 'File Path',
      name: 'path',
      type: 'string',
      default: '',
      placeholder: '/home/node/.n8n/relais/contacts.sqlite',
      description: 'Empty: relais/contacts.sqlite inside n8n\'s data folder ($N8N_USER_FOLDER/.n8n or ~/.n8n)',
      displayOptions: { show: { backend: ['sqlite'] } },
    },
    {
      displayName: 'Connection String',
      name: 'connectionSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      placeholder: 'postgres://user:password@db:5432/relais',
      description: 'Holds the database password, so it is stored and shown as a secret',
      displayOptions: { show: { backend: ['postgres'] } },
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: '',
      placeholder: 'https://crm.example.com/api',
      displayOptions: { show: { backend: ['http'] } },
    },
    {
      displayName: 'API Token',
      name: 'apiToken',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description: 'Optional. Sent as "Authorization: Bearer <token>" to the CRM',
      displayOptions: { show: { backend: ['http'] } },
    },
    {
      displayName: 'HTTP Options (JSON)',
      name: 'httpOptions',
      type: 'json',
      default: '{}',
      description: 'Optional. operations, contact_fields, headers and timeout_ms of the HTTP store (see docs/n8n.md)',
      displayOptions: { show: { backend: ['http'] } },
    },
    {
      displayName: 'Allow Private Network',
      name: 'allowPrivateNetwork',
      type: 'boolean',
      default: false,
      description: 'Whether the CRM may be on a private or loopback address (and reached over plain http)',
      displayOptions: { show: { backend: ['http'] } },
    },
  ];
}
