// OAuth2 client credentials (RFC 6749 §4.4) for Relais HTTP Request: Relais fetches the access token from
// the token URL, keeps it until it expires, shares it between concurrent calls and fetches a new one once
// when the API answers 401. The test fetches a token (and calls the Test URL with it when one is set).
import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';
import { credentialScopeProperties } from './shared/scope';
import { testUrlProperty } from './shared/test-url';

export class RelaisClientCredentialsOAuth2Api implements ICredentialType {
  name = 'relaisClientCredentialsOAuth2Api';

  displayName = 'Relais OAuth2 Client Credentials API';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = { light: 'file:../icons/relais-key.svg', dark: 'file:../icons/relais-key.dark.svg' };

  properties: INodeProperties[] = [
    {
      displayName: 'Token URL',
      name: 'tokenUrl',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'https://login.example.com/oauth2/token',
    },
    {
      displayName: 'Client ID',
      name: 'clientId',
      type: 'string',
      default: '',
      required: true,
    },
    {
      displayName: 'Client Secret',
      name: 'clientSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'Redacted from every output; never sent anywhere but the token URL',
    },
    {
      displayName: 'Scope',
      name: 'scope',
      type: 'string',
      default: '',
      description: 'Optional. Space-separated scopes to ask for',
    },
    {
      displayName: 'Audience',
      name: 'audience',
      type: 'string',
      default: '',
      description: 'Optional. The audience parameter some servers (Auth0, Okta) require',
    },
    {
      displayName: 'Client Authentication',
      name: 'clientAuth',
      type: 'options',
      default: 'basic',
      options: [
        { name: 'HTTP Basic (Default)', value: 'basic' },
        { name: 'In the Form Body', value: 'body' },
      ],
    },
    {
      displayName: 'Local Authorization Server',
      name: 'allowPrivateNetwork',
      type: 'boolean',
      default: false,
      description: 'Whether the token URL may use plain http:// and a private address (an authorization server on this network)',
    },
    testUrlProperty('GET'),
    ...credentialScopeProperties,
  ];
}
