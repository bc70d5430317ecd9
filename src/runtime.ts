// createRuntime: everything an action needs from outside the block — credentials (and the part each one
// adds to a request), network policy and the shared HTTP client, the contact store, the AI provider.
// Hosts build one per config node / per workflow execution and close it when done.
import { checkCredential } from './credential-check';
import { createCredentialParts, type CredentialPart } from './credential-part';
import type { Credential, CredentialResolver } from './credentials';
import { RelaisError } from './errors';
import { createHttpClient } from './http/client';
import type { HttpClient, NetworkPolicy, TlsOptions } from './http/types';
import { openStore } from './store/open';
import type { ContactStore, StoreOptions } from './store/types';

export interface AiOptions {
  /** openai | anthropic | openai_compatible; empty: inferred from base_url (api.openai.com → openai,
   * api.anthropic.com → anthropic, anything else → openai_compatible). */
  provider?: string;
  /** e.g. https://api.openai.com/v1, https://api.anthropic.com, http://127.0.0.1:11434/v1 (Ollama);
   * may be empty when provider is openai or anthropic (their public API). */
  base_url: string;
  api_key?: string;
  /** Default model when the block leaves `model` empty. */
  model?: string;
  /** Deadline of one ai_reply in ms, tool calls included (default 30000, max 120000). */
  timeout_ms?: number;
  /** Allow an http:// base_url (e.g. a local model server); default false. */
  allow_http?: boolean;
  /** Let base_url be a private/loopback address (e.g. Ollama on the same host); default false. */
  allow_private_network?: boolean;
}

export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

export interface RuntimeOptions {
  credentials?: Record<string, Credential> | CredentialResolver;
  network?: Partial<NetworkPolicy>;
  /** TLS material for every call (a private CA, a client certificate for mTLS); a credential's own wins. */
  tls?: TlsOptions;
  store?: StoreOptions;
  ai?: AiOptions;
  logger?: Logger;
}

export interface Runtime {
  readonly network: NetworkPolicy;
  readonly http: HttpClient;
  readonly ai?: AiOptions;
  readonly logger: Logger;
  /** Throws invalid_block naming the credential (and the field) when it is not configured or cannot work. */
  credential(name: string): Credential;
  /** What a (resolved) credential adds to a request — headers, secrets, redactor — with `accessToken`
   * for an OAuth2 one. Throws invalid_block when a value cannot be sent. */
  credentialPart(credential: Credential | undefined, accessToken?: string): CredentialPart;
  /** Opened on first use and kept until close(). */
  store(): Promise<ContactStore>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

const silentLogger: Logger = { debug: () => undefined, warn: () => undefined };

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const network: NetworkPolicy = {
    allow_private_network: options.network?.allow_private_network ?? false,
    allowed_hosts: [...(options.network?.allowed_hosts ?? [])],
    max_response_bytes: options.network?.max_response_bytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
  if (options.network?.allowed_ranges !== undefined) network.allowed_ranges = [...options.network.allowed_ranges];
  if (options.network?.proxy !== undefined) network.proxy = options.network.proxy;
  if (options.network?.use_env_proxy !== undefined) network.use_env_proxy = options.network.use_env_proxy;
  const resolve: CredentialResolver =
    typeof options.credentials === 'function'
      ? options.credentials
      : (name) => (options.credentials as Record<string, Credential> | undefined)?.[name];
  // Throws invalid_block naming network.allowed_ranges, network.proxy or tls when one does not parse.
  const http = createHttpClient(network, options.tls ? { tls: options.tls } : {});
  let store: Promise<ContactStore> | undefined;
  // Parts by credential value (the invariant is beside createCredentialParts).
  const credentialPart = createCredentialParts(100);

  return {
    network,
    http,
    ai: options.ai,
    logger: options.logger ?? silentLogger,
    credential(name) {
      const found = resolve(name);
      if (!found) {
        throw new RelaisError('invalid_block', `Credential "${name}" is not configured. Add it to the runtime's credentials or pick an existing one.`, {
          fr: `L'identifiant "${name}" n'est pas configuré. Ajoutez-le aux identifiants du runtime ou choisissez-en un existant.`,
          issues: [{ path: 'data.parameters.credential', message: `unknown credential "${name}"`, fr: `identifiant "${name}" inconnu` }],
        });
      }
      checkCredential(found, name);
      return found;
    },
    credentialPart,
    store() {
      if (!store) {
        store = openStore(options.store ?? { backend: 'sqlite' }, http);
        // A failed open is not cached: the next call tries again (the database may come back).
        store.catch(() => (store = undefined));
      }
      return store;
    },
    async close() {
      const opened = store;
      store = undefined;
      await Promise.allSettled([opened?.then((s) => s.close()), http.close()]);
    },
  };
}
