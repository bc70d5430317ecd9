// The one cache helper of the core: a map that keeps at most `limit` entries and forgets the oldest
// stored first. Used where the same input comes back call after call (a block's templates, a credential's
// redactor, a filter expression) and computing its result costs more than looking it up.
//
// Invariant (the caller's to keep, and the reason each use says what its key is): the key says
// everything the value depends on, and the value is never changed after it is stored (store frozen or
// immutable values). Then a hit returns exactly what computing again would return. Failures are not
// stored: compute throws, nothing is kept, the next call computes (and fails) again.

export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`BoundedCache limit must be a positive integer (got ${limit})`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    if (!this.entries.has(key) && this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, value);
  }

  /** The value stored under `key`, or `compute()` stored and returned (nothing stored when it throws). */
  getOrCompute(key: K, compute: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined || this.entries.has(key)) return hit as V;
    const value = compute();
    this.set(key, value);
    return value;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
