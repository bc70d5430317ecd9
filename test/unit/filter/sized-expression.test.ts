// The closure form of common filter expressions (src/filter/sized-expression.ts) counts its result's
// serialised size while it builds it, and the filter uses that count for the result's size bound, the
// max_chars budget and the final_chars report. Its value must be the JMESPath interpreter's (with or
// without a size wanted), its count JSON.stringify's (or UNCOUNTED, which sends the filter to its walk
// as before), a result sharing its input must still be refused past the bound, values the walk cannot
// count must give the same reports as before, and other expressions must stay with the interpreter.
import { compile, TreeInterpreter } from '@jmespath-community/jmespath';
import fc from 'fast-check';
import { RelaisError } from '../../../src/errors';
import { applyFilter } from '../../../src/filter';
import { jsonSize } from '../../../src/filter/budget';
import { MIN_RESULT_BOUND } from '../../../src/filter/bounds';
import { applyExpression } from '../../../src/filter/expression';
import { numberJsonLength, UNCOUNTED } from '../../../src/filter/json-length';
import { compileSized, type Sizing } from '../../../src/filter/sized-expression';

type JsonValue = Parameters<typeof TreeInterpreter.search>[1];

const SIZED = [
  '@',
  'a',
  'a.b',
  'a.b.c',
  'a[]',
  'a[].b',
  'a[*]',
  'a[*].b',
  'a[*].b[*].c',
  'items[].tags[]',
  'a[].{x: b, y: c.d}',
  '{id: id, a: a, nested: a.b, list: items[].{sku: sku, qty: qty}}',
  '{x: @, y: a[][]}',
  '{a: @, b: @}.{a: @, b: @}',
  '{a: @, b: a}.{c: b, d: @.a, e: @}',
  'a.{x: @, y: b}',
  'items[*].{whole: @, sku: sku}',
  // Hashes of plain fields only, of 1 to 5 fields.
  '{a: a}',
  'items[*].{sku: sku, qty: qty}',
  '{a: b, b: c, c: a}',
  'a[].{id: id, x: a, y: b, z: c}',
  '{x: a, y: b, z: c, w: d, v: id}',
  '{"": a, "quote\\"d": b, "é": c, "line\\nbreak": d}',
  '{id: id, status: status, tracking: tracking.number, items: items[].{sku: sku, qty: qty}}',
];
// Hashes naming a key twice: the later value, in the first one's place; not counted (UNCOUNTED).
const REPEATED = ['{a: b, a: c}', '{a: a, b: @, a: @}', 'items[*].{sku: sku, qty: qty, sku: qty}', '{x: a[].{a: b, a: @}, y: id}'];
const SLOW = ['a[0]', 'a[?b > `1`]', 'length(a)', 'a || b', '*.b', 'a | b', '[a, b]', 'a[1:2]', '$.a', '{a: b, c: d[0]}'];

const keys = fc.constantFrom('a', 'b', 'c', 'd', 'id', 'items', 'sku', 'qty', 'tags', 'x', 'status', 'tracking', 'number');
// Leaves with what a count gets wrong first: escapes, surrogates, long text, every kind of number.
const text = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.string({ unit: fc.constantFrom('"', '\\', '\u0000', '\u001f', '\ud83d', '\ude00', 'a', '\u2028', 'é'), maxLength: 8 }),
  fc.string({ minLength: 60, maxLength: 80 }),
);
const number = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double(), fc.constantFrom(-0, 1e21, 1e15, 999_999_999_999_999, 2 ** 53, -(2 ** 53) + 1));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), number, text, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(keys, tie('value'), { maxKeys: 5 })),
})).value;

function run(expression: string, value: unknown, limit = Infinity): { result: unknown; size: Sizing } {
  const sized = compileSized(compile(expression));
  if (!sized) throw new Error(`${expression} is not sized`);
  const size: Sizing = { limit, chars: -2 };
  return { result: sized(value, UNCOUNTED, size), size };
}

