// The Node (req, res) side of the SDK's web-standard Streamable HTTP transport: a Request built from
// the IncomingMessage's head only (the body is read by the server, capped, and handed over parsed),
// and the transport's Response written back — a JSON answer in one write, an SSE stream chunk by chunk
// until either side ends it. Used instead of the SDK's Node wrapper (a generic conversion through
// @hono/node-server) so that the transport's synchronous part is a call of ours (see handOver in
// server.ts) and a JSON answer leaves in one write.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Request with the method, URL and headers of `req`, and no body. */
export function toWebRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  const path = req.url ?? '/';
  const url = /^https?:\/\//i.test(path) ? path : `http://${req.headers.host ?? 'localhost'}${path.startsWith('/') ? '' : '/'}${path}`;
  return new Request(url, { method: req.method ?? 'GET', headers });
}

function headersOf(response: Response): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  return out;
}

/** Writes `response` to `res`; a streamed body is cancelled when the client goes away. */
export async function sendWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers = headersOf(response);
  if (response.body === null) {
    res.writeHead(response.status, headers).end();
    return;
  }
  if (!String(headers['content-type'] ?? '').startsWith('text/event-stream')) {
    // A JSON answer (or a refusal): known in full, sent with its length in one write.
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...headers, 'content-length': String(body.length) }).end(body);
    return;
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body.getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  res.once('close', stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
      if (res.destroyed) break;
    }
  } catch {
    // The stream was cancelled (client gone) or failed: nothing more to send.
  } finally {
    res.off('close', stop);
    if (!res.writableEnded) res.end();
  }
}
