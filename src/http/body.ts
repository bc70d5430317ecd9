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

/** Thrown when a compressed body is corrupt or compressed in a way Relais did not ask for. */
export class BodyDecodeError extends Error {
  readonly code = 'RELAIS_BAD_ENCODING';
}

/** The encodings announced in Accept-Encoding, all decoded as they stream. */
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
  if (!encoding || encoding === 'identity') return collect(body, cap);
  const decoder = decoderFor(encoding);
  if (!decoder) {
    discard(body);
    throw new BodyDecodeError(`the body is encoded as "${encoding.slice(0, 40)}", which Relais did not ask for (Accept-Encoding: ${ACCEPT_ENCODING})`);
  }
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
    if (decoderFailed) throw new BodyDecodeError(`the body is not valid ${encoding} data`);
    throw error;
  }
  return Buffer.concat(chunks, total);
}

/** Stops reading a body that will not be used (its connection is closed, not reused). */
export function discard(body: Readable): void {
  body.on('error', () => undefined); // undici reports the destruction as an error: expected here
  body.destroy();
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
