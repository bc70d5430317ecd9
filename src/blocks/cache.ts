// Parsed parameters, cached by their JSON text: hosts run the same block for every message, and
// validating fourteen coerced, templated parameters costs far more than the lookup. Cached values are
// deeply frozen, so a caller can never change what another call gets.

const LIMIT = 1000;
const cache = new Map<string, unknown>();

/** Only JSON-representable values (text, finite numbers, booleans, null, arrays, plain objects) have a
 * faithful JSON text; anything else (NaN, undefined inside, class instances) is parsed uncached. */
function isPlainJson(value: unknown, depth: number): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (depth > 32) return false;
      // Plain loops: this runs on every executeBlock of an unparsed block (the cache key).
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** The JSON text of `value` as a cache key, or undefined when JSON would not represent it faithfully. */
export function jsonKey(value: unknown): string | undefined {
  return isPlainJson(value, 0) ? JSON.stringify(value) : undefined;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/** The cached result for `key`, or `compute()` frozen and cached. Failures are not cached. */
export function cached<T>(key: string | undefined, compute: () => T): T {
  if (key === undefined) return deepFreeze(compute());
  const hit = cache.get(key);
  if (hit !== undefined) return hit as T;
  const value = deepFreeze(compute());
  if (cache.size >= LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/**
 * A plain-JSON copy of a value, for telling later whether the same (mutable) object still holds exactly
 * that value: comparing a few dozen primitives is several times cheaper than serialising the object
 * again to look its text up. Checked against the value's JSON text when stored, so it is what that text says.
 */
type Snapshot = null | string | number | boolean | ArraySnapshot | ObjectSnapshot;

class ArraySnapshot {
  constructor(readonly items: Snapshot[]) {}
}

class ObjectSnapshot {
  constructor(
    readonly keys: string[],
    readonly values: Snapshot[],
  ) {}
}

function snapshotOf(value: unknown): Snapshot {
  if (value === null || typeof value !== 'object') return value as Snapshot;
  if (Array.isArray(value)) return new ArraySnapshot(value.map(snapshotOf));
  const keys = Object.keys(value);
  return new ObjectSnapshot(
    keys,
    keys.map((key) => snapshotOf((value as Record<string, unknown>)[key])),
  );
}

/**
 * True when `value` would give exactly the JSON text the snapshot was made from, and is plain JSON
 * (the isPlainJson rules): same own enumerable keys in the same order (the order JSON.stringify
 * writes), same primitives (Object.is: -0 is not 0), arrays of the same length.
 */
function matches(value: unknown, snapshot: Snapshot, depth: number): boolean {
  if (snapshot === null || typeof snapshot !== 'object') {
    return typeof value === 'number' ? Object.is(value, snapshot) : value === snapshot;
  }
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  if (snapshot instanceof ArraySnapshot) {
    if (!Array.isArray(value) || value.length !== snapshot.items.length) return false;
    for (let i = 0; i < value.length; i++) if (!matches(value[i], snapshot.items[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const { keys, values } = snapshot;
  let i = 0;
  // No own-property test: the snapshot holds own keys only, so an inherited enumerable key (a polluted
  // prototype) is an extra key here and the answer is "no match" — the text cache then decides, correctly.
  for (const key in value) {
    if (i >= keys.length || key !== keys[i]) return false;
    const item = (value as Record<string, unknown>)[key];
    const expected = values[i];
    // Primitives compared here (most of a block), without a call per value; same rule as the top of matches.
    if (expected === null || typeof expected !== 'object') {
      if (typeof item === 'number' ? !Object.is(item, expected) : item !== expected) return false;
    } else if (!matches(item, expected, depth + 1)) return false;
    i++;
  }
  return i === keys.length;
}

/**
 * Results cached per input object: `get` answers only while the object still holds the JSON it held
 * when its result was stored (a caller may change an object between calls; then the text cache decides).
 */
export class ObjectResultCache<T> {
  private readonly byObject = new WeakMap<object, { snapshot: Snapshot; result: T }>();

  get(input: unknown): T | undefined {
    if (input === null || typeof input !== 'object') return undefined;
    const entry = this.byObject.get(input);
    return entry !== undefined && matches(input, entry.snapshot, 0) ? entry.result : undefined;
  }

  /** `fromText` is JSON.parse(jsonKey(input)): the value the input's faithful JSON text says. */
  set(input: unknown, fromText: unknown, result: T): void {
    if (input === null || typeof input !== 'object') return;
    // Taken from the input itself, so the next call's comparisons find the very same strings (one pointer
    // compare each, instead of comparing copies character by character); kept only when it is exactly
    // what the text says (an accessor may give another value on each read).
    const snapshot = snapshotOf(input);
    if (!matches(fromText, snapshot, 0)) return;
    this.byObject.set(input, { snapshot, result });
  }
}
