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

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute http(s) URL, already rendered and encoded. */
  url: string;
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
  secrets?: string[];
  signal?: AbortSignal;
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
}
