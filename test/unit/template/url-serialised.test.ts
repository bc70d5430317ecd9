// A rendered URL's parts are read from its template and its text, without parsing it again, when the
// text after the origin is already written as the URL parser writes it (isSerialisedTail). This compares
// those parts with the parser's own (Node's WHATWG URL, the reference the transport used before) on
// random tails built from the characters that matter: separators, dots, percent-escapes, characters some
// parts of a URL encode ("'", "^", "|", "`", "{"), backslash, spaces, controls and non-ASCII.
import fc from 'fast-check';
import type { UrlParts } from '../../../src/http/types';
import { isSerialisedTail, parseUrlTemplate, renderUrlParsed, type UrlTemplate } from '../../../src/template/url';

const ORIGINS = ['http://127.0.0.1:8080', 'https://api.example.com', 'https://[::1]:8443', 'https://xn--bcher-kva.example', 'http://API.Example.COM:80'];
const FIELDS: Array<keyof UrlParts> = ['href', 'origin', 'protocol', 'host', 'hostname', 'port', 'username', 'password', 'pathname', 'search'];
/** Pieces of the usual paths and queries (mostly kept as written, dots and escapes included), and rarer
 * ones the parser rewrites: a tail is mostly the former, so that both roads are taken often. */
const USUAL = ['/', '/', '.', '..', '%', '%2e', '%2E', '%2f', '%zz', '?', '?', '&', '=', "'", '@', ':', '~', 'a', 'Z', '0', '9', 'e', 'E', '-', '_', '!', '$', '(', ')', '*', '+', ',', ';', 'orders', 'ORD-1'];
const RARE = ['#', '\\', ' ', '\t', '\n', '[', ']', '^', '|', '`', '{', '}', '"', '<', '>', 'é', '\u{1F600}'];
const PIECE = fc.oneof({ arbitrary: fc.constantFrom(...USUAL), weight: 12 }, { arbitrary: fc.constantFrom(...RARE), weight: 1 });

/** The template of `origin` with `tail` as its literal rest (no placeholder: the tail is rendered as is). */
function templateWith(origin: string, tail: string): UrlTemplate {
  return { ...parseUrlTemplate(`${origin}/`, 'url'), rest: tail === '' ? [] : [{ kind: 'text', value: tail }] };
}

function partsOf(url: UrlParts): Record<string, string> {
  return Object.fromEntries(FIELDS.map((field) => [field, url[field]]));
}

describe('isSerialisedTail: a rendered URL read without parsing it again', () => {
  it('accepts the usual paths and queries, and then needs no URL object', () => {
    for (const tail of ['/bench/orders/ORD-1', '/v1/items?limit=10&q=a%20b', '/a/b/', '/orders?', '/users/jean%40example.com/orders', "/o/it's"]) {
      expect(isSerialisedTail(tail)).toBe(true);
      const rendered = renderUrlParsed(templateWith('https://api.example.com', tail), () => '', { allowHttp: true, where: 'url' });
      expect(rendered.url).not.toBeInstanceOf(URL);
      expect(partsOf(rendered.url)).toEqual(partsOf(new URL(rendered.text)));
      expect(String(rendered.url)).toBe(rendered.text);
    }
  });

  it('refuses what the parser would rewrite or resolve', () => {
    for (const tail of ['', '?x=1', '/a/./b', '/a/../b', '/a/%2e%2E/b', '/.well-known', '/%2E', "/a?x='", '/a#top', '/a\\b', '/a b', '/a\tb', '/é', '/a%', '/a%2', '/a%zz', '/a^b', '/a|b', '/a`b', '/a{b}', '/a[b]']) {
      expect(isSerialisedTail(tail)).toBe(false);
    }
  });

  it('gives exactly the parts the URL parser gives, for any tail (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ORIGINS), fc.array(PIECE, { maxLength: 12 }), fc.boolean(), (origin, pieces, slash) => {
        const tail = (slash ? '/' : '') + pieces.join('');
        const template = templateWith(origin, tail);
        let rendered: { text: string; url: UrlParts };
        try {
          rendered = renderUrlParsed(template, () => '', { allowHttp: true, where: 'url' });
        } catch {
          // Refused (not a valid URL, or its host changed): never by the unparsed road.
          expect(isSerialisedTail(tail)).toBe(false);
          return;
        }
        const parsed = new URL(rendered.text);
        expect(partsOf(rendered.url)).toEqual(partsOf(parsed));
        if (isSerialisedTail(tail)) {
          expect(rendered.url).not.toBeInstanceOf(URL);
          expect(parsed.href).toBe(`${template.origin}${tail}`);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
