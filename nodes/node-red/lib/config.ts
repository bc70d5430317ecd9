// Reading the Relais config nodes (relais-auth, relais-contact-store, relais-ai-provider,
// relais-agent-platform) into the core's runtime options. Each config node keeps what it was given
// (settings + credentials) as a plain `relais` object; this file is the one place that turns those
// into a Credential, StoreOptions, AiOptions and the network policy, so every node builds its Runtime
// the same way and the runtime cache (src/adapter) can share one per configuration.
import { isAbsolute, join } from 'node:path';
import { headersFromJson, scopeFromFields, type CacheableRuntimeOptions } from '../../../src/adapter';
import { checkCredential } from '../../../src/credential-check';
import type { Credential } from '../../../src/credentials';
import { isRelaisError, RelaisError } from '../../../src/errors';
import { compileAllowedRanges } from '../../../src/http/address';
import { createProxyRoute } from '../../../src/http/proxy';
import { loadTls } from '../../../src/http/tls';
import type { NetworkPolicy, TlsOptions } from '../../../src/http/types';
import type { AiOptions } from '../../../src/runtime';
import type { StoreOptions } from '../../../src/store/types';
import type { NodeAPI } from './red';
import type { DeliveryLedger } from '../../../src/conversation/ledger';

export interface AuthConfig {
  kind: 'none' | 'bearer' | 'basic' | 'header' | 'body' | 'query' | 'headers' | 'oauth2';
  /** basic: the user name; header/body/query: the header, body field or query parameter name. */
  username?: string;
  field?: string;
  token?: string;
  password?: string;
  value?: string;
  /** headers: a JSON object of header names and values (a credential: the values are secrets). */
  headers?: string;
  /** oauth2 (client credentials). */
  token_url?: string;
  client_id?: string;
  client_secret?: string;
  scope?: string;
  audience?: string;
  client_auth?: 'basic' | 'body';
  /** oauth2: the token URL is a local authorization server (http:// and a private address allowed). */
  local?: boolean;
  /** Comma or space separated hosts the credential may be sent to (empty: any). */
  allowed_hosts?: string;
  /** PEM: a private CA and a client certificate (settings), its key and passphrase (credentials). */
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
}

export interface StoreConfig {
  backend: 'sqlite' | 'postgres' | 'http';
  path?: string;
  connection_string?: string;
  base_url?: string;
  auth?: string;
  allow_private_network?: boolean;
  allow_http?: boolean;
}

export interface AiProviderConfig {
  provider?: string;
  base_url: string;
  model?: string;
  api_key?: string;
  allow_private_network?: boolean;
}

export interface PlatformConfig {
  base_url: string;
  bot_id: string;
  api_key?: string;
  allow_private_network?: boolean;
  /** The delivery ledger shared by several Node-RED instances (memory = this instance only). */
  ledger_backend?: 'memory' | 'redis' | 'postgres';
  /** Opens (once) and returns the shared ledger; undefined for memory. Throws on a bad configuration. */
  ledger?: () => DeliveryLedger | undefined;
}

/** What a Relais config node instance carries. */
export interface ConfigNode<T> {
  relais: T;
}

export function readConfig<T>(RED: NodeAPI, id: unknown): T | undefined {
  if (typeof id !== 'string' || id === '') return undefined;
  const node = RED.nodes.getNode(id) as Partial<ConfigNode<T>> | null;
  return node?.relais;
}

export function credentialFromAuth(auth: AuthConfig | undefined): Credential | undefined {
  if (!auth) return undefined;
  const kind = ownCredential(auth);
  return kind && { ...kind, ...scopeFromFields(auth) };
}

function ownCredential(auth: AuthConfig): Credential | undefined {
  switch (auth.kind) {
    case 'bearer':
      return { type: 'bearer', token: auth.token ?? '' };
    case 'basic':
      return { type: 'basic', username: auth.username ?? '', password: auth.password ?? '' };
    case 'header':
      return { type: 'header', name: auth.field ?? '', value: auth.value ?? '' };
    case 'body':
      return { type: 'body', name: auth.field ?? '', value: auth.value ?? '' };
    case 'query':
      return { type: 'query', name: auth.field ?? '', value: auth.value ?? '' };
    case 'headers':
      return { type: 'headers', headers: headersFromJson(auth.headers) };
    case 'oauth2':
      return {
        type: 'oauth2_client_credentials',
        token_url: auth.token_url ?? '',
        client_id: auth.client_id ?? '',
        client_secret: auth.client_secret ?? '',
        ...(auth.scope ? { scope: auth.scope } : {}),
        ...(auth.audience ? { audience: auth.audience } : {}),
        client_auth: auth.client_auth === 'body' ? 'body' : 'basic',
        ...(auth.local ? { allow_http: true, allow_private_network: true } : {}),
      };
    default:
      return undefined;
  }
}

/**
 * What is wrong with a node's configuration before any message arrives (shown at deploy): a credential
 * that cannot work, a settings.js allowed_ranges entry, proxy or tls that does not parse. Undefined when
 * all is well.
 */
