// One deadline per call: a single timer and abort signal shared by every attempt, redirect, body read and
// backoff wait of the call, so nothing can add up past `timeout_ms`. A caller's own signal cancels too.
import { setTimeout as sleep } from 'node:timers/promises';

export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly endsAt: number;
  private readonly external?: AbortSignal;
  private readonly onExternalAbort = () => this.controller.abort(new Error('cancelled by the caller'));
  /** The time ran out (as opposed to a cancellation by the caller). */
  expired = false;

  constructor(readonly timeoutMs: number, external?: AbortSignal) {
    this.endsAt = performance.now() + timeoutMs;
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new Error('deadline reached'));
    }, timeoutMs);
    if (external) {
      this.external = external;
      if (external.aborted) this.onExternalAbort();
      else external.addEventListener('abort', this.onExternalAbort, { once: true });
    }
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

  /** Waits `ms`, or rejects as soon as the deadline passes or the caller cancels. */
  wait(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.controller.signal });
  }

  clear(): void {
    clearTimeout(this.timer);
    this.external?.removeEventListener('abort', this.onExternalAbort);
  }
}
