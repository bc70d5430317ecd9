// The fast closures (fast-expression.ts) that also count their result's serialised size as they build it,
// so the filter does not walk the result a second time to learn it (the size bound, then the max_chars
// budget and the final_chars report). A `{key: …}` hash's keys, colons, commas and braces are constants
// of the expression; a projection's brackets and commas follow its item count; only what is copied from
// the response is counted (plainJsonLength on each copied value, a string's escape scan for a leaf), and
// the result of `@` is its input, whose size is passed along when known. Anything these do not count is
// left UNCOUNTED, and the caller counts the whole result as it did before (plainJsonLength, then
// JSON.stringify): the answer is the same either way.
import { compileFast, type Node } from './fast-expression';
import { numberJsonLength, plainJsonLength, stringJsonLength, UNCOUNTED } from './json-length';

/** What a sized evaluator reports besides its result. One per expression run. */
export interface Sizing {
  /** Counting stops past this many characters (the result's size bound): the result is refused anyway. */
  readonly limit: number;
  /** Set by every sized evaluator before it returns (invariant): JSON.stringify(result).length, exact
   * when it is ≤ limit and only known to be > limit otherwise; or UNCOUNTED, when this evaluator did not
   * count its result (the caller counts it itself, as for any value). */
  chars: number;
}

/** Computes what the fast closure computes on `value` (same value, same nulls) and sets `size.chars`.
 * `valueChars`: JSON.stringify(value).length under the same rule as Sizing.chars, or UNCOUNTED. */
export type SizedEvaluate = (value: unknown, valueChars: number, size: Sizing) => unknown;

/**
 * `chars` (a container's count so far) plus the serialised size of one more part of it, `item`, whose
 * size is `itemChars` when known (else it is counted here, with the room left). Past `limit` the count
 * stays as it is (already more than the limit); UNCOUNTED stays UNCOUNTED and is what an uncountable
 * item gives.
 */
function addSize(chars: number, item: unknown, itemChars: number, limit: number): number {
  if (chars === UNCOUNTED || chars > limit) return chars;
  let counted = itemChars;
  if (counted === UNCOUNTED) {
    if (typeof item === 'string') counted = stringJsonLength(item);
    else if (typeof item === 'number') counted = numberJsonLength(item);
    else counted = plainJsonLength(item, limit - chars);
  }
  return counted === UNCOUNTED ? UNCOUNTED : chars + counted;
}

/** Whether the sized evaluation of `node` reads its input's size (`@` standing for part of the result). */
function readsInputSize(node: Node): boolean {
  switch (node.type) {
    case 'Current':
    case 'Identity':
      return true;
    case 'Subexpression':
      return readsInputSize(node.left as Node);
    case 'MultiSelectHash':
      return (node.children ?? []).some((child) => readsInputSize(child.value as Node));
    default:
      // A field is read from its input, a projection or flatten counts its items: neither uses the input's size.
      return false;
  }
}

/**
 * `node` as sized closures, or undefined when compileFast does not handle it or when a hash names a key
 * twice (the later value replaces the earlier one: its constant part would be counted twice).
 */
export function compileSized(node: unknown): SizedEvaluate | undefined {
  if (compileFast(node) === undefined) return undefined;
  return sized(node as Node);
}

/** Only called on a node compileFast handles (its children are handled too). */
function sized(n: Node): SizedEvaluate | undefined {
  switch (n.type) {
    case 'Current':
    case 'Identity':
      return (value, valueChars, size) => {
        size.chars = valueChars;
        return value;
      };
    case 'Subexpression': {
      const right = sized(n.right as Node);
      if (!right) return undefined;
      if (!readsInputSize(n.right as Node)) {
        const left = compileFast(n.left) as (value: unknown) => unknown;
        return (value, _valueChars, size) => {
          const result = left(value);
          return result != null ? rightOrNull(right, result, UNCOUNTED, size) : nullResult(size);
        };
      }
      const left = sized(n.left as Node);
      if (!left) return undefined;
      return (value, valueChars, size) => {
        const result = left(value, valueChars, size);
        return result != null ? rightOrNull(right, result, size.chars, size) : nullResult(size);
      };
    }
    case 'Projection': {
      const left = compileFast(n.left) as (value: unknown) => unknown;
      const right = sized(n.right as Node);
      if (!right) return undefined;
      return (value, _valueChars, size) => {
        const base = left(value);
        if (!Array.isArray(base)) return nullResult(size);
        const collected: unknown[] = [];
        // `[` and the items; counting stops past the limit or at UNCOUNTED.
        let chars = 1;
        for (const elem of base) {
          const current = right(elem, UNCOUNTED, size);
          if (current === null) continue;
          collected.push(current);
          chars = addSize(chars, current, size.chars, size.limit);
        }
        // n items took n separators (commas and the closing bracket); none: `[]`.
        size.chars = collected.length === 0 ? 2 : chars === UNCOUNTED ? UNCOUNTED : chars + collected.length;
        return collected;
      };
    }
    case 'MultiSelectHash': {
      const children = n.children as Node[];
      const names = children.map((child) => child.name as string);
      if (new Set(names).size !== names.length) return undefined;
      const values: SizedEvaluate[] = [];
      for (const child of children) {
        const evaluate = sized(child.value as Node);
        if (!evaluate) return undefined;
        values.push(evaluate);
      }
      // The hash's own characters: braces, then `"key":` for each key and the commas between them.
      const keyChars = names.length === 0 ? 2 : names.reduce((sum, name) => sum + stringJsonLength(name) + 1, 1 + names.length);
      // A plain field of the current value (`{sku: sku}`) is read here, as in fast-expression.ts.
      const fieldOf = children.map((child) => (child.value?.type === 'Field' ? child.value.name : undefined));
      if (fieldOf.every((field) => field !== undefined)) {
        const fieldsOnly = fieldHash(names, fieldOf as string[], keyChars);
        if (fieldsOnly) return fieldsOnly;
      }
      return (value, valueChars, size) => {
        const collected: Record<string, unknown> = {};
        const record = recordOf(value);
        let chars = keyChars;
        for (let i = 0; i < names.length; i++) {
          const field = fieldOf[i];
          let item: unknown;
          let itemChars = UNCOUNTED;
          if (field !== undefined) item = record === undefined ? null : (record[field] ?? null);
          else {
            item = values[i](value, valueChars, size);
            itemChars = size.chars;
          }
          collected[names[i]] = item;
          chars = addSize(chars, item, itemChars, size.limit);
        }
        size.chars = chars;
        return collected;
      };
    }
    default: {
      // Field and Flatten: the value as the fast closure computes it; whoever needs its size counts it.
      const plain = compileFast(n) as (value: unknown) => unknown;
      return (value, _valueChars, size) => {
        size.chars = UNCOUNTED;
        return plain(value);
      };
    }
  }
}

