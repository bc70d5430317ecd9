// The common shape of a filter expression — field reads, sub-expressions, `{key: …}` hashes, `[]`
// flatten-projections, `@` — turned once into plain closures, so running it on each response skips the
// tree interpreter's per-node dispatch. Each closure does exactly what @jmespath-community/jmespath's
// TreeInterpreter does for that node type (same nulls, same dropped nulls in projections); any other
// node type anywhere gives undefined and the interpreter runs as before. Only used for expressions that
// name no Object.prototype property (see expression.ts), so a plain property read and a plain key
// assignment are safe.
//
// The closures also count their result's serialised size as they build it, so the filter does not walk
// the result a second time to learn it (the size bound, then the max_chars budget and the final_chars
// report). A `{key: …}` hash's keys, colons, commas and braces are constants of the expression; a
// projection's brackets and commas follow its item count; only what is copied from the response is
// counted (plainJsonLength on each copied value, a string's escape scan for a leaf), and the result of
// `@` is its input, whose size is passed along when known. Anything they do not count is left
// UNCOUNTED, and the caller counts the whole result as it did before (plainJsonLength, then
// JSON.stringify): the answer is the same either way. The value alone (no size wanted) is the same
// closures run with NO_COUNT.
import { numberJsonLength, plainJsonLength, stringJsonLength, UNCOUNTED } from './json-length';

/** The nodes of @jmespath-community/jmespath's tree that these closures read. */
interface Node {
  type: string;
  name?: string;
  left?: Node;
  right?: Node;
  child?: Node;
  value?: Node;
  children?: Node[];
}

/** What a sized evaluator reports besides its result. One per expression run. */
export interface Sizing {
  /** Counting stops past this many characters (the result's size bound): the result is refused anyway. */
  readonly limit: number;
  /** Set by every sized evaluator before it returns (invariant): JSON.stringify(result).length, exact
   * when it is ≤ limit and only known to be > limit otherwise; or UNCOUNTED, when this evaluator did not
   * count its result (the caller counts it itself, as for any value). */
  chars: number;
}

/** Computes the expression's value on `value` (the interpreter's value, same nulls) and sets
 * `size.chars`. `valueChars`: JSON.stringify(value).length under the same rule as Sizing.chars, or
 * UNCOUNTED. */
export type SizedEvaluate = (value: unknown, valueChars: number, size: Sizing) => unknown;

/** For a value whose size nobody reads: every JSON text is longer than 0 characters, so nothing is
 * counted (each count stops at once), and what the closures write in `chars` is never read. */
export const NO_COUNT: Sizing = { limit: 0, chars: UNCOUNTED };

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

/** Whether the evaluation of `node` reads its input's size (`@` standing for part of the result). */
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

/** `items.flat()` (one level, holes skipped) as a plain loop: the builtin's generic element reads cost
 * more than the projection they feed (`items[].{…}` flattens first). */
function flattenOnce(items: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    if (!(i in items)) continue;
    const item = items[i];
    if (!Array.isArray(item)) out.push(item);
    else for (let j = 0; j < item.length; j++) if (j in item) out.push(item[j]);
  }
  return out;
}

function nullResult(size: Sizing): null {
  size.chars = 4;
  return null;
}

/** The object a field is read from, or undefined when the value has no fields (the field is then null). */
function recordOf(value: unknown): Record<string, unknown> | undefined {
  return value === null || typeof value !== 'object' || Array.isArray(value) ? undefined : (value as Record<string, unknown>);
}

/** `node` as sized closures, or undefined when a node type anywhere in it is not one handled here. */
export function compileSized(node: unknown): SizedEvaluate | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const n = node as Node;
  switch (n.type) {
    case 'Current':
    case 'Identity':
      return (value, valueChars, size) => {
        size.chars = valueChars;
        return value;
      };
    case 'Field': {
      const name = n.name;
      if (typeof name !== 'string') return undefined;
      // The value as read; whoever needs its size counts it.
      return (value, _valueChars, size) => {
        size.chars = UNCOUNTED;
        const record = recordOf(value);
        return record === undefined ? null : (record[name] ?? null);
      };
    }
    case 'Subexpression': {
      const left = compileSized(n.left);
      const right = compileSized(n.right);
      if (!left || !right) return undefined;
      // The left side's size is only counted when the right side passes it along.
      const leftSize = readsInputSize(n.right as Node);
      return (value, valueChars, size) => {
        const result = leftSize ? left(value, valueChars, size) : left(value, valueChars, NO_COUNT);
        if (result == null) return nullResult(size);
        return right(result, leftSize ? size.chars : UNCOUNTED, size) ?? nullResult(size);
      };
    }
    case 'Flatten': {
      const child = compileSized(n.child);
      if (!child) return undefined;
      return (value, valueChars, size) => {
        const original = child(value, valueChars, NO_COUNT);
        if (!Array.isArray(original)) return nullResult(size);
        size.chars = UNCOUNTED;
        return flattenOnce(original);
      };
    }
    case 'Projection': {
      // The interpreter's string case needs a Slice on the left, which is not handled here.
      const left = compileSized(n.left);
      const right = compileSized(n.right);
      if (!left || !right) return undefined;
      return (value, valueChars, size) => {
        const base = left(value, valueChars, NO_COUNT);
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
    case 'MultiSelectHash':
      return compileHash(n);
    default:
      return undefined;
  }
}

/** A `{key: value, …}` hash. Keys are assigned in order, so a key named twice keeps its first place and
 * its later value (as the interpreter does); such a hash is not counted (its constant part would count
 * the key twice). */
function compileHash(n: Node): SizedEvaluate | undefined {
  if (!Array.isArray(n.children)) return undefined;
  const names: string[] = [];
  const values: SizedEvaluate[] = [];
  for (const child of n.children) {
    const evaluate = child?.type === 'KeyValuePair' && typeof child.name === 'string' ? compileSized(child.value) : undefined;
    if (!evaluate) return undefined;
    names.push(child.name as string);
    values.push(evaluate);
  }
  // The hash's own characters: braces, then `"key":` for each key and the commas between them.
  const repeated = new Set(names).size !== names.length;
  const keyChars = repeated ? UNCOUNTED : names.length === 0 ? 2 : names.reduce((sum, name) => sum + stringJsonLength(name) + 1, 1 + names.length);
  // The usual hash reads fields of the current value (`{id: id, sku: sku}`): those are read here
  // (fieldOf[i] is the field's name, else undefined), as the Field closure would read them.
  const fieldOf = n.children.map((child) => (child.value?.type === 'Field' ? child.value.name : undefined));
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
