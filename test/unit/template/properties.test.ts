// Property-based tests (fast-check): thousands of random templates and values. Only RelaisErrors come
// out, rendered JSON bodies always parse back to the same value, and values never escape their place.
import fc from 'fast-check';
import { RelaisError } from '../../../src/errors';
import {
  lookupPlaceholder,
  parseJsonTemplate,
  parseTemplate,
  parseUrlTemplate,
  placeholderText,
  renderHeaders,
  renderJsonTemplate,
  renderText,
  renderUrl,
  type PlaceholderPart,
  type TemplateScope,
} from '../../../src/template';

const RUNS = 2000;
/** Any text, including lone UTF-16 surrogates (what a model may produce when it cuts an emoji). */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 }).map((codes) => String.fromCharCode(...codes)),
  fc.constantFrom('..', '.', '%2e%2e', '../x', '\r\nX-A: 1', '"}', '\\', '{{a}}', '#', '?', '/'),
);
const scopeOf = (values: Record<string, unknown>): TemplateScope => Object.assign(Object.create(null), values);
const text = (s: TemplateScope) => (part: PlaceholderPart) => placeholderText(lookupPlaceholder(s, part, 'x'), part, 'x');

/** Runs `fn`; any error that is not a RelaisError fails the property. */
function onlyRelaisErrors(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof RelaisError)) throw error;
  }
}

describe('template properties', () => {
  it('parseTemplate and renderText throw only RelaisErrors on any text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.stringMatching(/^(\{\{|\}\}|[a-z._#/@ ]|\{|\})*$/)), (source) => {
        onlyRelaisErrors(() => renderText(source, scopeOf({ a: 'x', b: { c: 1 } }), 'x'));
      }),
      { numRuns: RUNS },
    );
  });

  it('parseJsonTemplate throws only RelaisErrors on any text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.json().map((j) => j.replace(/"[^"]*"/, '{{a}}')), fc.stringMatching(/^[[\]{}",:0-9a-z \\]*$/)), (source) => {
        onlyRelaisErrors(() => parseJsonTemplate(source, 'body_json'));
      }),
      { numRuns: RUNS },
    );
  });

  it('a JSON document without placeholders renders to itself', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const source = JSON.stringify(value);
        if (source.includes('{{')) return;
        const rendered = renderJsonTemplate(parseJsonTemplate(source, 'b'), () => null, () => '');
        expect(JSON.stringify(rendered)).toBe(JSON.stringify(JSON.parse(source)));
      }),
      { numRuns: RUNS },
    );
  });

  it('any values substituted into a JSON body keep it valid JSON with the values intact', () => {
    const value = fc.oneof(anyText, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(value, anyText, (v, w) => {
        const s = scopeOf({ v, w });
        const tree = parseJsonTemplate('{"whole": {{v}}, "quoted": "{{v}}", "inside": "a{{w}}b", "list": [{{v}}, "{{w}}"]}', 'b');
        const rendered = renderJsonTemplate(tree, (p) => lookupPlaceholder(s, p, 'b') ?? null, text(s));
        const reparsed = JSON.parse(JSON.stringify(rendered));
        // JSON has no -0: it serialises as 0.
        const expected = Object.is(v, -0) ? 0 : v;
        expect(reparsed).toEqual({ whole: expected, quoted: expected, inside: `a${w}b`, list: [expected, w] });
      }),
      { numRuns: RUNS },
    );
  });

  it('a path value never changes the host or leaves its segment', () => {
    const template = parseUrlTemplate('https://api.example.com/orders/{{v}}/items?x=1', 'url');
    fc.assert(
      fc.property(anyText, (v) => {
        let rendered: string;
        try {
          rendered = renderUrl(template, text(scopeOf({ v })), { allowHttp: false, where: 'url' });
        } catch (error) {
          expect(error).toBeInstanceOf(RelaisError);
          expect((error as RelaisError).code).toBe('invalid_variable');
          return;
        }
        const parsed = new URL(rendered);
        expect(parsed.host).toBe('api.example.com');
        expect(parsed.pathname.split('/')).toHaveLength(4);
        expect(decodeURIComponent(parsed.pathname.split('/')[2])).toBe((v as unknown as { toWellFormed(): string }).toWellFormed());
        expect(parsed.search).toBe('?x=1');
      }),
      { numRuns: RUNS },
    );
  });

  it('a query value never adds a parameter', () => {
    const template = parseUrlTemplate('https://api.example.com/search?q={{v}}&limit=5', 'url');
    fc.assert(
      fc.property(anyText, (v) => {
        onlyRelaisErrors(() => {
          const parsed = new URL(renderUrl(template, text(scopeOf({ v })), { allowHttp: false, where: 'url' }));
          expect([...parsed.searchParams.keys()]).toEqual(['q', 'limit']);
          expect(parsed.hash).toBe('');
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('any URL template text throws only RelaisErrors, and a rendered URL keeps the literal host', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.webUrl().map((u) => `${u}/{{v}}`), fc.stringMatching(/^(https?:\/\/)?[a-z.{}:/@?#]*$/)), anyText, (source, v) => {
        onlyRelaisErrors(() => {
          const template = parseUrlTemplate(source, 'url');
          const rendered = renderUrl(template, text(scopeOf({ v })), { allowHttp: true, where: 'url' });
          expect(new URL(rendered).origin).toBe(new URL(template.origin).origin);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('a header value with a control character is never sent', () => {
    fc.assert(
      fc.property(anyText, (v) => {
        try {
          const headers = renderHeaders({ 'X-V': 'a {{v}}' }, text(scopeOf({ v })));
          // eslint-disable-next-line no-control-regex -- the property under test
          expect(headers['X-V']).not.toMatch(/[\r\n\u0000]/);
        } catch (error) {
          expect((error as RelaisError).code).toBe('invalid_variable');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('parseTemplate never accepts a name reaching the prototype', () => {
    fc.assert(
      fc.property(fc.constantFrom('__proto__', 'constructor', 'prototype', 'this'), fc.constantFrom('', 'a.', 'contact.'), (name, prefix) => {
        expect(() => parseTemplate(`{{${prefix}${name}}}`, 'x')).toThrow(RelaisError);
      }),
    );
  });
});
