// Checking a credential's configuration before it is used, so a mistake is reported as what it is — the
// field and the fix — instead of as a failed call: an unknown kind, a token URL over http without the
// opt-in, an empty client secret, a query credential without a parameter name, a PEM that does not load.
// Secrets are never quoted. Hosts call it at configuration time too (n8n credential test, Node-RED deploy).
import { CREDENTIAL_TYPES, type Credential } from './credentials';
import { RelaisError } from './errors';
import { loadTls } from './http/tls';

const checked = new WeakSet<object>();

function invalid(name: string | undefined, field: string, message: string, fr: string): RelaisError {
  const who = name === undefined ? 'The credential' : `The credential "${name}"`;
  const whoFr = name === undefined ? "L'identifiant" : `L'identifiant "${name}"`;
  return new RelaisError('invalid_block', `${who}: ${field} ${message}`, { fr: `${whoFr} : ${field} ${fr}`, issues: [{ path: `credential.${field}`, message, fr }] });
}

const filled = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/** Throws invalid_block naming the field when the credential cannot work; `name` is the runtime's name for it. */
export function checkCredential(credential: Credential, name?: string): void {
  if (checked.has(credential)) return;
  const type = (credential as { type?: unknown }).type;
  if (!CREDENTIAL_TYPES.includes(type as Credential['type'])) {
    throw invalid(name, 'type', `"${String(type).slice(0, 40)}" is not a credential type: use one of ${CREDENTIAL_TYPES.join(', ')}.`, `: "${String(type).slice(0, 40)}" n'est pas un type d'identifiant ; utilisez l'un de ${CREDENTIAL_TYPES.join(', ')}.`);
  }
  switch (credential.type) {
    case 'oauth2_client_credentials': {
      let url: URL | undefined;
      try {
        url = new URL(credential.token_url);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw invalid(name, 'token_url', 'is not a valid https:// URL (e.g. https://login.example.com/oauth2/token).', "n'est pas une URL https:// valide (par ex. https://login.example.com/oauth2/token).");
      if (url.protocol === 'http:' && credential.allow_http !== true) {
        throw invalid(name, 'token_url', 'uses plain http://, which would send the client secret unencrypted: use https://, or set allow_http on the credential for a local authorization server.', "utilise http:// en clair, ce qui enverrait le secret client sans chiffrement : utilisez https://, ou activez allow_http sur l'identifiant pour un serveur d'autorisation local.");
      }
      if (!filled(credential.client_id)) throw invalid(name, 'client_id', 'is empty: enter the client ID the authorization server issued.', "est vide : saisissez l'ID client délivré par le serveur d'autorisation.");
      if (!filled(credential.client_secret)) throw invalid(name, 'client_secret', 'is empty: enter the client secret the authorization server issued.', "est vide : saisissez le secret client délivré par le serveur d'autorisation.");
      if (credential.client_auth !== undefined && credential.client_auth !== 'basic' && credential.client_auth !== 'body') {
        throw invalid(name, 'client_auth', 'must be "basic" (HTTP Basic, the default) or "body" (client_id and client_secret in the form).', 'doit valoir "basic" (HTTP Basic, par défaut) ou "body" (client_id et client_secret dans le formulaire).');
      }
      break;
    }
    case 'query':
      if (!filled(credential.name)) throw invalid(name, 'name', 'is empty: enter the query parameter that carries the key (e.g. api_key).', 'est vide : saisissez le paramètre de requête qui porte la clé (par ex. api_key).');
      break;
    case 'headers':
      if (!credential.headers || typeof credential.headers !== 'object' || Array.isArray(credential.headers) || Object.keys(credential.headers).length === 0) {
        throw invalid(name, 'headers', 'must be an object of at least one header name and value, e.g. {"X-Client-Id": "…", "X-Api-Key": "…"}.', "doit être un objet d'au moins un nom d'en-tête et sa valeur, par ex. {\"X-Client-Id\": \"…\", \"X-Api-Key\": \"…\"}.");
      }
      break;
    default:
      break;
  }
  const hosts = credential.allowed_hosts;
  if (hosts !== undefined && (!Array.isArray(hosts) || hosts.some((host) => !filled(host) || /[/?#@\s]/.test(host)))) {
    throw invalid(name, 'allowed_hosts', 'must be a list of host names ("api.example.com", "*.example.com", "host:8443"), without scheme or path.', "doit être une liste de noms d'hôte (\"api.example.com\", \"*.example.com\", \"host:8443\"), sans schéma ni chemin.");
  }
  loadTls(credential.tls, 'credential.tls');
  checked.add(credential);
}
