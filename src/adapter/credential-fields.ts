// Credential fields as both hosts' forms hold them (text inputs) → the core's credential parts: the
// Headers JSON of a `headers` credential, and the allowed hosts and TLS material any credential may carry.
import type { CredentialScope } from '../credentials';
import { RelaisError } from '../errors';
import type { TlsOptions } from '../http/types';

/** The headers of a `headers` credential from its JSON text; invalid_block naming credential.headers
 * (never quoting the text: its values are secrets) when it is not a JSON object. */
export function headersFromJson(text: string | undefined): Record<string, string> {
  if (text !== undefined && text.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name, String(value)]));
    } catch {
      // reported below
    }
  }
  const message = 'must be a JSON object of header names and values, e.g. {"X-Client-Id": "…", "X-Api-Key": "…"}';
  const fr = "doit être un objet JSON de noms d'en-tête et de valeurs, par ex. {\"X-Client-Id\": \"…\", \"X-Api-Key\": \"…\"}";
  throw new RelaisError('invalid_block', `The credential: headers ${message}.`, { fr: `L'identifiant : headers ${fr}.`, issues: [{ path: 'credential.headers', message, fr }] });
}

/** allowed_hosts (comma or space separated text) and TLS PEM fields → the credential's scope; empty
 * fields are left out. */
export function scopeFromFields(fields: { allowed_hosts?: string; ca?: string; cert?: string; key?: string; passphrase?: string }): CredentialScope {
  const scope: CredentialScope = {};
  const hosts = (fields.allowed_hosts ?? '').split(/[\s,]+/).filter((host) => host !== '');
  if (hosts.length > 0) scope.allowed_hosts = hosts;
  const tls: TlsOptions = {};
  for (const key of ['ca', 'cert', 'key', 'passphrase'] as const) {
    const value = fields[key];
    if (typeof value === 'string' && value.trim() !== '') tls[key] = value;
  }
  if (Object.keys(tls).length > 0) scope.tls = tls;
  return scope;
}
