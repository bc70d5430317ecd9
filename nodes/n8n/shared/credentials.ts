// n8n credential data → the core's runtime options. One function per credential type, so every node
// reads a credential the same way. Credential field names are the ones declared in credentials/*.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { headersFromJson, scopeFromFields } from '../../../src/adapter/credential-fields';
import type { Credential } from '../../../src/credentials';
import type { NetworkPolicy } from '../../../src/http/types';
import type { AiOptions } from '../../../src/runtime';
import type { StoreOptions } from '../../../src/store/types';

/** The four kinds of seed 002's Authentication tab, then query, several headers and OAuth2 client
 * credentials, as n8n credential types. */
export const AUTH_CREDENTIAL_TYPES = ['relaisBearerAuth', 'relaisBasicAuth', 'relaisHeaderAuth', 'relaisBodyAuth', 'relaisQueryAuth', 'relaisHeadersAuth', 'relaisClientCredentialsOAuth2Api'] as const;
export type AuthCredentialType = (typeof AUTH_CREDENTIAL_TYPES)[number];

export const AGENT_PLATFORM_CREDENTIAL = 'relaisAgentPlatformApi';
export const AI_PROVIDER_CREDENTIAL = 'relaisAiProviderApi';
export const CONTACT_STORE_CREDENTIAL = 'relaisContactStore';

export function isAuthCredentialType(value: unknown): value is AuthCredentialType {
  return typeof value === 'string' && (AUTH_CREDENTIAL_TYPES as readonly string[]).includes(value);
}

const str = (data: ICredentialDataDecryptedObject, key: string): string => (typeof data[key] === 'string' ? (data[key] as string) : data[key] === undefined || data[key] === null ? '' : String(data[key]));
const flag = (data: ICredentialDataDecryptedObject, key: string): boolean => data[key] === true || data[key] === 'true';

/** An auth credential → the core's Credential (with its allowed hosts and TLS material). */
export function authCredential(type: AuthCredentialType, data: ICredentialDataDecryptedObject): Credential {
  const scope = scopeFromFields({ allowed_hosts: str(data, 'allowedHosts'), ca: str(data, 'tlsCa'), cert: str(data, 'tlsCert'), key: str(data, 'tlsKey'), passphrase: str(data, 'tlsPassphrase') });
  return { ...ownCredential(type, data), ...scope };
}

function ownCredential(type: AuthCredentialType, data: ICredentialDataDecryptedObject): Credential {
  switch (type) {
    case 'relaisBearerAuth':
      return { type: 'bearer', token: str(data, 'token') };
    case 'relaisBasicAuth':
      return { type: 'basic', username: str(data, 'username'), password: str(data, 'password') };
    case 'relaisHeaderAuth':
      return { type: 'header', name: str(data, 'name'), value: str(data, 'secretValue') };
    case 'relaisBodyAuth':
      return { type: 'body', name: str(data, 'name'), value: str(data, 'secretValue') };
    case 'relaisQueryAuth':
      return { type: 'query', name: str(data, 'name'), value: str(data, 'secretValue') };
    case 'relaisHeadersAuth':
      return { type: 'headers', headers: headersFromJson(str(data, 'secretHeaders')) };
    case 'relaisClientCredentialsOAuth2Api': {
      const local = flag(data, 'allowPrivateNetwork');
      return {
        type: 'oauth2_client_credentials',
        token_url: str(data, 'tokenUrl').trim(),
        client_id: str(data, 'clientId').trim(),
        client_secret: str(data, 'clientSecret'),
        ...(str(data, 'scope').trim() ? { scope: str(data, 'scope').trim() } : {}),
        ...(str(data, 'audience').trim() ? { audience: str(data, 'audience').trim() } : {}),
        client_auth: str(data, 'clientAuth') === 'body' ? 'body' : 'basic',
        ...(local ? { allow_http: true, allow_private_network: true } : {}),
      };
    }
  }
}

/** The folder n8n keeps its data in: $N8N_USER_FOLDER/.n8n, else ~/.n8n (n8n's own rule). */
export function n8nDataFolder(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.N8N_USER_FOLDER && env.N8N_USER_FOLDER.trim() !== '' ? env.N8N_USER_FOLDER : homedir();
  return join(base, '.n8n');
}

