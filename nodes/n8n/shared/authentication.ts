// The "Authentication" option of the nodes that call an API with one of the auth credentials
// (Relais HTTP Request, Relais Block). The credentials themselves are listed in each node file (n8n's
// lint reads them there); this is the selector they hang on.
import type { INodeProperties } from 'n8n-workflow';

export const authenticationProperty: INodeProperties = {
  displayName: 'Authentication',
  name: 'authentication',
  type: 'options',
  default: 'none',
  description: 'How the API is authenticated (the Authentication tab of a custom API action). The secret is added by Relais and redacted from every output.',
  options: [
    { name: 'None', value: 'none' },
    { name: 'Bearer Token', value: 'relaisBearerAuth' },
    { name: 'Basic Auth', value: 'relaisBasicAuth' },
    { name: 'Header (API Key)', value: 'relaisHeaderAuth' },
    { name: 'Body Field', value: 'relaisBodyAuth' },
    { name: 'Query Parameter (API Key)', value: 'relaisQueryAuth' },
    { name: 'Several Headers', value: 'relaisHeadersAuth' },
    { name: 'OAuth2 Client Credentials', value: 'relaisClientCredentialsOAuth2Api' },
  ],
};