export function configurationProblem(RED: NodeAPI, authId: unknown): RelaisError | undefined {
  try {
    const auth = readConfig<AuthConfig>(RED, authId);
    const credential = credentialFromAuth(auth);
    if (credential) checkCredential(credential, auth?.kind);
    const network = settingsNetwork(RED);
    compileAllowedRanges(network.allowed_ranges);
    createProxyRoute(network.proxy, network.use_env_proxy);
    loadTls(settingsTls(RED), 'tls');
    return undefined;
  } catch (error) {
    return isRelaisError(error) ? error : new RelaisError('invalid_block', 'The configuration could not be read.', { fr: "La configuration n'a pas pu être lue." });
  }
}

/** host[:port] of a URL, for the allow-list; undefined when the URL does not parse. */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

/** Operator-level policy from settings.js (`relais: {allowed_hosts, allow_private_network, max_response_bytes,
 * allowed_ranges, proxy, use_env_proxy}`, at the top level or under `network`). */
export function settingsNetwork(RED: NodeAPI): Partial<NetworkPolicy> {
  const relais = (RED.settings.relais ?? {}) as { network?: Partial<NetworkPolicy> } & Partial<NetworkPolicy>;
  const source = relais.network ?? relais;
  const network: Partial<NetworkPolicy> = {};
  if (typeof source.allow_private_network === 'boolean') network.allow_private_network = source.allow_private_network;
  if (Array.isArray(source.allowed_hosts)) network.allowed_hosts = source.allowed_hosts.map(String);
  if (typeof source.max_response_bytes === 'number') network.max_response_bytes = source.max_response_bytes;
  if (Array.isArray(source.allowed_ranges)) network.allowed_ranges = source.allowed_ranges.map(String);
  if (typeof source.proxy === 'string') network.proxy = source.proxy;
  if (typeof source.use_env_proxy === 'boolean') network.use_env_proxy = source.use_env_proxy;
  return network;
}

/** The runtime's TLS material from settings.js (`relais: {tls: {ca, cert, key, passphrase}}`, PEM text). */
export function settingsTls(RED: NodeAPI): TlsOptions | undefined {
  const tls = (RED.settings.relais as { tls?: TlsOptions } | undefined)?.tls;
  return tls && typeof tls === 'object' ? tls : undefined;
}

export function storeOptions(RED: NodeAPI, store: StoreConfig | undefined): StoreOptions {
  const userDir = RED.settings.userDir ?? process.cwd();
  if (!store || store.backend === 'sqlite') {
    const path = store?.path?.trim() || 'relais-contacts.sqlite';
    return { backend: 'sqlite', path: isAbsolute(path) ? path : join(userDir, path) };
  }
  if (store.backend === 'postgres') return { backend: 'postgres', connection_string: store.connection_string ?? '' };
  return {
    backend: 'http',
    base_url: store.base_url ?? '',
    credential: credentialFromAuth(readConfig<AuthConfig>(RED, store.auth)),
    allow_private_network: store.allow_private_network === true,
    allow_http: store.allow_http === true,
  };
}

export function aiOptions(ai: AiProviderConfig | undefined): AiOptions | undefined {
  if (!ai) return undefined;
  const options: AiOptions = { base_url: ai.base_url };
  if (ai.provider) options.provider = ai.provider;
  if (ai.api_key) options.api_key = ai.api_key;
  if (ai.model) options.model = ai.model;
  // "Local provider" (Ollama, a model server on this network): its private address and plain http.
  if (ai.allow_private_network) {
    options.allow_private_network = true;
    options.allow_http = true;
  }
  return options;
}

export interface NodeConfigRefs {
  /** relais-auth node id → registered as the credential of that name. */
  auth?: unknown;
  store?: unknown;
  provider?: unknown;
  platform?: unknown;
  /** More relais-auth node ids whose credentials join the runtime (relais-ai-reply's tool nodes). */
  toolAuths?: string[];
}

/**
 * The runtime options of a node from the config nodes it references. A config node that opts into the
 * private network adds only its own host to the allow-list, not the whole private network.
 */
export function runtimeOptionsFor(RED: NodeAPI, refs: NodeConfigRefs): CacheableRuntimeOptions {
  const network = settingsNetwork(RED);
  const allowed = new Set(network.allowed_hosts ?? []);
  const options: CacheableRuntimeOptions = {};

  const credential = credentialFromAuth(readConfig<AuthConfig>(RED, refs.auth));
  if (credential && typeof refs.auth === 'string') options.credentials = { [refs.auth]: credential };
  for (const auth of refs.toolAuths ?? []) {
    const toolCredential = credentialFromAuth(readConfig<AuthConfig>(RED, auth));
    if (toolCredential) options.credentials = { ...options.credentials, [auth]: toolCredential };
  }

  const storeConfig = readConfig<StoreConfig>(RED, refs.store);
  options.store = storeOptions(RED, storeConfig);

  const provider = readConfig<AiProviderConfig>(RED, refs.provider);
  const ai = aiOptions(provider);
  if (ai) options.ai = ai;

  const platform = readConfig<PlatformConfig>(RED, refs.platform);
  if (platform?.allow_private_network) {
    const host = hostOf(platform.base_url);
    if (host) allowed.add(host);
  }

  options.network = { ...network, allowed_hosts: [...allowed].sort() };
  const tls = settingsTls(RED);
  if (tls) options.tls = tls;
  return options;
}