/** Where the embedded contact store lives when no path is given: inside n8n's data folder. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(n8nDataFolder(env), 'relais', 'contacts.sqlite');
}

function parseJsonObject(text: string, field: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    // Returned as a marker the store's validation reports with the field name; never echoes the text.
    return { [`invalid_${field}`]: 'must be a JSON object' };
  }
  return parsed as Record<string, unknown>;
}

/** Contact Store credential → StoreOptions; no credential = the sqlite store in n8n's data folder. */
export function storeOptions(data: ICredentialDataDecryptedObject | undefined): StoreOptions {
  if (!data) return { backend: 'sqlite', path: defaultStorePath() };
  const backend = str(data, 'backend') || 'sqlite';
  if (backend === 'postgres') return { backend: 'postgres', connection_string: str(data, 'connectionSecret') };
  if (backend === 'http') {
    const token = str(data, 'apiToken');
    return {
      ...parseJsonObject(str(data, 'httpOptions'), 'httpOptions'),
      backend: 'http',
      base_url: str(data, 'baseUrl'),
      ...(token ? { credential: { type: 'bearer', token } } : {}),
      allow_private_network: flag(data, 'allowPrivateNetwork'),
      allow_http: flag(data, 'allowPrivateNetwork'),
    } as StoreOptions;
  }
  const path = str(data, 'path').trim();
  return { backend: 'sqlite', path: path === '' ? defaultStorePath() : path } as StoreOptions;
}

/** AI Provider credential → the runtime's `ai` options (Allow Private Network also allows http://, for a local model server). */
export function aiOptions(data: ICredentialDataDecryptedObject): AiOptions {
  const model = str(data, 'model').trim();
  const local = flag(data, 'allowPrivateNetwork');
  const provider = str(data, 'provider').trim();
  return {
    ...(provider ? { provider } : {}),
    base_url: str(data, 'baseUrl').trim(),
    ...(str(data, 'apiKey') ? { api_key: str(data, 'apiKey') } : {}),
    ...(model ? { model } : {}),
    ...(local ? { allow_private_network: true, allow_http: true } : {}),
  };
}

export interface PlatformSettings {
  base_url: string;
  bot_id: string;
  api_key: string;
  webhook_secret?: string;
  hmac_secret?: string;
  allow_private_network: boolean;
}

/** Agent Platform API credential → the conversation client's and the webhook's settings. */
export function platformSettings(data: ICredentialDataDecryptedObject): PlatformSettings {
  const secret = str(data, 'webhookSecret');
  const hmac = str(data, 'hmacSecret');
  return {
    base_url: str(data, 'baseUrl').trim() || 'https://api.ultimate.ai',
    bot_id: str(data, 'botId').trim(),
    api_key: str(data, 'apiKey'),
    ...(secret ? { webhook_secret: secret } : {}),
    ...(hmac ? { hmac_secret: hmac } : {}),
    allow_private_network: flag(data, 'allowPrivateNetwork'),
  };
}

/**
 * The instance-wide allow-list of the private-network guard: RELAIS_ALLOWED_HOSTS, comma-separated
 * host or host:port entries (e.g. "crm.internal,10.0.0.5:8443"), set by whoever runs n8n. Every
 * runtime the nodes create uses it, on top of the per-node and per-credential opt-ins.
 */
export function allowedHostsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return listFromEnv(env.RELAIS_ALLOWED_HOSTS);
}

function listFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * The instance-wide network settings, set by whoever runs n8n: RELAIS_ALLOWED_HOSTS (above),
 * RELAIS_ALLOWED_RANGES (comma-separated CIDR, e.g. "10.20.0.0/16,fd00::/8"), RELAIS_PROXY (a forward
 * proxy, http://host:port) and RELAIS_USE_ENV_PROXY=true (HTTPS_PROXY / HTTP_PROXY / NO_PROXY).
 */
export function networkFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<NetworkPolicy> {
  const network: Partial<NetworkPolicy> = {};
  const hosts = allowedHostsFromEnv(env);
  if (hosts.length > 0) network.allowed_hosts = hosts;
  const ranges = listFromEnv(env.RELAIS_ALLOWED_RANGES);
  if (ranges.length > 0) network.allowed_ranges = ranges;
  if (env.RELAIS_PROXY && env.RELAIS_PROXY.trim() !== '') network.proxy = env.RELAIS_PROXY.trim();
  if (env.RELAIS_USE_ENV_PROXY === 'true' || env.RELAIS_USE_ENV_PROXY === '1') network.use_env_proxy = true;
  return network;
}

/**
 * The host:port of a URL a credential opted into the private network, for the runtime's
 * allowed_hosts (so e.g. a local OpenAI-compatible server or the emulator is reachable, and nothing
 * else on the private network is). Undefined when the URL does not parse (the core reports it).
 */
export function allowedHostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
    return `${parsed.hostname}:${port}`;
  } catch {
    return undefined;
  }
}
