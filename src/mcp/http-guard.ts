// The HTTP checks made before a request reaches the MCP transport: the Origin allow-list (the MCP
// spec's DNS-rebinding rule: a browser page on a foreign origin must not reach a local server) and the
// bearer token, compared in constant time over fixed-length digests so neither its value nor its length
// leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type Refusal = { status: 401 | 403; message: string; headers?: Record<string, string> };

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** `http://localhost:5173` stays as is; entries are compared on scheme, host and port. */
function normaliseOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? undefined : url.origin.toLowerCase();
  } catch {
    return undefined;
  }
}

export function createHttpGuard(options: { token?: string; allowed_origins?: readonly string[] }): (req: IncomingMessage) => Refusal | undefined {
  const expected = options.token === undefined || options.token === '' ? undefined : digest(options.token);
  const origins = new Set((options.allowed_origins ?? []).map((o) => (o === '*' ? '*' : normaliseOrigin(o))).filter((o): o is string => o !== undefined));

  return (req) => {
    const origin = req.headers.origin;
    // Non-browser clients send no Origin; a browser always does, and only listed origins get through.
    if (origin !== undefined && !origins.has('*')) {
      const normalised = normaliseOrigin(origin);
      if (normalised === undefined || !origins.has(normalised)) {
        return { status: 403, message: 'This Origin is not allowed to reach the MCP server; add it to the allowed origins if it is yours.' };
      }
    }
    if (expected) {
      const header = req.headers.authorization ?? '';
      const match = /^Bearer[ ]+(.+)$/i.exec(header.trim());
      if (!match || !timingSafeEqual(digest(match[1]), expected)) {
        return { status: 401, message: 'A valid bearer token is required (Authorization: Bearer <token>).', headers: { 'WWW-Authenticate': 'Bearer realm="relais-mcp"' } };
      }
    }
    return undefined;
  };
}