describe('compileSized', () => {
  it.each([...SIZED, ...REPEATED])('%s: the interpreter\'s value, and JSON.stringify\'s length as it counts it', (expression) => {
    const ast = compile(expression);
    const rootCounts = ['MultiSelectHash', 'Projection'].includes(ast.type) && !REPEATED.includes(expression);
    fc.assert(
      fc.property(json, (value) => {
        const { result, size } = run(expression, value);
        const expected = TreeInterpreter.search(ast, value as JsonValue);
        expect(result).toEqual(expected);
        // The value alone (no size wanted: NO_COUNT) is the same.
        expect(applyExpression(value, expression)).toEqual(expected);
        // Same keys in the same order: the text the model reads is the same.
        expect(JSON.stringify(result)).toBe(JSON.stringify(expected));
        // A hash or projection of plain JSON is always counted; the rest may leave it to the caller.
        if (rootCounts) expect(size.chars).not.toBe(UNCOUNTED);
        if (size.chars !== UNCOUNTED) expect(size.chars).toBe(JSON.stringify(result).length);
      }),
      { numRuns: 400 },
    );
  });

  it.each([...SIZED, ...REPEATED])('%s: with a limit, exact up to it and above it once past it', (expression) => {
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 120 }), (value, limit) => {
        const { result, size } = run(expression, value, limit);
        if (size.chars === UNCOUNTED) return;
        const length = JSON.stringify(result).length;
        if (size.chars <= limit) expect(size.chars).toBe(length);
        else expect(length).toBeGreaterThan(limit);
      }),
      { numRuns: 300 },
    );
  });

  it('counts the bench order exactly (what the GET bench filters)', () => {
    const order = {
      id: 'ORD-1',
      status: 'shipped',
      tracking: { carrier: 'La Poste', number: '6A12345678901' },
      items: Array.from({ length: 8 }, (_, i) => ({ sku: `SKU-${i}`, qty: i + 1, price: 9.99 + i })),
    };
    const { result, size } = run(SIZED[SIZED.length - 1], order);
    expect(size.chars).not.toBe(UNCOUNTED);
    expect(size.chars).toBe(JSON.stringify(result).length);
  });

  it('matches on a concrete order (values, nulls dropped from projections, missing keys as null)', () => {
    const order = { id: 'O-1', tracking: { number: 'T1' }, items: [{ sku: 'A', qty: 1 }, null, { sku: 'B' }, [{ sku: 'C', qty: 3 }]] };
    const expression = '{id: id, tracking: tracking.number, missing: nope.deeper, items: items[].{sku: sku, qty: qty}}';
    const expected = TreeInterpreter.search(compile(expression), order as JsonValue);
    expect(run(expression, order).result).toEqual(expected);
    expect(applyExpression(order, expression)).toEqual(expected);
    expect(expected).toEqual({ id: 'O-1', tracking: 'T1', missing: null, items: [{ sku: 'A', qty: 1 }, { sku: null, qty: null }, { sku: 'B', qty: null }, { sku: 'C', qty: 3 }] });
  });

  it('a hash naming a key twice keeps the later value in the first place, uncounted', () => {
    const { result, size } = run('{a: b, c: a, a: c}', { a: 1, b: 2, c: 3 });
    expect(JSON.stringify(result)).toBe('{"a":3,"c":1}');
    expect(size.chars).toBe(UNCOUNTED);
  });

  it.each(SLOW)('leaves %s to the interpreter', (expression) => {
    expect(compileSized(compile(expression))).toBeUndefined();
  });

  it('leaves to the caller what the walk cannot count (UNCOUNTED), never a wrong number', () => {
    // A Date would count as {} and a bigint as null: JSON.stringify writes the ISO text and throws.
    class Point {
      constructor(readonly x = 1) {}
    }
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    for (const odd of [new Date(0), new Point(), { toJSON: () => 'x' }, BigInt(1), () => 1, deep, undefined]) {
      for (const expression of ['{a: a, b: b}', 'items[*].a', '{x: @}', 'items[*]']) {
        const { result, size } = run(expression, { a: odd, b: 1, items: [{ a: odd }, odd] });
        if (typeof odd === 'bigint' || odd instanceof Date || odd instanceof Point || odd === deep) expect(size.chars).toBe(UNCOUNTED);
        else if (size.chars !== UNCOUNTED) expect(size.chars).toBe(JSON.stringify(result).length);
      }
    }
  });
});

