// JMESPath projections (the community implementation, which keeps the standard and adds functions such
// as let/items). Compiled expressions are cached: the same action runs the same expression many times.
import { compile, TreeInterpreter } from '@jmespath-community/jmespath';
import { RelaisError } from '../errors';
import { compileFast } from './fast-expression';

type Compiled = ReturnType<typeof compile>;
type JsonValue = Parameters<typeof TreeInterpreter.search>[1];

const PATH = 'data.parameters.filter.expression';
const CACHE_SIZE = 200;
interface Entry {
  ast: Compiled;
  /** The expression names a property every object inherits (toString, constructor…): its result must
   * be cleaned of what the interpreter's plain property reads can return (functions). */
  readsPrototype: boolean;
  /** The same expression as plain closures, when every node is of a common kind (fast-expression.ts). */
  fast: ((value: unknown) => unknown) | undefined;
}
const cache = new Map<string, Entry>();
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

function namesPrototype(node: unknown): boolean {
  if (typeof node === 'string') return PROTOTYPE_NAMES.has(node) || PROTOTYPE_NAMES.has(node.replace(/^\$/, ''));
  if (Array.isArray(node)) return node.some(namesPrototype);
  if (typeof node === 'object' && node !== null) return Object.values(node).some(namesPrototype);
  return false;
}

function compiled(expression: string): Entry {
  const found = cache.get(expression);
  if (found) return found;
  let ast: Compiled;
  try {
    ast = compile(expression);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RelaisError('invalid_block', `filter.expression is not a valid JMESPath expression (${reason}). Example: "orders[].{id: id, status: status}".`, {
      issues: [{ path: PATH, message: reason }],
    });
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  const readsPrototype = namesPrototype(ast);
  const entry = { ast, readsPrototype, fast: readsPrototype ? undefined : compileFast(ast) };
  cache.set(expression, entry);
  return entry;
}

/** Validates an expression without running it (for previews). */
export function checkExpression(expression: string): void {
  compiled(expression);
}

export function applyExpression(data: unknown, expression: string): unknown {
  const { ast, readsPrototype, fast } = compiled(expression);
  try {
    if (fast) return fast(data ?? null);
    const result = TreeInterpreter.search(ast, (data ?? null) as JsonValue);
    return readsPrototype ? toJsonValue(result) : result;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RelaisError('invalid_block', `filter.expression failed on this response (${reason}). Check the expression against a sample response with "relais run".`, {
      issues: [{ path: PATH, message: reason }],
    });
  }
}

/** The interpreter reads properties with plain lookups, so `toString` or `constructor` on an object
 * yields a prototype function; anything that is not JSON becomes null (dropped from objects). */
function toJsonValue(value: unknown): unknown {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return null;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'function' && item !== undefined && typeof item !== 'symbol') out[key] = toJsonValue(item);
  }
  return out;
}
