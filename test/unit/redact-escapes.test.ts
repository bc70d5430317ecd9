// Issue 14, findings 1 and 4: the spellings a redactor looks for, and JSON text redacted so that the
// value it parses to holds no secret in any string — keys included — however the server escaped it.
import fc from 'fast-check';
import { createRedactor, redactEscapedText, redactJsonText, REDACTED } from '../../src/redact';
import { canonicalJsonEscapes } from '../../src/json-escapes';
import { SECRET, SPELLINGS } from '../support/echoed-secret';

describe('createRedactor: the spellings servers echo', () => {
  const redact = createRedactor([SECRET]);

  it.each(Object.entries(SPELLINGS).filter(([name]) => name !== 'unicode' && name !== 'mixed'))('%s (%s) inside a longer text', (_name, spelling) => {
    const out = redact(`before ${spelling} after`);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(spelling);
  });

  it('\\u-escaped spellings in a text that may be JSON: redactEscapedText reads the escapes', () => {
    for (const name of ['unicode', 'mixed', 'php']) {
      const out = redactEscapedText(`{"message": "token ${SPELLINGS[name]} refused", "note": "caf\\u00e9"}`, redact);
      expect(out).toBe(`{"message": "token ${REDACTED} refused", "note": "café"}`);
    }
    // Nothing hidden: the text comes back as the redactor leaves it, escapes and all.
    expect(redactEscapedText('{"note": "caf\\u00e9 \\/"}', redact)).toBe('{"note": "caf\\u00e9 \\/"}');
  });

  it('a redactor without secrets leaves every text as it is', () => {
    expect(redactJsonText('{"a":"\\u0073"}', createRedactor([]))).toBe('{"a":"\\u0073"}');
  });
});

describe('canonicalJsonEscapes', () => {
  it('spells every string as JSON.stringify does ("/" unescaped), and the value does not change', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 2 ** 31 }), (value, seed) => {
        const text = escapeRandomly(JSON.stringify(value), seed);
        expect(JSON.parse(canonicalJsonEscapes(text))).toEqual(JSON.parse(text));
        expect(canonicalJsonEscapes(text)).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads "\\\\u0073" as an escaped backslash followed by letters, not as "s"', () => {
    expect(canonicalJsonEscapes('"\\\\u0073"')).toBe('"\\\\u0073"');
  });
});

/** JSON text with some characters of its strings written as \uXXXX (upper or lower hex) and some "/"
 * as "\/": what PHP, Python and hand-written encoders produce. Same value, different text. */
function escapeRandomly(json: string, seed: number): string {
  let state = seed || 1;
  const next = () => (state = (state * 48271) % 2147483647);
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString && c === '\\') {
      out += c + json[i + 1];
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    else if (inString && next() % 3 === 0) {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      out += c === '/' && next() % 2 === 0 ? '\\/' : `\\u${next() % 2 === 0 ? hex : hex.toUpperCase()}`;
      continue;
    }
    out += c;
  }
  return out;
}

describe('redactJsonText: the parsed value holds no secret, however the text escaped it', () => {
  const secretArb = fc.oneof(fc.constant(SECRET), fc.string({ minLength: 4, maxLength: 14 }), fc.constantFrom('pa"ss\\word', 'tab\there/x', 'é-ünï/cøde', 'a/b+c=d?e&f'));

  it('for any JSON value holding a secret in keys and values, escaped any way', () => {
    fc.assert(
      fc.property(
        secretArb.chain((secret) =>
          fc.tuple(
            fc.constant(secret),
            fc.letrec((tie) => ({
              text: fc.oneof(fc.string({ maxLength: 6 }), fc.constant(secret), fc.tuple(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 })).map(([a, b]) => `${a}${secret}${b}`)),
              value: fc.oneof({ depthSize: 'small' }, tie('text'), fc.integer(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(tie('text') as fc.Arbitrary<string>, tie('value'), { maxKeys: 3 })),
            })).value,
            fc.integer({ min: 1, max: 2 ** 31 }),
          ),
        ),
        ([secret, value, seed]) => {
          const redact = createRedactor([secret]);
          const text = escapeRandomly(JSON.stringify(value), seed);
          const redacted = redactJsonText(text, redact);
          let parsed: unknown;
          try {
            parsed = redacted === undefined ? undefined : JSON.parse(redacted);
          } catch {
            parsed = undefined; // a secret spanning punctuation: the caller walks the parsed original instead
          }
          fc.pre(parsed !== undefined);
          for (const string of stringsIn(parsed)) expect(redact(string)).toBe(string);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  return Object.entries(value).flatMap(([key, item]) => [key, ...stringsIn(item)]);
}
