// One deadline per call: a single timer and abort signal shared by every attempt, redirect, body read and
// backoff wait of the call, so nothing can add up past `timeout_ms`. A caller's own signal cancels too.
import { setTimeout as sleep } from 'node:timers/promises';

export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly endsAt: number;
  private readonly external?: AbortSignal;
  /** Set only when there is a caller's signal to listen to (most calls have none). */
  private readonly onExternalAbort?: () => void;
  /** Rejects the promise being raced, if any (one at a time: a call sends one request at a time). */
  private racing?: (reason: unknown) => void;
  /** The time ran out (as opposed to a cancellation by the caller). */
  expired = false;

  constructor(
    readonly timeoutMs: number,
    external?: AbortSignal,
  ) {
    this.endsAt = performance.now() + timeoutMs;
    this.timer = setTimeout(() => {
      this.expired = true;
      this.abort(new Error('deadline reached'));
    }, timeoutMs);
    if (external) {
      this.external = external;
      const onExternalAbort = () => this.abort(new Error('cancelled by the caller'));
      this.onExternalAbort = onExternalAbort;
      if (external.aborted) onExternalAbort();
      else external.addEventListener('abort', onExternalAbort, { once: true });
    }
  }

  private abort(reason: Error): void {
    this.controller.abort(reason);
    this.racing?.(reason);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  remaining(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  /**
   * `promise`, or a rejection as soon as the deadline passes. undici only honours an abort once the
   * request has a connection, so a DNS lookup or a TCP connect that never completes would otherwise
   * outlive the deadline.
   */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.aborted) {
      promise.catch(() => undefined); // undici aborts it once connected: nobody waits for it
      return Promise.reject(this.controller.signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      this.racing = (reason) => {
        promise.catch(() => undefined);
        reject(reason);
      };
      promise.then(
        (value) => {
          this.racing = undefined;
          resolve(value);
        },
        (error: unknown) => {
          this.racing = undefined;
          reject(error);
        },
      );
    });
  }

  /** Waits `ms`, or rejects as soon as the deadline passes or the caller cancels. */
  wait(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.controller.signal });
  }

  clear(): void {
    clearTimeout(this.timer);
    if (this.external && this.onExternalAbort) this.external.removeEventListener('abort', this.onExternalAbort);
  }
}
