// The closure form of common filter expressions (src/filter/fast-expression.ts) must give exactly what
// the JMESPath tree interpreter gives, on any JSON value; other expressions must stay with the interpreter.
import { compile, TreeInterpreter } from '@jmespath-community/jmespath';
import fc from 'fast-check';
import { applyExpression } from '../../../src/filter/expression';
import { compileFast } from '../../../src/filter/fast-expression';

type JsonValue = Parameters<typeof TreeInterpreter.search>[1];

const FAST = [
  '@',
  'a',
  'a.b',
  'a.b.c',
  'a[]',
  'a[].b',
  'a[].{x: b, y: c.d}',
  '{id: id, a: a, nested: a.b, list: items[].{sku: sku, qty: qty}}',
  'items[].tags[]',
  '{x: @, y: a[][]}',
  'a[*].b',
  'a[*]',
];
const SLOW = ['a[0]', 'a[?b > `1`]', 'length(a)', 'a || b', '*.b', 'a | b', '[a, b]', 'a[1:2]', '$.a'];

const keys = fc.constantFrom('a', 'b', 'c', 'd', 'id', 'items', 'sku', 'qty', 'tags', 'x');
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 4 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keys, tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('compileFast', () => {
  it.each(FAST)('handles %s exactly as the tree interpreter on random JSON', (expression) => {
    const ast = compile(expression);
    const fast = compileFast(ast);
    expect(fast).toBeDefined();
    fc.assert(
      fc.property(json, (value) => {
        expect(fast!(value)).toEqual(TreeInterpreter.search(ast, value as JsonValue));
      }),
      { numRuns: 300 },
    );
  });

  it('matches on a concrete order (values, nulls dropped from projections, missing keys as null)', () => {
    const order = { id: 'O-1', tracking: { number: 'T1' }, items: [{ sku: 'A', qty: 1 }, null, { sku: 'B' }, [{ sku: 'C', qty: 3 }]] };
    const expression = '{id: id, tracking: tracking.number, missing: nope.deeper, items: items[].{sku: sku, qty: qty}}';
    const ast = compile(expression);
    const expected = TreeInterpreter.search(ast, order as JsonValue);
    expect(compileFast(ast)!(order)).toEqual(expected);
    expect(applyExpression(order, expression)).toEqual(expected);
    expect(expected).toEqual({ id: 'O-1', tracking: 'T1', missing: null, items: [{ sku: 'A', qty: 1 }, { sku: null, qty: null }, { sku: 'B', qty: null }, { sku: 'C', qty: 3 }] });
  });

  it.each(SLOW)('leaves %s to the interpreter', (expression) => {
    expect(compileFast(compile(expression))).toBeUndefined();
  });
});
