// One deadline per call: a single timer shared by every attempt, redirect, body read and backoff wait of
// the call, so nothing can add up past `timeout_ms`. A caller's own signal cancels too. Whatever is in
// flight (an exchange, a backoff wait) registers a `cancel` function the deadline calls when it passes —
// one plain callback instead of an AbortController and its listeners.

type Cancel = (reason: Error) => void;

export class Deadline {
  private readonly timer: NodeJS.Timeout;
  private readonly endsAt: number;
  private readonly external?: AbortSignal;
  /** Set only when there is a caller's signal to listen to (most calls have none). */
  private readonly onExternalAbort?: () => void;
  /** What is in flight (one thing at a time: a call sends one request, or waits, at a time). */
  private cancel?: Cancel;
  /** Why the call was stopped, once it was. */
  reason?: Error;
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
    if (this.reason) return;
    this.reason = reason;
    const cancel = this.cancel;
    this.cancel = undefined;
    cancel?.(reason);
  }

  get aborted(): boolean {
    return this.reason !== undefined;
  }

  remaining(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  /** `cancel` is called if the deadline passes (or the caller cancels) while it is registered. */
  attach(cancel: Cancel): void {
    this.cancel = cancel;
  }

  detach(cancel: Cancel): void {
    if (this.cancel === cancel) this.cancel = undefined;
  }

  /** Waits `ms`, or rejects as soon as the deadline passes or the caller cancels. */
  wait(ms: number): Promise<void> {
    if (this.reason) return Promise.reject(this.reason);
    return new Promise<void>((resolve, reject) => {
      const cancel: Cancel = (reason) => {
        clearTimeout(timer);
        reject(reason);
      };
      const timer = setTimeout(() => {
        this.detach(cancel);
        resolve();
      }, ms);
      this.attach(cancel);
    });
  }

  clear(): void {
    clearTimeout(this.timer);
    this.cancel = undefined;
    if (this.external && this.onExternalAbort) this.external.removeEventListener('abort', this.onExternalAbort);
  }
}
