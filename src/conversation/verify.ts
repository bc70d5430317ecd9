// Verifying that a webhook delivery comes from our agent platform. The real platform neither signs
// nor numbers its events, so what can be checked is: a shared secret (header `x-relais-secret`, or a
// token as a segment of the webhook URL's path, which works with platforms that only let you set a
// URL), optionally an HMAC-SHA256 of the raw body with a timestamp (for senders that sign, like the
// emulator), and the bot id in the body (checked after parsing, see processor.ts).
import { createHmac, createHash, timingSafeEqual } from 'node:crypto';

export const SECRET_HEADER = 'x-relais-secret';
export const SIGNATURE_HEADER = 'x-relais-signature';
export const TIMESTAMP_HEADER = 'x-relais-timestamp';
/** How far a signed timestamp may be from now, either way. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

export type HeaderBag = Record<string, string | string[] | undefined>;

export type RefusalReason = 'invalid_secret' | 'missing_signature' | 'stale_timestamp' | 'invalid_signature' | 'bot_id_mismatch';

/** A header by name, whatever the case of the bag's keys; the first value when repeated. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Constant-time string equality (digests first, so lengths never leak through timing either). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

/** The signature of a body: `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. */
export function signBody(secret: string, rawBody: string | Buffer, timestampSeconds: number): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestampSeconds}.`);
  hmac.update(rawBody);
  return `sha256=${hmac.digest('hex')}`;
}

/** Headers a signing sender adds: the timestamp (unix seconds) and the signature. */
export function signatureHeaders(secret: string, rawBody: string | Buffer, nowMs = Date.now()): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signBody(secret, rawBody, timestamp) };
}

/** True when the secret is in the `x-relais-secret` header or is one whole segment of the path. */
export function verifySharedSecret(secret: string, headers: HeaderBag, path?: string): boolean {
  const sent = headerValue(headers, SECRET_HEADER);
  let found = sent !== undefined && safeEqual(sent, secret);
  if (path) {
    const pathname = path.split('?')[0];
    for (const segment of pathname.split('/')) {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // a malformed escape is compared as it is
      }
      // Every segment is compared (no early exit) so timing does not tell where the token sits.
      found = safeEqual(decoded, secret) || found;
    }
  }
  return found;
}

/** Checks the timestamp window first (cheap), then the HMAC in constant time. */
export function verifySignature(secret: string, headers: HeaderBag, rawBody: string | Buffer, nowMs = Date.now(), toleranceMs = SIGNATURE_TOLERANCE_MS): RefusalReason | undefined {
  const signature = headerValue(headers, SIGNATURE_HEADER);
  const timestamp = headerValue(headers, TIMESTAMP_HEADER);
  if (!signature || !timestamp) return 'missing_signature';
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs - seconds * 1000) > toleranceMs) return 'stale_timestamp';
  return safeEqual(signature, signBody(secret, rawBody, seconds)) ? undefined : 'invalid_signature';
}

export interface DeliveryCheck {
  secret?: string;
  hmac_secret?: string;
  headers: HeaderBag;
  /** Needed for the HMAC check; without it a signed-delivery configuration refuses the request. */
  raw_body?: string | Buffer;
  path?: string;
  now_ms?: number;
}

/** Everything that can be checked before parsing; undefined when the delivery may be processed. */
export function verifyDelivery(check: DeliveryCheck): RefusalReason | undefined {
  if (check.secret && !verifySharedSecret(check.secret, check.headers, check.path)) return 'invalid_secret';
  if (check.hmac_secret) {
    if (check.raw_body === undefined) return 'missing_signature';
    return verifySignature(check.hmac_secret, check.headers, check.raw_body, check.now_ms);
  }
  return undefined;
}
