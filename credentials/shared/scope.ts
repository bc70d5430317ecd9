// The fields every Relais auth credential carries besides its secret: the hosts it may be sent to and its
// TLS material (private CA, client certificate and key for mTLS). Read by nodes/n8n/shared/credentials.ts.
import type { INodeProperties } from 'n8n-workflow';

export const credentialScopeProperties: INodeProperties[] = [
  {
    displayName: 'Allowed Hosts',
    name: 'allowedHosts',
    type: 'string',
    default: '',
    placeholder: 'api.example.com, *.example.com',
    description: 'Optional. Comma-separated hosts this credential may be sent to (host, *.domain, host:port); a request or redirect elsewhere is refused before anything is sent. Empty: any host.',
  },
  {
    displayName: 'Private CA (PEM)',
    name: 'tlsCa',
    type: 'string',
    typeOptions: { rows: 3 },
    default: '',
    description: 'Optional. Certificate authority to trust for this API (an internal CA), in PEM; public CAs stay trusted',
  },
  {
    displayName: 'Client Certificate (PEM)',
    name: 'tlsCert',
    type: 'string',
    typeOptions: { rows: 3 },
    default: '',
    description: 'Optional. Client certificate for mutual TLS, in PEM',
  },
  {
    displayName: 'Client Key (PEM)',
    name: 'tlsKey',
    type: 'string',
    typeOptions: { password: true },
    default: '',
    description: 'Private key of the client certificate, in PEM; redacted from every output',
  },
  {
    displayName: 'Client Key Passphrase',
    name: 'tlsPassphrase',
    type: 'string',
    typeOptions: { password: true },
    default: '',
    description: 'Passphrase of an encrypted client key',
  },
];