describe('numberJsonLength', () => {
  it('is the length JSON.stringify writes, for any number', () => {
    const edges = [0, -0, 1, -1, 9, 10, -10, 2 ** 53, 2 ** 53 - 1, -(2 ** 53 - 1), 1e21, 1e-7, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE];
    for (let k = 1; k <= 16; k++) edges.push(10 ** k, 10 ** k - 1, -(10 ** k), -(10 ** k - 1));
    for (const n of edges) expect([n, numberJsonLength(n)]).toEqual([n, JSON.stringify(n).length]);
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double()), (n) => {
        expect(numberJsonLength(n)).toBe(JSON.stringify(n).length);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('applyFilter with a sized expression', () => {
  const chain = (stage: string, times: number) => Array<string>(times).fill(stage).join('.');

  it.each([
    ['{a: @, b: @} chained 40 times', chain('{a: @, b: @}', 40)],
    ['nested in a hash', `{x: ${chain('{a: @, b: @}', 40)}, y: id}`],
    ['in a projection', `rows[*].${chain('{a: @, b: @}', 30)}`],
    ['after a field', `rows.${chain('{a: @, b: @}', 40)}`],
  ])('a result sharing its input (%s) is still refused past the bound, quickly', (_name, expression) => {
    expect(compileSized(compile(expression))).toBeDefined();
    const started = Date.now();
    let error: unknown;
    try {
      applyFilter({ id: 'ORD-1', rows: [{ id: 1 }, { id: 2 }] }, { expression, max_chars: 0 });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(RelaisError);
    expect((error as RelaisError).code).toBe('too_large');
    expect((error as RelaisError).message).toMatch(/^The filter's expression produces more than \d+ characters/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each(['{a: x, b: id}', 'x[*]', '{w: @}', 'x[*].{a: @}'])('data that shares its parts (%s) is counted only up to the bound', (expression) => {
    // In-memory data (a host's items) can share: 2^40 leaves once serialised, 41 arrays in memory. Its
    // size as text is given (as the transport gives the body's): measuring it whole would never end.
    let x: unknown = ['leaf'];
    for (let i = 0; i < 40; i++) x = [x, x];
    const started = Date.now();
    expect(() => applyFilter({ id: 1, x }, { expression, max_chars: 0 }, 100)).toThrow(/produces more than/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a sharing result within the bound is reported to the character', () => {
    const data = { id: 'ORD-1', note: 'x'.repeat(1000) };
    const out = applyFilter(data, { expression: chain('{a: @, b: @}', 9), max_chars: 0 });
    const length = JSON.stringify(out.data).length;
    expect(length).toBeGreaterThan(500_000);
    expect(length).toBeLessThan(MIN_RESULT_BOUND);
    expect(out.report.final_chars).toBe(length);
    // One more doubling crosses the bound.
    expect(() => applyFilter(data, { expression: chain('{a: @, b: @}', 10), max_chars: 0 })).toThrow(/produces more than/);
  });

  it.each([...SIZED, ...REPEATED])('%s: final_chars is the result\'s JSON length, with or without a budget', (expression) => {
    fc.assert(
      fc.property(json, fc.constantFrom(0, 64, 300, 20_000), (value, maxChars) => {
        const out = applyFilter(value, { expression, max_chars: maxChars });
        // Text (the data, or what the expression selected) counts as itself; anything else as its JSON.
        expect(out.report.final_chars).toBe(typeof out.data === 'string' ? out.data.length : JSON.stringify(out.data).length);
        if (maxChars > 0) expect(out.report.final_chars).toBeLessThanOrEqual(maxChars);
      }),
      { numRuns: 200 },
    );
  });

  it('values the walk cannot count give the reports they gave before (JSON.stringify, or jsonSize for bigint)', () => {
    class Point {
      constructor(readonly x = 1) {}
    }
    let deep: unknown = 'end';
    for (let i = 0; i < 100; i++) deep = [deep];
    for (const odd of [new Date(0), new Point(), { toJSON: () => 'x' }, deep, undefined, 'long "quoted" text '.repeat(10)]) {
      for (const expression of ['{a: a, b: b}', 'items[*].a', '{x: @, y: b}', 'items[*]']) {
        const data = { a: odd, b: 1, items: [{ a: odd }, { a: 2 }] };
        for (const maxChars of [0, 64, 20_000]) {
          const out = applyFilter(data, { expression, max_chars: maxChars });
          expect([expression, out.report.final_chars]).toEqual([expression, JSON.stringify(out.data).length]);
        }
      }
    }
    // JSON.stringify refuses a bigint: the size is jsonSize's, as before (a bigint counted as null).
    const out = applyFilter({ a: BigInt(12345), b: 1 }, { expression: '{a: a, b: b}', max_chars: 0 });
    expect(out.report.final_chars).toBe(jsonSize(out.data));
    expect(out.report.final_chars).toBe('{"a":null,"b":1}'.length);
  });
});
