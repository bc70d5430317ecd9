// The fast closures (fast-expression.ts) that also count their result's serialised size as they build it,
// so the filter does not walk the result a second time to learn it (the size bound, then the max_chars
// budget and the final_chars report). A `{key: …}` hash's keys, colons, commas and braces are constants
// of the expression; a projection's brackets and commas follow its item count; only what is copied from
// the response is counted (plainJsonLength on each copied value, a string's escape scan for a leaf), and
// the result of `@` is its input, whose size is passed along when known. Anything these do not count is
// left UNCOUNTED, and the caller counts the whole result as it did before (plainJsonLength, then
// JSON.stringify): the answer is the same either way.
import { compileFast } from './fast-expression';
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

interface Node {
  type: string;
  name?: string;
  left?: Node;
  right?: Node;
  child?: Node;
  value?: Node;
  children?: Node[];
}

/** Serialised size of `value` with `room` characters left: a known size, else counted (or UNCOUNTED). */
function sizeOf(value: unknown, chars: number, room: number): number {
  if (chars !== UNCOUNTED) return chars;
  if (typeof value === 'string') return stringJsonLength(value);
  return typeof value === 'number' ? numberJsonLength(value) : plainJsonLength(value, room);
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
        // `[`, then each item with the comma or `]` after it; counting stops past the limit or at UNCOUNTED.
        let chars = 1;
        for (const elem of base) {
          const current = right(elem, UNCOUNTED, size);
          if (current === null) continue;
          collected.push(current);
          if (chars !== UNCOUNTED && chars <= size.limit) {
            const item = sizeOf(current, size.chars, size.limit - chars);
            chars = item === UNCOUNTED ? UNCOUNTED : chars + item + 1;
          }
        }
        size.chars = collected.length === 0 ? 2 : chars;
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
      return (value, valueChars, size) => {
        const collected: Record<string, unknown> = {};
        const record = value === null || typeof value !== 'object' || Array.isArray(value) ? undefined : (value as Record<string, unknown>);
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
          if (chars !== UNCOUNTED && chars <= size.limit) {
            const counted = sizeOf(item, itemChars, size.limit - chars);
            chars = counted === UNCOUNTED ? UNCOUNTED : chars + counted;
          }
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
