// Duplicate deliveries. A delivery is known by its key (the event id: the platform's message id when
// it gives one, else a hash of the raw body) for a time window. The first delivery's answer is kept
// with it: a duplicate gets the same answer, even while the first is still being processed.
//
// Memory is bounded in bytes, not only in entries: an entry keeps the key and what `keep` makes of the
// first result (the processor keeps the reply's status and body, never the event and its raw body),
// and the oldest entries are forgotten first once the budget is spent.

export interface Deduper<T> {
  /**
   * Runs `produce` for the first delivery of `key` within the window; a duplicate gets the first one's
   * result (a promise while it is still running) and `duplicate: true`. `keep_ms` remembers this key
   * longer than the window (signed deliveries: as long as their timestamp is accepted).
   */
  once(key: string, produce: () => Promise<T>, keep_ms?: number): { duplicate: boolean; result: Promise<T> };
  /** Forgets `key` (a first delivery that was turned away, so a retry is a first delivery again). */
  forget(key: string): void;
  size(): number;
  /** Bytes accounted to the entries (keys, bookkeeping and the kept results). */
  bytes(): number;
}

export interface DedupeOptions<T = unknown> {
  /** 0 turns deduplication off. */
  window_ms: number;
  /** Oldest entries are forgotten first past this many (default 100,000). */
  max_entries?: number;
  /** Oldest entries are forgotten first past this many bytes (default 8 MiB). */
  max_bytes?: number;
  /** What an entry keeps of a settled result (default: the result itself). */
  keep?: (value: T) => T;
  /** The bytes a kept result costs (default: its JSON length). */
  size_of?: (value: T) => number;
  now?: () => number;
}

export const DEFAULT_DEDUPE_MAX_BYTES = 8 * 1024 * 1024;
export const DEFAULT_DEDUPE_MAX_ENTRIES = 100_000;
/** What an entry costs besides its key and result: the map slot, the record, the promise. */
const ENTRY_OVERHEAD_BYTES = 160;

function jsonBytes(value: unknown): number {
  try {
    return (JSON.stringify(value) ?? '').length * 2;
  } catch {
    return 1024;
  }
}

interface Entry<T> {
  until: number;
  result: Promise<T>;
  bytes: number;
}

export function createDeduper<T>(options: DedupeOptions<T>): Deduper<T> {
  const now = options.now ?? Date.now;
  const maxEntries = options.max_entries ?? DEFAULT_DEDUPE_MAX_ENTRIES;
  const maxBytes = options.max_bytes ?? DEFAULT_DEDUPE_MAX_BYTES;
  const keep = options.keep ?? ((value: T) => value);
  const sizeOf = options.size_of ?? jsonBytes;
  // Map iteration follows insertion order, so the oldest entry is always first.
  const seen = new Map<string, Entry<T>>();
  let total = 0;

  const drop = (key: string, entry: Entry<T>) => {
    if (seen.get(key) !== entry) return;
    seen.delete(key);
    total -= entry.bytes;
  };

  const prune = (time: number) => {
    for (const [key, entry] of seen) {
      if (entry.until > time && seen.size < maxEntries && total < maxBytes) break;
      drop(key, entry);
    }
  };

  return {
    once(key, produce, keepMs) {
      if (options.window_ms <= 0 && !keepMs) return { duplicate: false, result: produce() };
      const time = now();
      prune(time);
      const known = seen.get(key);
      if (known && known.until > time) return { duplicate: true, result: known.result };
      if (known) drop(key, known);
      const result = produce();
      const entry: Entry<T> = { until: time + Math.max(options.window_ms, keepMs ?? 0), result, bytes: ENTRY_OVERHEAD_BYTES + key.length * 2 };
      // Once settled, the entry holds only what `keep` makes of the result (and is charged for it).
      entry.result = result.then((value) => {
        const kept = keep(value);
        if (seen.get(key) === entry) {
          const extra = sizeOf(kept);
          entry.bytes += extra;
          total += extra;
          if (total > maxBytes) prune(now());
        }
        return kept;
      });
      // The kept promise never rejects unobserved: duplicates see the rejection, nobody else waits on it.
      entry.result.catch(() => undefined);
      seen.set(key, entry);
      total += entry.bytes;
      return { duplicate: false, result };
    },
    forget(key) {
      const entry = seen.get(key);
      if (entry) drop(key, entry);
    },
    size: () => seen.size,
    bytes: () => total,
  };
}
