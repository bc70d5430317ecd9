// The optional "Test URL" of the four auth credentials: the endpoint their credential test
// (relaisAuthTest, run by the nodes through `testedBy`) calls with the credential applied.
import type { INodeProperties } from 'n8n-workflow';

export function testUrlProperty(method: 'GET' | 'POST'): INodeProperties {
  return {
    displayName: 'Test URL',
    name: 'testUrl',
    type: 'string',
    default: '',
    placeholder: 'https://api.example.com/me',
    description: `Optional. An HTTPS endpoint of the API that needs this authentication; the credential test sends a ${method} to it with the credential (through the same guard as the nodes: HTTPS, no private addresses unless RELAIS_ALLOWED_HOSTS lists them, 10 s deadline)`,
  };
}