function nullResult(size: Sizing): null {
  size.chars = 4;
  return null;
}

/** `right(result) ?? null`, sized. */
function rightOrNull(right: SizedEvaluate, result: unknown, resultChars: number, size: Sizing): unknown {
  const out = right(result, resultChars, size);
  return out ?? nullResult(size);
}

/** The object a field is read from, or undefined when the value has no fields (the field is then null). */
function recordOf(value: unknown): Record<string, unknown> | undefined {
  return value === null || typeof value !== 'object' || Array.isArray(value) ? undefined : (value as Record<string, unknown>);
}

/**
 * A hash of 1 to 4 plain fields (`{sku: sku, qty: qty}`, the usual shape a projection builds per item),
 * sized like the general hash above, with each field's read and write written out: V8 specialises a
 * property access per place in the code, and the general hash's loop reads and writes every key of
 * every hash at the same place (about 10 ns per field on the bench order, a few ns written out, while
 * few hashes of a given size are in use). Fields are read and keys written in the same order.
 * Undefined for other sizes (the general hash serves them).
 */
function fieldHash(names: string[], fields: string[], keyChars: number): SizedEvaluate | undefined {
  switch (names.length) {
    case 1: {
      const [n0] = names;
      const [f0] = fields;
      return (value, _valueChars, size) => {
        const record = recordOf(value);
        const collected: Record<string, unknown> = {};
        const v0 = record === undefined ? null : (record[f0] ?? null);
        collected[n0] = v0;
        size.chars = addSize(keyChars, v0, UNCOUNTED, size.limit);
        return collected;
      };
    }
    case 2: {
      const [n0, n1] = names;
      const [f0, f1] = fields;
      return (value, _valueChars, size) => {
        const record = recordOf(value);
        const collected: Record<string, unknown> = {};
        const v0 = record === undefined ? null : (record[f0] ?? null);
        collected[n0] = v0;
        const v1 = record === undefined ? null : (record[f1] ?? null);
        collected[n1] = v1;
        size.chars = addSize(addSize(keyChars, v0, UNCOUNTED, size.limit), v1, UNCOUNTED, size.limit);
        return collected;
      };
    }
    case 3: {
      const [n0, n1, n2] = names;
      const [f0, f1, f2] = fields;
      return (value, _valueChars, size) => {
        const record = recordOf(value);
        const collected: Record<string, unknown> = {};
        const v0 = record === undefined ? null : (record[f0] ?? null);
        collected[n0] = v0;
        const v1 = record === undefined ? null : (record[f1] ?? null);
        collected[n1] = v1;
        const v2 = record === undefined ? null : (record[f2] ?? null);
        collected[n2] = v2;
        const chars = addSize(addSize(keyChars, v0, UNCOUNTED, size.limit), v1, UNCOUNTED, size.limit);
        size.chars = addSize(chars, v2, UNCOUNTED, size.limit);
        return collected;
      };
    }
    case 4: {
      const [n0, n1, n2, n3] = names;
      const [f0, f1, f2, f3] = fields;
      return (value, _valueChars, size) => {
        const record = recordOf(value);
        const collected: Record<string, unknown> = {};
        const v0 = record === undefined ? null : (record[f0] ?? null);
        collected[n0] = v0;
        const v1 = record === undefined ? null : (record[f1] ?? null);
        collected[n1] = v1;
        const v2 = record === undefined ? null : (record[f2] ?? null);
        collected[n2] = v2;
        const v3 = record === undefined ? null : (record[f3] ?? null);
        collected[n3] = v3;
        const chars = addSize(addSize(keyChars, v0, UNCOUNTED, size.limit), v1, UNCOUNTED, size.limit);
        size.chars = addSize(addSize(chars, v2, UNCOUNTED, size.limit), v3, UNCOUNTED, size.limit);
        return collected;
      };
    }
    default:
      return undefined;
  }
}
