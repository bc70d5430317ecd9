// Pre-filtering of a response for an LLM's context (seed 000: give the model exactly what it needs).
// Order: JMESPath projection, include paths, exclude paths, first-N items and string cuts, then the total
// character budget. Every cut leaves a marker in the data and is counted in the report.
import type { FilterReport } from '../actions/types';
import { RelaisError } from '../errors';
import { fitJson, fitText, jsonSize } from './budget';
import { boundsFor, checkDeadline, resultTooLarge, type FilterBounds } from './bounds';
import { Cuts } from './cuts';
import { plainJsonLength, UNCOUNTED } from './json-length';
import { knownSize } from './sizes';
import { applyExpression } from './expression';
import type { Sizing } from './sized-expression';
import { applyLimits } from './limits';
import { excludePaths, includePaths } from './paths';
import type { Filter } from './schema';

export { filterSchema, type Filter } from './schema';
export { checkExpression } from './expression';
export { TRUNCATED_KEY } from './cuts';
export { recordSize } from './sizes';

/** Budget applied when a filter gives no `max_chars`: about 5,000 tokens, room for a useful answer in
 * any current model's context, small enough that one tool call cannot crowd out the conversation.
 * `max_chars: 0` turns the budget off. */
export const DEFAULT_MAX_CHARS = 20_000;
/** Above this size (characters of the body), an unprojected document is sized with an early exit. */
const LARGE_DOCUMENT_CHARS = 65_536;
/** The smallest budget honoured: room for a marker saying what was cut. */
export const MIN_MAX_CHARS = 64;

export interface FilterOutcome {
  data: unknown;
  report: FilterReport;
}

/** Characters of a value as the model will see it: text as is, anything else as compact JSON. */
export function measure(data: unknown): number {
  if (typeof data === 'string') return data.length;
  const counted = plainJsonLength(data);
  if (counted !== UNCOUNTED) return counted;
  try {
    return JSON.stringify(data)?.length ?? 0;
  } catch {
    return jsonSize(data);
  }
}

export function effectiveBudget(filter: Filter | undefined): number | undefined {
  const requested = filter?.max_chars ?? DEFAULT_MAX_CHARS;
  return requested === 0 ? undefined : Math.max(requested, MIN_MAX_CHARS);
}

/**
 * The serialised size of what an expression produced, refused past the bound: a result sharing its parts
 * (`[@, @]` piped many times) is small in memory but enormous once walked or serialised, and every later
 * step walks it. `counted`: the size the expression's closures counted as they built it (Sizing), or
 * UNCOUNTED. Exact when counted (there or by plainJsonLength) within the bound; undefined when only
 * jsonSize could count it (measure decides later, as before).
 */
function projectedSize(value: unknown, bounds: FilterBounds, counted: number): number | undefined {
  if (counted === UNCOUNTED) counted = plainJsonLength(value, bounds.maxChars);
  const size = counted === UNCOUNTED ? jsonSize(value, bounds.maxChars) : counted;
  if (size > bounds.maxChars) throw resultTooLarge(bounds, 'expression');
  checkDeadline(bounds, 'expression');
  // measure() counts a text result as the text itself, not as its JSON.
  if (typeof value === 'string') return value.length;
  return counted === UNCOUNTED ? undefined : counted;
}

/**
 * Filters `data` for the model. `knownChars`: the size `data` had as text when the caller knows it
 * (decodeBodySized's `chars`), reported as `original_chars` instead of serialising the data again — as a
 * size recorded with recordSize is. `deadline` (epoch milliseconds): the call's deadline, which the
 * expression runs within (bounds.ts); its result is also bounded in size whatever the deadline.
 */
export function applyFilter(data: unknown, filter: Filter | undefined, knownChars?: number, deadline?: number): FilterOutcome {
  const known = knownChars ?? knownSize(data);
  const originalChars = known ?? measure(data);
  const cuts = new Cuts();
  let value: unknown = data === undefined ? null : data;
  let finalChars: number;
  // The exact serialised size of `value` when the expression's result was measured and nothing changed since.
  let projectedChars: number | undefined;
  try {
    // Projections select inside structured data; on text (a non-JSON answer) they would only lose it.
    if (typeof value !== 'string') {
      if (filter?.expression) {
        const bounds = boundsFor(originalChars, deadline);
        const size: Sizing = { limit: bounds.maxChars, chars: UNCOUNTED };
        value = applyExpression(value, filter.expression, bounds, size);
        // The response itself is bounded by the transport's size cap; only what the expression built is not.
        if (value !== data) projectedChars = projectedSize(value, bounds, size.chars);
      }
      const projected = value;
      if (filter?.include?.length) value = includePaths(value, filter.include);
      if (filter?.exclude?.length) value = excludePaths(value, filter.exclude);
      if (value !== projected) projectedChars = undefined;
    }
    const limited = value;
    value = applyLimits(value, { maxItems: filter?.max_items, maxStringLength: filter?.max_string_length }, cuts);
    if (value !== limited) projectedChars = undefined;
    const budget = effectiveBudget(filter);
    // The exact serialised size is already known when nothing changed and the data was measured above,
    // or when it is the expression's result, measured as it was bounded.
    const measured = value === data && known === undefined ? originalChars : projectedChars;
    if (budget === undefined) {
      finalChars = measured ?? measure(value);
    } else {
      // jsonSize stops counting past the budget: a 10 MB document is not serialised just to learn it is big.
      // Native serialisation is fastest for ordinary sizes; a big untouched document is measured by
      // jsonSize, which stops counting past the budget (a 10 MB body is not serialised to learn it is big).
      const big = value === data && known !== undefined && known > LARGE_DOCUMENT_CHARS;
      const size = measured ?? (typeof value === 'string' ? value.length : big ? jsonSize(value, budget) : measure(value));
      if (size > budget) {
        value = typeof value === 'string' ? fitText(value, budget, cuts) : fitJson(value, budget, cuts);
        finalChars = measure(value);
      } else {
        finalChars = size;
      }
    }
  } catch (error) {
    if (error instanceof RangeError) {
      throw new RelaisError('too_large', 'The response is nested too deeply to filter. Select a smaller part of it with filter.expression.', {
        fr: 'La réponse est trop profondément imbriquée pour être filtrée. Sélectionnez-en une plus petite partie avec filter.expression.',
        cause: error,
      });
    }
    throw error;
  }
  return {
    data: value,
    report: { truncated: cuts.any, cuts: cuts.toRecord(), original_chars: originalChars, final_chars: finalChars },
  };
}
