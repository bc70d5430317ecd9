// Per-conversation ordering: a flow must see a conversation's events in the order they arrived, even
// when handling one takes longer than the next takes to arrive. Different conversations run in
// parallel. A task that hangs must not stall its conversation for ever: after `hold_ms` the next task
// of the key starts anyway (the slow one keeps running). `depth(key)` tells how many tasks of a key
// are waiting or holding their turn, so a caller can bound a conversation's backlog.

export interface KeyedQueue {
  /** Runs `task` after every earlier task of the same key has settled (or held its turn `hold_ms`). */
  run<T>(key: string, task: () => Promise<T> | T, hold_ms?: number): Promise<T>;
  /** Keys with work queued or running. */
  active(): number;
  /** Tasks of `key` queued or holding their turn. */
  depth(key: string): number;
}

export function createKeyedQueue(): KeyedQueue {
  // Each key's tail is a gate that opens when its last task settles or its hold expires; gates never reject.
  const tails = new Map<string, { gate: Promise<void>; depth: number }>();
  return {
    run(key, task, holdMs) {
      const known = tails.get(key);
      const previous = known?.gate ?? Promise.resolve();
      let open: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const current = previous.then(() => {
        const timer = holdMs === undefined ? undefined : setTimeout(open, holdMs);
        timer?.unref();
        const running = Promise.resolve().then(task);
        const done = () => {
          clearTimeout(timer);
          open();
        };
        running.then(done, done);
        return running;
      });
      const tail = { gate, depth: (known?.depth ?? 0) + 1 };
      tails.set(key, tail);
      void gate.then(() => {
        const latest = tails.get(key);
        if (!latest) return;
        latest.depth -= 1;
        // Forget the key once nothing newer was queued behind this task.
        if (latest === tail) tails.delete(key);
      });
      return current;
    },
    active: () => tails.size,
    depth: (key) => tails.get(key)?.depth ?? 0,
  };
}
