// JMESPath projections (the community implementation, which keeps the standard and adds functions such
// as let/items). Compiled expressions are cached: the same action runs the same expression many times.
import { compile, type TreeInterpreter } from '@jmespath-community/jmespath';
import { BoundedCache } from '../bounded-cache';
import { RelaisError } from '../errors';
import { setOwn } from '../own-property';
import { boundedSearch } from './bounded-interpreter';
import type { FilterBounds } from './bounds';
import { UNCOUNTED } from './json-length';
import { compileSized, NO_COUNT, type SizedEvaluate, type Sizing } from './sized-expression';

type Compiled = ReturnType<typeof compile>;
type JsonValue = Parameters<typeof TreeInterpreter.search>[1];

const PATH = 'data.parameters.filter.expression';
interface Entry {
  ast: Compiled;
  /** The expression names a property every object inherits (toString, constructor, __proto__…): it
   * is never run as plain closures (sized-expression.ts reads and writes properties plainly). */
  readsPrototype: boolean;
  /** The same expression as plain closures that also count their result's size, when every node is of a
   * common kind (sized-expression.ts). */
  sized: SizedEvaluate | undefined;
}
// Invariant: the key is the expression's text; its tree and closures depend on nothing else and are only
// read once built. An invalid expression is not kept (it throws again).
const compiledExpressions = new BoundedCache<string, Entry>(200);
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

function namesPrototype(node: unknown): boolean {
  if (typeof node === 'string') return PROTOTYPE_NAMES.has(node) || PROTOTYPE_NAMES.has(node.replace(/^\$/, ''));
  if (Array.isArray(node)) return node.some(namesPrototype);
  if (typeof node === 'object' && node !== null) return Object.values(node).some(namesPrototype);
  return false;
}

function compiled(expression: string): Entry {
  return compiledExpressions.getOrCompute(expression, () => compileExpression(expression));
}

function compileExpression(expression: string): Entry {
  let ast: Compiled;
  try {
    ast = compile(expression);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RelaisError('invalid_block', `filter.expression is not a valid JMESPath expression (${reason}). Example: "orders[].{id: id, status: status}".`, {
      fr: `filter.expression n'est pas une expression JMESPath valide (${reason}). Exemple : "orders[].{id: id, status: status}".`,
      issues: [{ path: PATH, message: reason }],
    });
  }
  const readsPrototype = namesPrototype(ast);
  return { ast, readsPrototype, sized: readsPrototype ? undefined : compileSized(ast) };
}

/** Validates an expression without running it (for previews). */
export function checkExpression(expression: string): void {
  compiled(expression);
}

const UNBOUNDED: FilterBounds = { deadline: undefined, maxChars: Infinity };

/**
 * The expression's result on `data`. The interpreter runs within `bounds` (bounded-interpreter.ts) and
 * its result is rebuilt as plain JSON (toJsonValue): its property reads can return functions, and
 * functions such as merge() copy keys with plain assignments, where a "__proto__" key of the data would
 * become the result's prototype. `size`, when given, receives the result's serialised size as the sized
 * closures counted it (Sizing's invariant), or UNCOUNTED when they did not run or did not count it.
 */
export function applyExpression(data: unknown, expression: string, bounds: FilterBounds = UNBOUNDED, size?: Sizing): unknown {
  const { ast, sized } = compiled(expression);
  if (size) size.chars = UNCOUNTED;
  try {
    if (sized) return sized(data ?? null, UNCOUNTED, size ?? NO_COUNT);
    return toJsonValue(boundedSearch(ast, (data ?? null) as JsonValue, bounds));
  } catch (error) {
    if (error instanceof RelaisError) throw error; // a bound (too_large)
    const reason = error instanceof Error ? error.message : String(error);
    throw new RelaisError('invalid_block', `filter.expression failed on this response (${reason}). Check the expression against a sample response with "relais run".`, {
      fr: `filter.expression a échoué sur cette réponse (${reason}). Vérifiez l'expression sur un exemple de réponse avec "relais run".`,
      issues: [{ path: PATH, message: reason }],
    });
  }
}

/**
 * The interpreter's result as plain JSON data. Its plain property reads make `toString` or `constructor`
 * on an object yield a prototype function, and `__proto__` on an object without such a key yield
 * Object.prototype: anything that is not JSON becomes null (dropped from objects). An object whose
 * prototype was replaced by a plain assignment of a "__proto__" key (merge() is Object.assign) gets the
 * key back as an own property — what JSON.parse made of it — and the ordinary prototype. A value met
 * twice is rebuilt once (`[@, @]` shares its input: the copy shares too, so it is no bigger than the
 * result; its expanded size is bounded by the caller).
 */
function toJsonValue(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' || value === Object.prototype) return null;
  if (typeof value !== 'object' || value === null) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    seen.set(value, items);
    for (const item of value as unknown[]) items.push(toJsonValue(item, seen));
    return items;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'function' && item !== undefined && typeof item !== 'symbol') setOwn(out, key, toJsonValue(item, seen));
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null && !Object.prototype.hasOwnProperty.call(value, '__proto__')) setOwn(out, '__proto__', toJsonValue(prototype, seen));
  return out;
}
