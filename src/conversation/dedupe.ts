// Duplicate deliveries. The platform gives events no id, so a delivery is known by a hash of its raw
// body (which holds the conversation id) for a time window. The first delivery's reply is kept with
// it: a duplicate gets the same answer, even while the first is still being processed.

export interface Deduper<T> {
  /**
   * Runs `produce` for the first delivery of `key` within the window; a duplicate gets the first one's
   * result (a promise while it is still running) and `duplicate: true`.
   */
  once(key: string, produce: () => Promise<T>): { duplicate: boolean; result: Promise<T> };
  size(): number;
}

export interface DedupeOptions {
  /** 0 turns deduplication off. */
  window_ms: number;
  /** Oldest entries are forgotten first past this many (memory stays bounded under floods). */
  max_entries?: number;
  now?: () => number;
}

export function createDeduper<T>(options: DedupeOptions): Deduper<T> {
  const now = options.now ?? Date.now;
  const maxEntries = options.max_entries ?? 10_000;
  // Map iteration follows insertion order, so the oldest entry is always first.
  const seen = new Map<string, { at: number; result: Promise<T> }>();

  const prune = (time: number) => {
    for (const [key, entry] of seen) {
      if (time - entry.at < options.window_ms && seen.size < maxEntries) break;
      seen.delete(key);
    }
  };

  return {
    once(key, produce) {
      if (options.window_ms <= 0) return { duplicate: false, result: produce() };
      const time = now();
      prune(time);
      const known = seen.get(key);
      if (known && time - known.at < options.window_ms) return { duplicate: true, result: known.result };
      const result = produce();
      seen.set(key, { at: time, result });
      return { duplicate: false, result };
    },
    size: () => seen.size,
  };
}
