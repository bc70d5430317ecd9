// One HTTP exchange (a single hop: no redirect, no retry) on undici's low-level `dispatch`, with a
// handler of our own instead of `Agent.request`: no body stream, no AbortController, one promise. The
// call's Deadline cancels it through `cancel` (before the connection exists, the promise rejects at once
// and undici's request is aborted as soon as it gets one); the byte cap is enforced as chunks arrive.
import type { Dispatcher } from 'undici';
import { BodySink, BodyTooLargeError } from './body';
import type { Deadline } from './deadline';

export interface Exchange {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The decoded body (empty when it was not wanted). */
  body: Buffer;
}

/** Told the status and headers; false when the body is not wanted (a redirect about to be followed). */
export type WantsBody = (status: number, headers: Record<string, string>) => boolean;

export interface ExchangeOptions {
  origin: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
}

/** Bytes of an unwanted body (a redirect's) read to keep the connection; beyond, it is closed instead. */
const SKIP_LIMIT = 131_072;

export function exchange(dispatcher: Dispatcher, options: ExchangeOptions, cap: number, deadline: Deadline, wantsBody: WantsBody): Promise<Exchange> {
  return new Promise<Exchange>((resolve, reject) => {
    const handler = new ExchangeHandler(resolve, reject, cap, deadline, wantsBody);
    if (deadline.reason) return handler.cancel(deadline.reason);
    deadline.attach(handler.cancel);
    dispatcher.dispatch(options as Dispatcher.DispatchOptions, handler as unknown as Dispatcher.DispatchHandler);
  });
}

/** Raw header list (name, value, name, value… as Buffers) to an object, as undici's request() does. */
function parseHeaders(raw: (Buffer | string | string[])[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    // Header names are tokens (ASCII): latin1 decoding is the cheapest exact one.
    const name = raw[i].toString('latin1').toLowerCase();
    const entry = raw[i + 1];
    const value = Array.isArray(entry) ? entry.join(', ') : entry.toString('latin1');
    if (Object.hasOwn(out, name)) out[name] += `, ${value}`;
    else if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, configurable: true, writable: true });
    else out[name] = value;
  }
  return out;
}

/** undici's handler interface (the callback form `dispatch` calls directly, without a wrapper). */
class ExchangeHandler {
  private abortRequest?: (reason: Error) => void;
  private settled = false;
  private failure?: Error;
  private status = 0;
  private headers: Record<string, string> = {};
  /** Undefined while skipping an unwanted body. */
  private sink?: BodySink;
  private skipped = 0;

  constructor(
    private readonly resolve: (exchange: Exchange) => void,
    private readonly reject: (error: Error) => void,
    private readonly cap: number,
    private readonly deadline: Deadline,
    private readonly wantsBody: WantsBody,
  ) {}

  /** Stops the exchange with `reason` (the deadline passed, the body is too large…). */
  readonly cancel = (reason: Error): void => {
    if (this.settled) return;
    this.fail(reason);
    this.sink?.destroy();
    // Not connected yet: onConnect aborts the request as soon as undici assigns it a connection.
    this.abortRequest?.(reason);
  };

  onConnect(abort: (reason: Error) => void): void {
    if (this.failure) abort(this.failure);
    else this.abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: (Buffer | string | string[])[]): boolean {
    if (statusCode < 200) return true; // 1xx informational: the real answer follows
    this.status = statusCode;
    const headers = parseHeaders(rawHeaders);
    this.headers = headers;
    if (!this.wantsBody(statusCode, headers)) return true;
    const encoding = headers['content-encoding'];
    if (!encoding && Number(headers['content-length']) > this.cap) {
      this.cancel(new BodyTooLargeError(this.cap));
      return false;
    }
    try {
      this.sink = new BodySink(this.cap, encoding);
    } catch (error) {
      this.cancel(error as Error);
      return false;
    }
    this.sink.onFailure = this.cancel;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return false;
    if (!this.sink) {
      this.skipped += chunk.length;
      if (this.skipped > SKIP_LIMIT) {
        // Not worth reading to keep the connection: close it and go on with the redirect.
        this.succeed(Buffer.alloc(0));
        this.abortRequest?.(new Error('redirect body skipped'));
        return false;
      }
      return true;
    }
    try {
      this.sink.push(chunk);
    } catch (error) {
      this.cancel(error as Error);
      return false;
    }
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    if (!this.sink) return this.succeed(Buffer.alloc(0));
    this.sink.end((error, body) => (error ? this.cancel(error) : this.succeed(body)));
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.sink?.destroy();
    this.fail(error);
  }

  private succeed(body: Buffer): void {
    if (this.settled) return;
    this.settled = true;
    this.deadline.detach(this.cancel);
    this.resolve({ status: this.status, headers: this.headers, body });
  }

  private fail(error: Error): void {
    this.settled = true;
    this.failure = error;
    this.deadline.detach(this.cancel);
    this.reject(error);
  }
}
