// The transport contract: every network call of the core (http_request actions, the http contact
// store, the AI provider, the conversation client) goes through one HttpClient, so deadlines, size
// caps, the SSRF guard, redirects, retries and redaction apply everywhere the same way.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface RetryPolicy {
  /** Extra attempts after the first (0 = no retry). */
  attempts: number;
  /** First backoff in ms, doubled each attempt, with jitter; Retry-After wins when present. */
  base_delay_ms?: number;
}

/** What the transport reads of a URL: a WHATWG `URL` has all of it, and so has a URL rendered from a
 * template (template/url.ts); `String()` of either is its href. */
export type UrlParts = Readonly<Pick<URL, 'href' | 'origin' | 'protocol' | 'host' | 'hostname' | 'port' | 'username' | 'password' | 'pathname' | 'search'>>;

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute http(s) URL, already rendered and encoded: its text, or its parts as a caller already has
   * them — a URL it parsed, or a rendered template's parts (renderUrlParsed) — which the transport then
   * uses as they are instead of parsing the text again (it only reads them; redirects parse their own). */
  url: string | UrlParts;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** One overall deadline for connect, headers, body, redirects and retries. */
  timeout_ms: number;
  /** Response byte cap (after decompression); defaults to the runtime's max_response_bytes. */
  max_response_bytes?: number;
  /** Per-call opt-ins; the runtime's network policy applies too. */
  allow_private_network?: boolean;
  allow_http?: boolean;
  retry?: RetryPolicy;
  /** Defaults to 5. 0 returns 3xx responses as they are. */
  max_redirects?: number;
  /** Values to redact from anything this call reports (errors, meta). */
  secrets?: readonly string[];
  signal?: AbortSignal;
  /** TLS material of the call's credential (private CA, client certificate); the runtime's applies otherwise. */
  tls?: TlsOptions;
  /** The credential's allowed_hosts: a hop (redirects included) to another host that would still carry
   * one of `secrets` is refused as blocked_url before it is sent. */
  credential_hosts?: readonly string[];
}

/** PEM text. `ca` is trusted on top of Node's own roots. */
export interface TlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The decoded (decompressed) body, never more than the cap. */
  body: Buffer;
  /** The URL finally answered (after redirects). */
  url: string;
  duration_ms: number;
  attempts: number;
  redirects: number;
}

export interface HttpClient {
  /** Resolves for every HTTP status; rejects with a RelaisError (timeout, connect_failed, blocked_url,
   * insecure_url, too_large) when there is no complete response. */
  request(request: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface NetworkPolicy {
  allow_private_network: boolean;
  /** host or host:port entries let through the private-network guard (e.g. "crm.internal", "127.0.0.1:8080"). */
  allowed_hosts: string[];
  max_response_bytes: number;
  /** CIDR ranges (e.g. "10.20.0.0/16", "fd00::/8") let through the private-network guard, judged on
   * the address connected to. Metadata addresses stay refused. */
  allowed_ranges?: string[];
  /** Forward proxy for every call ("http://proxy.internal:3128"); the target is still judged by the
   * SSRF guard before the CONNECT, and the tunnel goes to the judged address. */
  proxy?: string;
  /** Use HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment when `proxy` is not set. */
  use_env_proxy?: boolean;
}
