// Per-conversation ordering: a flow must see a conversation's events in the order they arrived, even
// when handling one takes longer than the next takes to arrive. Different conversations run in
// parallel. A task that hangs must not stall its conversation for ever: after `hold_ms` the next task
// of the key starts anyway (the slow one keeps running).

export interface KeyedQueue {
  /** Runs `task` after every earlier task of the same key has settled (or held its turn `hold_ms`). */
  run<T>(key: string, task: () => Promise<T> | T, hold_ms?: number): Promise<T>;
  /** Keys with work queued or running. */
  active(): number;
}

export function createKeyedQueue(): KeyedQueue {
  // Each key's tail is a gate that opens when its last task settles or its hold expires; gates never reject.
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, task, holdMs) {
      const previous = tails.get(key) ?? Promise.resolve();
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
      tails.set(key, gate);
      // Forget the key once nothing newer was queued behind this task.
      void gate.then(() => {
        if (tails.get(key) === gate) tails.delete(key);
      });
      return current;
    },
    active: () => tails.size,
  };
}
