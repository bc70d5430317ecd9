// The two halves of caching parsed blocks by their JSON text (see parseBlock): the faithful JSON text of
// a value, which is the key, and deep freezing, which makes a cached block safe to hand to every caller.

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
      // Plain loops: this runs on every executeBlock of an unparsed block (the key).
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
