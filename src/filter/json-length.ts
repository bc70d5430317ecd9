// JSON.stringify(value).length without building the text, for the plain data a response parses to:
// counting is about twice as fast as serialising for the few hundred characters a filtered result
// usually holds. Anything it cannot count exactly (class instances, toJSON, bigint, deep nesting, long
// strings, which native serialisation measures faster) is left to JSON.stringify: the answer is the
// same either way.

/** Returned when the value is not one this walk counts: measure it with JSON.stringify. */
export const UNCOUNTED = -1;

/** Past this depth (or on a cycle) the walk stops and JSON.stringify decides, as it would have. */
const MAX_DEPTH = 64;
/** Longer strings are measured natively (one call, no per-character loop in JavaScript). */
const LONG_STRING = 64;

/** Serialised length of a string: its length plus the quotes when nothing in it needs escaping. */
export function stringJsonLength(text: string): number {
  const n = text.length;
  if (n > LONG_STRING) return JSON.stringify(text).length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Quote, backslash and control characters are escaped; surrogates depend on their neighbour.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text).length;
  }
  return n + 2;
}

/** Digits of a safe integer's decimal form, without building the text. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** (i + 1));

/** Serialised length of a number, as JSON.stringify writes it: integers up to 2^53 by comparison (their
 * decimal form is exact: no exponent, no fraction), anything else by String(). */
export function numberJsonLength(n: number): number {
  if (Number.isSafeInteger(n)) {
    let digits = 1;
    const magnitude = n < 0 ? -n : n;
    while (digits < 16 && magnitude >= POWERS_OF_TEN[digits - 1]) digits++;
    return n < 0 ? digits + 1 : digits;
  }
  return Number.isFinite(n) ? String(n).length : 4;
}

/** Serialised length of a string, number or boolean; undefined for anything else. */
export function leafJsonLength(value: unknown): number | undefined {
  switch (typeof value) {
    case 'string':
      return stringJsonLength(value);
    case 'number':
      return numberJsonLength(value);
    case 'boolean':
      return value ? 4 : 5;
    default:
      return undefined;
  }
}

function count(value: unknown, depth: number, limit: number): number {
  const leaf = leafJsonLength(value);
  if (leaf !== undefined) return leaf;
  // undefined, functions, symbols, bigint: their rules depend on where they stand.
  if (typeof value !== 'object') return UNCOUNTED;
  if (value === null) return 4;
  if (depth > MAX_DEPTH) return UNCOUNTED;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return UNCOUNTED;
    let size = value.length > 0 ? value.length + 1 : 2; // brackets and commas
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      // undefined (or a hole) becomes null in an array; functions and symbols too, but are rare: native.
      const length = item === undefined ? 4 : count(item, depth + 1, limit - size);
      if (length === UNCOUNTED) return UNCOUNTED;
      size += length;
      if (size > limit) return size;
    }
    return size;
  }
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return UNCOUNTED;
  let size = 2;
  let first = true;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue; // left out of objects
    const length = count(item, depth + 1, limit - size);
    if (length === UNCOUNTED) return UNCOUNTED;
    size += (first ? 0 : 1) + stringJsonLength(key) + 1 + length;
    first = false;
    if (size > limit) return size;
  }
  return size;
}

/** JSON.stringify(value).length for plain JSON data, or UNCOUNTED when JSON.stringify must decide; with
 * a limit, any number above it as soon as the count passes it (a value sharing its parts — `[x, x]` —
 * can serialise to far more than it holds: the count stops instead of walking all of it). */
export function plainJsonLength(value: unknown, limit = Infinity): number {
  return count(value, 0, limit);
}
