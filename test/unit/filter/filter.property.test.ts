// Properties over random JSON values × random filters: only RelaisErrors come out, the result is valid
// JSON within the budget, and nothing is reported as cut when nothing was.
import fc from 'fast-check';
import { RelaisError } from '../../../src/errors';
import { applyFilter, MIN_MAX_CHARS } from '../../../src/filter';
import { filterSchema } from '../../../src/filter/schema';

const path = fc.array(fc.oneof(fc.constantFrom('*', '0', '1', 'a', 'b', 'id'), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 }).map((s) => s.join('.'));
const filterArb = fc.record(
  {
    expression: fc.oneof(fc.constantFrom('@', 'a', 'a[0]', '[*].id', 'length(@)', '{x: a, y: b}', 'a[', '*.b'), fc.string({ maxLength: 8 })),
    include: fc.array(path, { maxLength: 3 }),
    exclude: fc.array(path, { maxLength: 3 }),
    max_items: fc.integer({ min: 0, max: 5 }),
    max_string_length: fc.integer({ min: 0, max: 40 }),
    max_chars: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 400, max: 5000 })),
  },
  { requiredKeys: [] },
);
const jsonArb = fc.oneof(fc.json({ maxDepth: 5 }).map((t) => JSON.parse(t) as unknown), fc.string({ unit: 'binary', maxLength: 300 }));

describe('applyFilter properties', () => {
  it('never throws anything but a RelaisError, and the output fits the budget as valid JSON', () => {
    fc.assert(
      fc.property(jsonArb, filterArb, (data, rawFilter) => {
        const parsed = filterSchema.safeParse(rawFilter);
        fc.pre(parsed.success); // the schema (owned by parseBlock) rejects the rest before filtering
        const filter = parsed.data!;
        let out;
        try {
          out = applyFilter(data, filter);
        } catch (error) {
          expect(error).toBeInstanceOf(RelaisError);
          return;
        }
        const budget = filter.max_chars === 0 ? Infinity : Math.max(filter.max_chars ?? 20_000, MIN_MAX_CHARS);
        const size = typeof out.data === 'string' ? out.data.length : JSON.stringify(out.data).length;
        expect(size).toBeLessThanOrEqual(budget);
        expect(out.report.final_chars).toBe(size);
        if (typeof out.data !== 'string') expect(JSON.parse(JSON.stringify(out.data))).toEqual(out.data);
      }),
      { numRuns: 2000 },
    );
  });

  it('with only a budget, data within it comes back unchanged and not truncated', () => {
    fc.assert(
      fc.property(jsonArb, fc.integer({ min: 64, max: 3000 }), (data, maxChars) => {
        const out = applyFilter(data, { max_chars: maxChars });
        const size = typeof data === 'string' ? data.length : JSON.stringify(data).length;
        if (size <= maxChars) {
          expect(out.data).toEqual(data);
          expect(out.report.truncated).toBe(false);
        } else {
          expect(out.report.truncated).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
