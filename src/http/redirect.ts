// Following a redirect: the next request's method and body (301/302/303 become GET, 307/308 keep both),
// and what it may carry. When the origin changes, credentials stay behind: Authorization, Cookie, any
// credential-looking header and any header carrying one of the call's secrets. A body that carries a
// secret is never re-sent to another origin: the redirect is returned instead of followed.
import { isSensitiveHeader } from '../redact';
import type { HttpMethod, UrlParts } from './types';

export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface Hop {
  url: UrlParts;
  method: HttpMethod;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

function containsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => secret.length >= 4 && text.includes(secret));
}

function bodyText(body: string | Uint8Array): string {
  return typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

/** The request to make for a redirect, or undefined when it must not be followed. */
export function nextHop(current: Hop, status: number, location: string | undefined, secrets: readonly string[]): Hop | undefined {
  if (!location) return undefined;
  let url: URL;
  try {
    url = new URL(location, current.url.href);
  } catch {
    return undefined;
  }
  url.hash = '';
  const toGet = status === 303 || ((status === 301 || status === 302) && current.method !== 'GET' && current.method !== 'HEAD');
  const method: HttpMethod = toGet ? (current.method === 'HEAD' ? 'HEAD' : 'GET') : current.method;
  const body = toGet ? undefined : current.body;
  const crossOrigin = url.origin !== current.url.origin;
  if (crossOrigin && body !== undefined && containsSecret(bodyText(body), secrets)) return undefined;

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(current.headers)) {
    if (toGet && BODY_HEADERS.has(name.toLowerCase())) continue;
    if (crossOrigin && (isSensitiveHeader(name) || containsSecret(value, secrets))) continue;
    headers[name] = value;
  }
  return { url, method, headers, body };
}
