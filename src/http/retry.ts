// When a failed attempt is tried again: only where repeating it is safe (idempotent methods, or POST and
// PATCH carrying an Idempotency-Key), only for failures that a retry can fix (no connection, 429, 502,
// 503, 504), after Retry-After when the server sent one, else exponential backoff with jitter — and
// never past the call's one deadline.
import type { HttpMethod, RetryPolicy } from './types';

export const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
export const DEFAULT_BASE_DELAY_MS = 250;
/** No single wait is longer than this, whatever Retry-After says (the deadline bounds it anyway). */
const MAX_DELAY_MS = 30_000;

export function hasIdempotencyKey(headers: Record<string, string> | undefined): boolean {
  if (!headers) return false;
  return Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key' && headers[name] !== '');
}

/** Extra attempts allowed for this request (0 when retrying it would not be safe). */
export function retriesAllowed(method: HttpMethod, headers: Record<string, string> | undefined, policy: RetryPolicy | undefined): number {
  const attempts = Math.max(0, Math.floor(policy?.attempts ?? 0));
  if (attempts === 0) return 0;
  if (IDEMPOTENT_METHODS.has(method)) return attempts;
  return (method === 'POST' || method === 'PATCH') && hasIdempotencyKey(headers) ? attempts : 0;
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Backoff before retry number `retry` (1-based): base·2^(retry−1), half of it random ("equal jitter"). */
export function backoffDelay(retry: number, baseDelayMs = DEFAULT_BASE_DELAY_MS, random = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** The wait before the next attempt, or undefined when waiting would cross the deadline. */
export function nextDelay(retry: number, policy: RetryPolicy | undefined, retryAfter: string | undefined, remainingMs: number): number | undefined {
  const fromServer = parseRetryAfter(retryAfter);
  const delay = Math.min(MAX_DELAY_MS, fromServer ?? backoffDelay(retry, policy?.base_delay_ms));
  // Leave the next attempt some time to run; a retry that can only time out is not worth making.
  return delay + 50 < remainingMs ? delay : undefined;
}
