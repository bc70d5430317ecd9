// How the emulator delivers events to the integration's webhooks. It calls only the two URLs it was
// given (a local development tool talking to local webhooks), so it uses plain fetch rather than the
// core transport with its SSRF guard; it still has a deadline and a size cap on every call.
import { SECRET_HEADER, signatureHeaders } from '../conversation/verify';

export interface WebhookTarget {
  url?: string;
  /** Sent as `x-relais-secret`. */
  secret?: string;
  /** Signs each body (`x-relais-timestamp`, `x-relais-signature`). */
  signing_secret?: string;
  timeout_ms: number;
}

export interface Delivery {
  status?: number;
  /** The parsed JSON answer (or the text when it is not JSON). */
  answer?: unknown;
  error?: string;
  skipped?: boolean;
  duration_ms: number;
}

const MAX_ANSWER_BYTES = 1024 * 1024;

export async function deliver(target: WebhookTarget, body: unknown): Promise<Delivery> {
  const started = Date.now();
  if (!target.url) return { skipped: true, duration_ms: 0 };
  const payload = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'relais-emulator' };
  if (target.secret) headers[SECRET_HEADER] = target.secret;
  if (target.signing_secret) Object.assign(headers, signatureHeaders(target.signing_secret, payload));
  try {
    // The one exception to "every outbound call goes through runtime.http": the emulator plays the
    // platform, calling the developer's own webhook (usually on loopback) the way the platform would.
    // eslint-disable-next-line no-restricted-globals -- the emulator's own sender, marked (see eslint.config.mjs)
    const response = await fetch(target.url, { method: 'POST', headers, body: payload, signal: AbortSignal.timeout(target.timeout_ms), redirect: 'manual' });
    const text = await readCapped(response);
    let answer: unknown = text;
    try {
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      // kept as text: the log shows what came back
    }
    return { status: response.status, answer, duration_ms: Date.now() - started };
  } catch (error) {
    // Duck-typed: fetch's DOMException is not an `instanceof Error` in every realm (e.g. jest's).
    const failure = error as { name?: string; message?: string; cause?: { message?: string } };
    const reason = failure.name === 'TimeoutError' ? `no answer within ${target.timeout_ms} ms` : (failure.cause?.message ?? failure.message ?? String(error));
    return { error: reason, duration_ms: Date.now() - started };
  }
}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) throw new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}
