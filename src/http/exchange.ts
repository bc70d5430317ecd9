// One HTTP exchange (a single hop: no redirect, no retry) on undici's low-level `dispatch`, with a
// handler of our own (undici's current handler API) instead of `Agent.request`: no body stream, no AbortController, one promise. The
// call's Deadline cancels it through `cancel` (before the connection exists, the promise rejects at once
// and undici's request is aborted as soon as it gets one); the byte cap is enforced as chunks arrive.
import type { IncomingHttpHeaders } from 'node:http';
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
    dispatcher.dispatch(options as Dispatcher.DispatchOptions, handler);
  });
}

/**
 * undici's parsed headers (lower-case names, repeated ones as arrays) as one string per name, in place:
 * the object is made for this response by undici (parseHeaders, which already keeps a "__proto__" header
 * an own property) and handed over; a repeated header's array is replaced by its values joined. An
 * assignment to an own property, "__proto__" included, never touches the prototype.
 */
function joinHeaders(parsed: IncomingHttpHeaders): Record<string, string> {
  for (const name in parsed) {
    if (!Object.hasOwn(parsed, name)) continue;
    const entry = parsed[name];
    if (typeof entry === 'string') continue;
    if (Array.isArray(entry)) parsed[name] = entry.join(', ');
    else delete parsed[name];
  }
  return parsed as Record<string, string>;
}

/**
 * undici's handler interface (onRequestStart / onResponseStart / onResponseData / onResponseEnd /
 * onResponseError: the only one undici 8 keeps). The controller is how the exchange aborts.
 */
class ExchangeHandler implements Dispatcher.DispatchHandler {
  private controller?: Dispatcher.DispatchController;
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
    // Not started yet: onRequestStart aborts the request as soon as undici starts it.
    this.controller?.abort(reason);
  };

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.failure) controller.abort(this.failure);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, parsed: IncomingHttpHeaders): void {
    if (statusCode < 200) return; // 1xx informational: the real answer follows
    this.status = statusCode;
    const headers = joinHeaders(parsed);
    this.headers = headers;
    if (!this.wantsBody(statusCode, headers)) return;
    const encoding = headers['content-encoding'];
    if (!encoding && Number(headers['content-length']) > this.cap) return this.cancel(new BodyTooLargeError(this.cap));
    try {
      this.sink = new BodySink(this.cap, encoding);
    } catch (error) {
      return this.cancel(error as Error);
    }
    this.sink.onFailure = this.cancel;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    if (!this.sink) {
      this.skipped += chunk.length;
      if (this.skipped > SKIP_LIMIT) {
        // Not worth reading to keep the connection: close it and go on with the redirect.
        this.succeed(Buffer.alloc(0));
        controller.abort(new Error('redirect body skipped'));
      }
      return;
    }
    try {
      this.sink.push(chunk);
    } catch (error) {
      this.cancel(error as Error);
    }
  }

  onResponseEnd(): void {
    if (this.settled) return;
    if (!this.sink) return this.succeed(Buffer.alloc(0));
    this.sink.end((error, body) => (error ? this.cancel(error) : this.succeed(body)));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
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
