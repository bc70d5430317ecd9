// Applying a resolved credential to a request (seed 002's Authentication tab): bearer, basic, a custom
// header, a parameter merged into the JSON (or form) body, a parameter in the query, several headers, or
// an OAuth2 access token fetched beforehand (oauth2.ts). Returns the secrets to redact from everything
// the call reports.
import type { Credential } from '../credentials';
import { credentialSecrets } from '../credentials';
import { RelaisError } from '../errors';
import { appendQuery } from '../template/url';

export interface AuthenticatedRequest {
  headers: Record<string, string>;
  body: unknown;
  secrets: string[];
  /** The URL with a query credential added (unchanged for the other kinds). */
  url?: string;
}

export interface RequestToAuthenticate {
  headers: Readonly<Record<string, string>>;
  body: unknown;
  url?: string;
  /** The access token of an oauth2_client_credentials credential, fetched by the caller. */
  accessToken?: string;
}

/** RFC 9110 token: the characters allowed in a header name. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Header values may not contain CR, LF, NUL or other control characters (header injection). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_HEADER_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function invalid(message: string, field: string, fr: string): RelaisError {
  return new RelaisError('invalid_block', message, { fr, issues: [{ path: `credential.${field}`, message, fr }] });
}

function assertHeaderName(name: string, field: string): void {
  if (!HEADER_NAME.test(name)) {
    throw invalid(`The header name "${name.slice(0, 60)}" is not a valid HTTP header name: use letters, digits and - (e.g. X-API-Key).`, field, `Le nom d'en-tête "${name.slice(0, 60)}" n'est pas un nom d'en-tête HTTP valide : utilisez des lettres, des chiffres et - (par ex. X-API-Key).`);
  }
}

function assertHeaderValue(value: string, field: string): void {
  if (UNSAFE_HEADER_VALUE.test(value)) {
    // The value is a secret: never quote it.
    throw invalid(`The credential's ${field} contains a line break or control character, which cannot be sent in an HTTP header. Re-enter it without them.`, field, `Le champ ${field} de l'identifiant contient un saut de ligne ou un caractère de contrôle, qui ne peut pas partir dans un en-tête HTTP. Saisissez-le à nouveau sans eux.`);
  }
}

/** Sets a header, replacing any existing one whatever its case. */
function withHeader(headers: Readonly<Record<string, string>>, name: string, value: string): Record<string, string> {
  const lower = name.toLowerCase();
  const out: Record<string, string> = {};
  // for…in over own keys (Object.entries' keys, in its order) without building the entries array.
  for (const key in headers) {
    if (Object.prototype.hasOwnProperty.call(headers, key) && key.toLowerCase() !== lower) out[key] = headers[key];
  }
  out[name] = value;
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** The URL with `name=value` in its query, replacing a parameter of the same name (the credential wins). */
function withQueryParameter(url: string, name: string, value: string): string {
  let base = url;
  try {
    const parsed = new URL(url);
    if (parsed.searchParams.has(name)) {
      parsed.searchParams.delete(name);
      base = parsed.href;
    }
  } catch {
    // Not a URL: the transport reports it.
  }
  return appendQuery(base, [[name, value]]);
}

export function applyCredential(credential: Credential | undefined, request: RequestToAuthenticate): AuthenticatedRequest {
  if (!credential) return { headers: { ...request.headers }, body: request.body, secrets: [], url: request.url };
  const secrets = credentialSecrets(credential).filter((s) => typeof s === 'string' && s.length > 0);
  switch (credential.type) {
    case 'bearer':
      assertHeaderValue(credential.token, 'token');
      return { headers: withHeader(request.headers, 'Authorization', `Bearer ${credential.token}`), body: request.body, secrets, url: request.url };
    case 'basic': {
      if (credential.username.includes(':')) {
        throw invalid('A Basic auth username cannot contain ":" (RFC 7617). Check the username.', 'username', `Un nom d'utilisateur Basic auth ne peut pas contenir ":" (RFC 7617). Vérifiez le nom d'utilisateur.`);
      }
      // The username is not a secret on its own, but user:password in base64 is (credentialSecrets has it).
      const encoded = Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64');
      return { headers: withHeader(request.headers, 'Authorization', `Basic ${encoded}`), body: request.body, secrets, url: request.url };
    }
    case 'header':
      assertHeaderName(credential.name, 'name');
      assertHeaderValue(credential.value, 'value');
      return { headers: withHeader(request.headers, credential.name, credential.value), body: request.body, secrets, url: request.url };
    case 'body': {
      if (!credential.name) throw invalid('A body credential needs the name of the body parameter that carries it (e.g. "api_key").', 'name', 'Un identifiant de type body a besoin du nom du paramètre du corps qui le porte (par ex. "api_key").');
      if (request.body === undefined || request.body === null) {
        return { headers: { ...request.headers }, body: { [credential.name]: credential.value }, secrets, url: request.url };
      }
      if (!isPlainObject(request.body)) {
        throw new RelaisError('invalid_block', 'A body credential needs a JSON object body: set body_json to an object (e.g. {}) or use a header credential instead.', {
          fr: "Un identifiant de type body a besoin d'un corps objet JSON : donnez à body_json un objet (par ex. {}) ou utilisez plutôt un identifiant d'en-tête.",
          issues: [{ path: 'data.parameters.body_json', message: 'body credentials need a JSON object body', fr: "les identifiants de type body ont besoin d'un corps objet JSON" }],
        });
      }
      // The credential comes first and wins over a body key of the same name: a template (or a value a
      // model filled) must not be able to replace it.
      const rest = { ...request.body };
      delete rest[credential.name];
      return { headers: { ...request.headers }, body: { [credential.name]: credential.value, ...rest }, secrets, url: request.url };
    }
    case 'query':
      if (!credential.name) throw invalid('A query credential needs the name of the query parameter that carries it (e.g. "api_key").', 'name', 'Un identifiant de type query a besoin du nom du paramètre de requête qui le porte (par ex. "api_key").');
      return { headers: { ...request.headers }, body: request.body, secrets, url: request.url === undefined ? undefined : withQueryParameter(request.url, credential.name, credential.value) };
    case 'headers': {
      let headers: Record<string, string> = { ...request.headers };
      for (const name of Object.keys(credential.headers ?? {})) {
        assertHeaderName(name, `headers.${name}`);
        assertHeaderValue(String(credential.headers[name]), `headers.${name}`);
        headers = withHeader(headers, name, String(credential.headers[name]));
      }
      return { headers, body: request.body, secrets };
    }
    case 'oauth2_client_credentials': {
      const token = request.accessToken;
      if (token === undefined) throw new RelaisError('auth_error', 'The OAuth2 access token was not fetched before the request was built.', {
          fr: "Le jeton d'accès OAuth2 n'a pas été obtenu avant la construction de la requête.",
        });
      assertHeaderValue(token, 'access_token');
      return { headers: withHeader(request.headers, 'Authorization', `Bearer ${token}`), body: request.body, secrets: [...secrets, token], url: request.url };
    }
  }
}
