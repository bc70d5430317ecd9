// encodeComponent (template/url.ts) returns a value encodeURIComponent would leave as it is without
// calling it: compared with encodeURIComponent itself on random text (ASCII, the characters it keeps,
// non-ASCII and whole surrogate pairs), and lone surrogates become U+FFFD instead of throwing.
import fc from 'fast-check';
import { encodeComponent } from '../../../src/template/url';

describe('encodeComponent', () => {
  it('is encodeURIComponent for any well-formed text (property)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary-ascii' }), fc.string({ unit: fc.constantFrom(..."aZ09-_.!~*'()/?#%& é€")}), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(text, (value) => {
        expect(encodeComponent(value)).toBe(encodeURIComponent(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('returns the very string when nothing needs encoding, and replaces lone surrogates', () => {
    const id = ['ORD', '12345'].join('-');
    expect(encodeComponent(id)).toBe(id);
    expect(encodeComponent("a-b_c.d!e~f*g'h(i)")).toBe("a-b_c.d!e~f*g'h(i)");
    expect(encodeComponent('a b')).toBe('a%20b');
    expect(encodeComponent('x\uD800y')).toBe(encodeURIComponent('x\uFFFDy'));
  });
});
