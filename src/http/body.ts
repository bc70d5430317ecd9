// Reading a response body under the byte cap, decompressing as it streams. The cap applies to the
// decoded bytes (what the core would hold in memory), so a gzip bomb stops at the cap after inflating a
// chunk or two, never after inflating everything; the compressed bytes read are capped too.
import { pipeline } from 'node:stream/promises';
import type { Readable, Transform } from 'node:stream';
import * as zlib from 'node:zlib';

/** Thrown when the body would exceed the cap; the client turns it into too_large. */
export class BodyTooLargeError extends Error {
  readonly code = 'RELAIS_TOO_LARGE';
  constructor(readonly limit: number) {
    super(`response body larger than ${limit} bytes`);
  }
}

/** Thrown when a compressed body is corrupt. */
export class BodyDecodeError extends Error {
  readonly code = 'RELAIS_BAD_ENCODING';
  constructor(readonly encoding: string) {
    super(`response body is not valid ${encoding} data`);
  }
}

/** The encodings announced in Accept-Encoding (zstd only where this Node has it). */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

function decoderFor(encoding: string): Transform | undefined {
  // Z_SYNC_FLUSH tolerates bodies cut by the server without a proper end (as browsers do).
  const lenient = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(lenient);
    case 'deflate':
      return zlib.createInflate(lenient);
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/** Compressed input allowed for a decoded cap: incompressible data grows a little when gzipped. */
function rawCapFor(cap: number): number {
  return cap + Math.ceil(cap / 64) + 1024;
}

/**
 * The whole body as one Buffer, at most `cap` decoded bytes; rejects with BodyTooLargeError beyond it
 * (the stream is destroyed, so the connection stops reading).
 */
export async function readBody(body: Readable, contentEncoding: string | undefined, cap: number): Promise<Buffer> {
  const encoding = contentEncoding?.trim().toLowerCase();
  const decoder = encoding && encoding !== 'identity' ? decoderFor(encoding) : undefined;
  if (!decoder) return collect(body, cap);
  const chunks: Buffer[] = [];
  let total = 0;
  let raw = 0;
  const rawCap = rawCapFor(cap);
  let decoderFailed = false;
  decoder.once('error', () => (decoderFailed = true));
  body.on('data', (chunk: Buffer) => {
    raw += chunk.length;
    if (raw > rawCap) body.destroy(new BodyTooLargeError(cap));
  });
  try {
    await pipeline(body, decoder, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        total += chunk.length;
        if (total > cap) throw new BodyTooLargeError(cap);
        chunks.push(chunk);
      }
    });
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error;
    if (decoderFailed) throw new BodyDecodeError(encoding as string);
    throw error;
  }
  return Buffer.concat(chunks, total);
}

/** Uncompressed: the hot path — plain 'data' events, cheaper than an async iterator per response. */
function collect(body: Readable, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    body.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > cap) {
        body.destroy(new BodyTooLargeError(cap));
        return;
      }
      chunks.push(chunk);
    });
    // Plain `on`: `once` wrappers cost a removal each on undici's body streams, and the stream is
    // dropped right after anyway.
    body.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total)));
    body.on('error', reject);
    body.on('close', () => {
      // Closed without 'end' or 'error' (a destroyed socket): the body is incomplete.
      if (!body.readableEnded) reject(Object.assign(new Error('response body closed before its end'), { code: 'ECONNRESET' }));
    });
  });
}
