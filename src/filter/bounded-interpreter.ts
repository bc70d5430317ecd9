// The JMESPath tree interpreter with the filter's bounds (bounds.ts) checked as it runs: every node it
// evaluates counts a step, every so many steps the deadline is checked, and an array or a string a node
// produces may not exceed the size bound — so `[@,@][]` piped many times stops at the first stage past
// the bound instead of filling memory. Everything else is the library's own interpreter, unchanged.
import { TreeInterpreter } from '@jmespath-community/jmespath';
import type { FilterBounds } from './bounds';
import { checkDeadline, resultTooLarge } from './bounds';

type Interpreter = typeof TreeInterpreter;
type Node = Parameters<Interpreter['visit']>[0];
type Value = Parameters<Interpreter['visit']>[1];
type Result = ReturnType<Interpreter['visit']>;

/** The deadline is read once per this many steps (a clock read per node would cost more than the node). */
const STEPS_PER_CLOCK_READ = 1024;
const STEP = 'expression';

/** The library exports one interpreter instance; its class is what `let` scopes instantiate. */
const Base = TreeInterpreter.constructor as new () => Interpreter;

class BoundedInterpreter extends Base {
  bounds: FilterBounds = { deadline: undefined, maxChars: Infinity };
  steps = 0;

  override visit(node: Node, value: Value): Result {
    if (++this.steps % STEPS_PER_CLOCK_READ === 0) checkDeadline(this.bounds, STEP);
    const result = super.visit(node, value);
    // An array of n items serialises to at least 2n characters ("[1,1]"), a string to at least its length.
    if (Array.isArray(result) ? result.length * 2 > this.bounds.maxChars : typeof result === 'string' && result.length > this.bounds.maxChars) throw resultTooLarge(this.bounds, STEP);
    return result;
  }

  /** `let` expressions evaluate their body in a scoped copy of the interpreter: keep the bounds there. */
  override withScope(scope: Parameters<Interpreter['withScope']>[0]): Interpreter {
    const scoped = super.withScope(scope);
    Object.setPrototypeOf(scoped, BoundedInterpreter.prototype);
    const bounded = scoped as BoundedInterpreter;
    bounded.bounds = this.bounds;
    bounded.steps = this.steps;
    return bounded;
  }
}

const interpreter = new BoundedInterpreter();

/** TreeInterpreter.search within `bounds` (synchronous: one search at a time uses the shared instance). */
export function boundedSearch(ast: Parameters<Interpreter['search']>[0], data: Parameters<Interpreter['search']>[1], bounds: FilterBounds): ReturnType<Interpreter['search']> {
  interpreter.bounds = bounds;
  interpreter.steps = 0;
  return interpreter.search(ast, data);
}
