// createAgentWebhook: the processor (processor.ts) as a Node `(req, res)` handler, for node:http,
// express or Node-RED's httpNode. It reads the raw body itself (capped), or uses what a body parser
// already read (`req.rawBody`, else `req.body`: then HMAC cannot be checked and signed setups refuse).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RelaisError } from '../errors';
import { createAgentEventProcessor, type AgentEventHandler, type AgentEventProcessor, type AgentWebhookOptions, type WebhookReply } from './processor';

export type AgentWebhookHandler = ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & {
  readonly processor: AgentEventProcessor;
};

/** What express-style body parsers leave on the request. */
type ParsedRequest = IncomingMessage & { rawBody?: unknown; body?: unknown };

export type RawBodyResult = { ok: true; raw: Buffer } | { ok: false; reason: 'too_large' | 'aborted' | 'timeout' };

/**
 * Reads a request body up to `limit` bytes; stops collecting (and drains) as soon as it is over. With
 * `timeout_ms`, a body that has not fully arrived by then is given up (`timeout`): a slow sender cannot
 * hold the request open.
 */
export function readRawBody(req: IncomingMessage, limit: number, timeout_ms?: number): Promise<RawBodyResult> {
  return new Promise((settle) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    let timer: NodeJS.Timeout | undefined;
    const resolve = (result: RawBodyResult) => {
      clearTimeout(timer);
      if (!result.ok) {
        over = true;
        chunks.length = 0;
      }
      settle(result);
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve({ ok: false, reason: 'too_large' });
      return;
    }
    if (timeout_ms !== undefined && timeout_ms > 0) {
      timer = setTimeout(() => resolve({ ok: false, reason: 'timeout' }), timeout_ms);
      timer.unref();
    }
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        resolve({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve({ ok: true, raw: Buffer.concat(chunks) });
    });
    req.on('error', () => resolve({ ok: false, reason: 'aborted' }));
    req.on('aborted', () => resolve({ ok: false, reason: 'aborted' }));
  });
}

/** Writes a processor reply as JSON. */
export function sendReply(res: ServerResponse, reply: Pick<WebhookReply, 'status' | 'body'>): void {
  if (res.headersSent) return;
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

export function createAgentWebhook(options: AgentWebhookOptions & { onEvent: AgentEventHandler }): AgentWebhookHandler {
  if (typeof options?.onEvent !== 'function') {
    throw new RelaisError('conversation_error', 'The agent webhook is not configured correctly: onEvent, a function receiving each event, is required.', {
      fr: "Le webhook d'agent n'est pas configuré correctement : onEvent, une fonction qui reçoit chaque événement, est obligatoire.",
      issues: [{ path: 'onEvent', message: 'required', fr: 'obligatoire' }],
    });
  }
  const processor = createAgentEventProcessor(options);
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        sendReply(res, { status: 405, body: { error: 'method_not_allowed' } });
        return;
      }
      const parsed = req as ParsedRequest;
      const path = req.url ?? '';
      if (Buffer.isBuffer(parsed.rawBody) || typeof parsed.rawBody === 'string') {
        sendReply(res, await processor.receive({ headers: req.headers, raw_body: parsed.rawBody, path }));
        return;
      }
      if (parsed.body !== undefined && req.readableEnded) {
        sendReply(res, await processor.receive({ headers: req.headers, body: parsed.body, path }));
        return;
      }
      // The shared secret (header or path token) is checked before a byte of the body is read.
      const early = processor.precheck(req.headers, path);
      if (early) {
        res.setHeader('connection', 'close');
        sendReply(res, early);
        req.resume();
        return;
      }
      const read = await readRawBody(req, processor.options.max_body_bytes, processor.options.body_timeout_ms);
      if (!read.ok) {
        if (read.reason !== 'aborted') {
          res.setHeader('connection', 'close');
          sendReply(res, read.reason === 'too_large' ? processor.tooLarge() : processor.bodyTimeout());
          // The sender is still uploading: close the connection once the 408 is out.
          if (read.reason === 'timeout') res.once('finish', () => req.destroy());
        }
        return;
      }
      sendReply(res, await processor.receive({ headers: req.headers, raw_body: read.raw, path }));
    } catch {
      // Never let a request error escape into the host (Node-RED dies on unhandled rejections).
      sendReply(res, { status: 500, body: { error: 'internal_error' } });
    }
  };
  return Object.assign(handler, { processor });
}
