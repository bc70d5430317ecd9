// plainJsonLength must give exactly JSON.stringify(value).length (the filter report's final_chars), or
// say it cannot (UNCOUNTED) and leave the answer to JSON.stringify.
import fc from 'fast-check';
import { plainJsonLength, UNCOUNTED } from '../../../src/filter/json-length';

const native = (value: unknown): number => JSON.stringify(value).length;

describe('plainJsonLength', () => {
  it('counts what JSON.stringify writes, escapes included', () => {
    const samples: unknown[] = [
      { id: 'ORD-1', qty: 3, price: 9.99, ok: true, gone: null, items: [1, 'two', false, null] },
      ['quote " backslash \\ tab \t newline \n bell \u0007', 'emoji 😀', 'lone \ud800 surrogate', '\udc00 low first', 'é ß 中文'],
      { 'key "quoted"': 1, 'key\nline': 2, __proto__key: 3 },
      [-0, 0, 1e21, 1e-7, -1.5, 123456789012345680000, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity],
      { skipped: undefined, kept: 1, alsoSkipped: undefined },
      [undefined, 1, undefined],
      // eslint-disable-next-line no-sparse-arrays -- a hole serialises as null
      [1, , 3],
      'x'.repeat(500),
      `${'a'.repeat(70)}"`,
      {},
      [],
      Object.assign(Object.create(null), { a: 1, b: [{}] }),
      JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'),
    ];
    for (const value of samples) {
      const counted = plainJsonLength(value);
      expect(counted).not.toBe(UNCOUNTED);
      expect(counted).toBe(native(value));
    }
  });

  it('leaves to JSON.stringify what it cannot count: toJSON, class instances, bigint, functions, deep nesting', () => {
    class Point {
      constructor(readonly x = 1) {}
    }
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    for (const value of [new Date(0), new Point(), { toJSON: () => 'x' }, { n: BigInt(1) }, [() => 1], { s: Symbol('s') }, deep, Buffer.from('ab'), new Map()]) {
      expect(plainJsonLength(value)).toBe(UNCOUNTED);
    }
  });

  it('equals JSON.stringify(value).length on any JSON value (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(plainJsonLength(value)).toBe(native(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals it on values with any text (full Unicode, lone surrogates, control characters) and any number', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('"', '\\', '\u0000', '\u001f', '\ud83d', '\ude00', 'a', '\u2028') }));
    const leaf = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 5 }), fc.dictionary(text, tie('node'), { maxKeys: 5 })),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        const counted = plainJsonLength(value);
        if (value === undefined) expect(counted).toBe(UNCOUNTED);
        else expect(counted).toBe(native(value));
      }),
      { numRuns: 2000 },
    );
  });
});
