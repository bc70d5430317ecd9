// Security schemes → credential stubs (secrets empty). OpenAPI 3.x `components.securitySchemes` and
// Swagger 2.0 `securityDefinitions`: http bearer, http basic, apiKey in a header or the query, OAuth2
// client credentials (3.x `clientCredentials`, 2.0 `application`). Other kinds (cookie API keys,
// user-facing OAuth2 flows, OpenID Connect) cannot be filled by a server-side action on its own: they
// become a bearer stub with a warning, or nothing.
import { identifier } from './names';
import { isObject } from './schema';
import type { CredentialShape, ImportedCredential } from './types';

export interface SecurityCatalog {
  /** The stub for a scheme name, made on first use (only schemes an imported operation uses are listed). */
  stubFor(scheme: string, warn: (message: string) => void): ImportedCredential | undefined;
  used(): ImportedCredential[];
}

function stub(scheme: string, definition: Record<string, unknown>, swagger2: boolean, warn: (message: string) => void): Omit<ImportedCredential, 'name'> | undefined {
  const type = String(definition.type ?? '');
  const name = typeof definition.name === 'string' ? definition.name : '';
  const where = typeof definition.in === 'string' ? definition.in : '';
  const make = (credential: CredentialShape, description: string) => ({ type: credential.type, credential, description });
  if ((type === 'http' && String(definition.scheme).toLowerCase() === 'bearer') || type === 'bearer') return make({ type: 'bearer', token: '' }, `security scheme "${scheme}" (bearer token)`);
  if ((type === 'http' && String(definition.scheme).toLowerCase() === 'basic') || type === 'basic') return make({ type: 'basic', username: '', password: '' }, `security scheme "${scheme}" (basic)`);
  if (type === 'apiKey' && where === 'header' && name !== '') return make({ type: 'header', name, value: '' }, `security scheme "${scheme}" (API key in the ${name} header)`);
  if (type === 'apiKey' && where === 'query' && name !== '') return make({ type: 'query', name, value: '' }, `security scheme "${scheme}" (API key in the ${name} query parameter)`);
  if (type === 'oauth2') {
    const flows = isObject(definition.flows) ? definition.flows : {};
    const client = swagger2 ? (definition.flow === 'application' ? definition : undefined) : isObject(flows.clientCredentials) ? flows.clientCredentials : undefined;
    if (isObject(client) && typeof client.tokenUrl === 'string') {
      const scopes = isObject(client.scopes) ? Object.keys(client.scopes) : [];
      const credential: CredentialShape = { type: 'oauth2_client_credentials', token_url: client.tokenUrl, client_id: '', client_secret: '' };
      if (scopes.length > 0) credential.scope = scopes.join(' ');
      return make(credential, `security scheme "${scheme}" (OAuth2 client credentials)`);
    }
    warn(`security scheme "${scheme}": an OAuth2 flow that needs a user's consent; give the action a bearer token obtained elsewhere`);
    return make({ type: 'bearer', token: '' }, `security scheme "${scheme}" (OAuth2 access token)`);
  }
  if (type === 'openIdConnect') {
    warn(`security scheme "${scheme}": OpenID Connect; give the action a bearer token obtained elsewhere`);
    return make({ type: 'bearer', token: '' }, `security scheme "${scheme}" (OpenID Connect access token)`);
  }
  if (type === 'http') warn(`security scheme "${scheme}": HTTP "${String(definition.scheme)}" authentication is not supported; add the header yourself`);
  else if (type === 'apiKey' && where === 'cookie') warn(`security scheme "${scheme}": an API key in a cookie is not supported; add a Cookie header yourself`);
  else warn(`security scheme "${scheme}" (type "${type}") is not supported`);
  return undefined;
}

export function securityCatalog(document: Record<string, unknown>, swagger2: boolean, prefix: string): SecurityCatalog {
  const components = isObject(document.components) ? document.components : {};
  const schemes = (swagger2 ? document.securityDefinitions : components.securitySchemes) ?? {};
  const made = new Map<string, ImportedCredential | undefined>();
  return {
    stubFor(scheme, warn) {
      if (made.has(scheme)) return made.get(scheme);
      const definition = isObject(schemes) ? schemes[scheme] : undefined;
      let credential: ImportedCredential | undefined;
      if (!isObject(definition)) warn(`security scheme "${scheme}" is used but not defined`);
      else {
        const found = stub(scheme, definition, swagger2, warn);
        if (found) credential = { name: identifier(`${prefix}_${scheme}`, 'api'), ...found };
      }
      made.set(scheme, credential);
      return credential;
    },
    used: () => [...made.values()].filter((c): c is ImportedCredential => c !== undefined),
  };
}
