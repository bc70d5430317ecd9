// Collecting a response body under the byte cap, decompressing as it arrives. The cap applies to the
// decoded bytes (what the core would hold in memory), so a gzip bomb stops at the cap after inflating a
// chunk or two, never after inflating everything; the compressed bytes read are capped too.
import type { Transform } from 'node:stream';
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

/** The encodings announced in Accept-Encoding, all decoded as they arrive. */
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
 * A body being received, chunk by chunk, into one Buffer of at most `cap` decoded bytes. `push` throws
 * BodyTooLargeError as soon as the cap is crossed (the caller then stops the request); `end` resolves
 * the whole body. Identity bodies — the hot path — are plain Buffer chunks with a running count; encoded
 * ones go through a zlib decoder whose output is counted the same way.
 */
export class BodySink {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private raw = 0;
  private readonly decoder?: Transform;
  private readonly encoding?: string;
  private failure?: Error;
  private onDone?: (error: Error | undefined) => void;
  private ended = false;
  /** Told when decoding fails between chunks (a bomb crossing the cap, corrupt data), so the request
   * is stopped at once rather than at the next chunk. */
  onFailure?: (error: Error) => void;

  /** Throws BodyDecodeError for an encoding Relais did not ask for. */
  constructor(
    private readonly cap: number,
    contentEncoding: string | undefined,
  ) {
    const encoding = contentEncoding?.trim().toLowerCase();
    if (!encoding || encoding === 'identity') return;
    const decoder = decoderFor(encoding);
    if (!decoder) throw new BodyDecodeError(`the body is encoded as "${encoding.slice(0, 40)}", which Relais did not ask for (Accept-Encoding: ${ACCEPT_ENCODING})`);
    this.encoding = encoding;
    this.decoder = decoder;
    decoder.on('data', (chunk: Buffer) => {
      if (this.failure) return;
      this.total += chunk.length;
      if (this.total > cap) this.fail(new BodyTooLargeError(cap));
      else this.chunks.push(chunk);
    });
    decoder.on('error', () => this.fail(new BodyDecodeError(`the body is not valid ${encoding} data`)));
    decoder.on('end', () => {
      this.ended = true;
      this.onDone?.(this.failure);
    });
  }

  /** Adds a received chunk; throws BodyTooLargeError (or the decoder's failure) when it cannot be kept. */
  push(chunk: Buffer): void {
    if (this.failure) throw this.failure;
    if (this.decoder) {
      this.raw += chunk.length;
      if (this.raw > rawCapFor(this.cap)) throw this.fail(new BodyTooLargeError(this.cap));
      this.decoder.write(chunk);
      return;
    }
    this.total += chunk.length;
    if (this.total > this.cap) throw new BodyTooLargeError(this.cap);
    this.chunks.push(chunk);
  }

  /** Called once the last chunk is in: the whole decoded body. */
  end(done: (error: Error | undefined, body: Buffer) => void): void {
    const finish = (error: Error | undefined) => done(error, error ? Buffer.alloc(0) : this.concat());
    if (!this.decoder) return finish(undefined);
    if (this.failure || this.ended) return finish(this.failure);
    this.onDone = finish;
    this.decoder.end();
  }

  /** Stops decoding (the request failed or was cancelled). */
  destroy(): void {
    if (this.decoder && !this.ended) {
      this.failure ??= new BodyDecodeError(`the ${this.encoding} body was cut off`);
      this.decoder.destroy();
    }
  }

  private fail(error: Error): Error {
    if (this.failure) return this.failure;
    this.failure = error;
    this.decoder?.destroy();
    // A failure while decoding the end of the body settles the pending end() at once.
    const done = this.onDone;
    this.onDone = undefined;
    if (done) done(error);
    else this.onFailure?.(error);
    return error;
  }

  private concat(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.total);
  }
}
