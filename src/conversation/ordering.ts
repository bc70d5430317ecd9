// Per-conversation ordering: a flow must see a conversation's events in the order they arrived, even
// when handling one takes longer than the next takes to arrive. Different conversations run in parallel.

export interface KeyedQueue {
  /** Runs `task` after every earlier task of the same key has settled. */
  run<T>(key: string, task: () => Promise<T> | T): Promise<T>;
  /** Keys with work queued or running. */
  active(): number;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const current = previous.then(task, task);
      const tail = current.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      // Forget the key once nothing newer was queued behind this task.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return current;
    },
    active: () => tails.size,
  };
}
