// One deadline per call: a single timer shared by every attempt, redirect, body read and backoff wait of
// the call, so nothing can add up past `timeout_ms`. A caller's own signal cancels too. Whatever is in
// flight (an exchange, a backoff wait) registers a `cancel` function the deadline calls when it passes —
// one plain callback instead of an AbortController and its listeners. The deadlines of the process share
// one timer (DeadlineWatch), armed for the earliest: a call joins a linked list and leaves it, instead
// of creating and cancelling a timer of its own.

type Cancel = (reason: Error) => void;

/** A timer fires on the event loop's millisecond clock, which may run up to a millisecond behind
 * performance.now(): a deadline that near its end is due (as its own setTimeout would have been). */
const DUE_TOLERANCE_MS = 1;

/**
 * Every live deadline, watched by one timer armed for the earliest end. Adding a deadline that ends
 * later than the armed time (the usual case: calls with the same timeout end in the order they start)
 * costs a list insertion; a deadline cleared before its end leaves the timer as it is, and the timer,
 * when it fires, expires what is due and re-arms for the earliest remaining one. The timer keeps the
 * process alive only while a deadline is live, as each call's own timer did.
 */
class DeadlineWatch {
  /** The live deadlines, as a doubly linked list through their own fields (no set, no hashing). */
  private head?: Deadline;
  private count = 0;
  private timer?: NodeJS.Timeout;
  private armedFor = Infinity;

  add(deadline: Deadline): void {
    deadline.watchNext = this.head;
    if (this.head) this.head.watchPrev = deadline;
    this.head = deadline;
    deadline.watched = true;
    this.count++;
    if (deadline.endsAt < this.armedFor) this.arm(deadline.endsAt);
    else if (this.count === 1) this.timer?.ref();
  }

  remove(deadline: Deadline): void {
    if (!deadline.watched) return;
    deadline.watched = false;
    const { watchPrev: prev, watchNext: next } = deadline;
    if (prev) prev.watchNext = next;
    else this.head = next;
    if (next) next.watchPrev = prev;
    deadline.watchPrev = deadline.watchNext = undefined;
    if (--this.count === 0) this.timer?.unref();
  }

  /** How many deadlines are live, and whether the watch's timer holds the process (diagnostics, tests). */
  state(): { live: number; holdsProcess: boolean } {
    return { live: this.count, holdsProcess: this.timer?.hasRef() ?? false };
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(this.fire, Math.max(0, at - performance.now()));
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = performance.now() + DUE_TOLERANCE_MS;
    const due: Deadline[] = [];
    let next = Infinity;
    for (let deadline = this.head; deadline; deadline = deadline.watchNext) {
      if (deadline.endsAt <= now) due.push(deadline);
      else if (deadline.endsAt < next) next = deadline.endsAt;
    }
    for (const deadline of due) this.remove(deadline);
    // Armed before the expiries run, so one that throws cannot leave the others unwatched.
    if (next !== Infinity) this.arm(next);
    for (const deadline of due) deadline.expire();
  };
}

const watch = new DeadlineWatch();

/** The shared deadline timer's state: live deadlines, and whether it keeps the process alive. */
export function deadlineWatchState(): { live: number; holdsProcess: boolean } {
  return watch.state();
}

export class Deadline {
  /** performance.now() time at which the call is out of time. */
  readonly endsAt: number;
  private readonly external?: AbortSignal;
  /** Set only when there is a caller's signal to listen to (most calls have none). */
  private readonly onExternalAbort?: () => void;
  /** What is in flight (one thing at a time: a call sends one request, or waits, at a time). */
  private cancel?: Cancel;
  /** Why the call was stopped, once it was. */
  reason?: Error;
  /** The time ran out (as opposed to a cancellation by the caller). */
  expired = false;
  /** The watch's links (see DeadlineWatch). */
  watched = false;
  watchPrev?: Deadline = undefined;
  watchNext?: Deadline = undefined;

  constructor(
    readonly timeoutMs: number,
    external?: AbortSignal,
  ) {
    this.endsAt = performance.now() + timeoutMs;
    watch.add(this);
    if (external) {
      this.external = external;
      const onExternalAbort = () => this.abort(new Error('cancelled by the caller'));
      this.onExternalAbort = onExternalAbort;
      if (external.aborted) onExternalAbort();
      else external.addEventListener('abort', onExternalAbort, { once: true });
    }
  }

  /** Called by the watch when the time is up. */
  expire(): void {
    this.expired = true;
    this.abort(new Error('deadline reached'));
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
    watch.remove(this);
    this.cancel = undefined;
    if (this.external && this.onExternalAbort) this.external.removeEventListener('abort', this.onExternalAbort);
  }
}
