// Templates: plain placeholders only, strict about unknown names, no prototype access, and each value
// escaped for where it lands (URL path segment, query value, header, JSON value, text).
import { RelaisError } from '../../../src/errors';
import {
  appendQuery,
  parseJsonTemplate,
  parseTemplate,
  parseUrlTemplate,
  placeholderText,
  lookupPlaceholder,
  renderHeaders,
  renderJsonTemplate,
  renderText,
  renderUrl,
  renderUrlParsed,
  type PlaceholderPart,
  type TemplateScope,
} from '../../../src/template';

const scope: TemplateScope = Object.assign(Object.create(null), {
  order_number: 'ORD-12345',
  count: 3,
  price: 9.5,
  gift: true,
  note: null,
  contact: Object.assign(Object.create(null), { first_name: 'Jeanne', last_name: "O'Hara" }),
});

function withValues(values: Record<string, unknown>): TemplateScope {
  return Object.assign(Object.create(null), values);
}

const text = (s: TemplateScope, where = 'test') => (part: PlaceholderPart) => placeholderText(lookupPlaceholder(s, part, where), part, where);
const url = (template: string, s: TemplateScope = scope, allowHttp = false) => renderUrl(parseUrlTemplate(template, 'url'), text(s, 'url'), { allowHttp, where: 'url' });
const json = (template: string, s: TemplateScope = scope) => renderJsonTemplate(parseJsonTemplate(template, 'body_json'), (p) => lookupPlaceholder(s, p, 'body_json') ?? null, text(s, 'body_json'));

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof RelaisError) return error.code;
    throw error;
  }
  throw new Error('expected a RelaisError');
}

describe('parseTemplate', () => {
  it('reads text and dotted placeholders, caches the result', () => {
    const parts = parseTemplate('Hello {{contact.first_name}}, order {{ order_number }}', 'x');
    expect(parts).toEqual([
      { kind: 'text', value: 'Hello ' },
      { kind: 'placeholder', name: 'contact.first_name', path: ['contact', 'first_name'] },
      { kind: 'text', value: ', order ' },
      { kind: 'placeholder', name: 'order_number', path: ['order_number'] },
    ]);
    expect(parseTemplate('Hello {{contact.first_name}}, order {{ order_number }}', 'x')).toBe(parts);
  });

  it.each([
    '{{#if gift}}yes{{/if}}',
    '{{lookup contact "first_name"}}',
    '{{> partial}}',
    '{{this}}',
    '{{../order_number}}',
    '{{@root.order_number}}',
    '{{constructor.constructor}}',
    '{{__proto__}}',
    '{{contact.__proto__.polluted}}',
    '{{order_number.constructor}}',
    '{{[weird name]}}',
    '{{unclosed',
  ])('refuses %s as invalid_block', (source) => {
    expect(codeOf(() => parseTemplate(source, 'x'))).toBe('invalid_block');
  });
});

describe('lookups', () => {
  it('an unknown placeholder is invalid_block naming it and the known names', () => {
    expect(() => renderText('Hi {{frist_name}}', scope, 'body_text')).toThrow(expect.objectContaining({ code: 'invalid_block', message: expect.stringMatching(/unknown placeholder \{\{frist_name\}\}.*Known names: contact, count/) }));
    expect(() => renderText('{{contact.nickname}}', scope, 'body_text')).toThrow(/Known names in contact: first_name, last_name/);
  });

  it('never reads the prototype chain', () => {
    const inherited = Object.create({ secret: 'from prototype' }) as TemplateScope;
    expect(codeOf(() => renderText('{{secret}}', inherited, 'x'))).toBe('invalid_block');
    expect(codeOf(() => renderText('{{toString}}', withValues({}), 'x'))).toBe('invalid_block');
    expect(codeOf(() => renderText('{{order_number.length}}', scope, 'x'))).toBe('invalid_block');
  });

  it('text: numbers, booleans and null as text; objects refused', () => {
    expect(renderText('{{count}}/{{price}}/{{gift}}/{{note}}/{{contact.last_name}}', scope, 'x')).toBe("3/9.5/true//O'Hara");
    expect(codeOf(() => renderText('{{contact}}', scope, 'x'))).toBe('invalid_block');
  });
});

describe('URL templates', () => {
  it('renders path placeholders as one encoded segment', () => {
    expect(url('https://api.company.com/orders/{{order_number}}')).toBe('https://api.company.com/orders/ORD-12345');
    const s = withValues({ v: 'a/b?c#d e&f=g%2F' });
    expect(url('https://api.example.com/x/{{v}}/y', s)).toBe('https://api.example.com/x/a%2Fb%3Fc%23d%20e%26f%3Dg%252F/y');
  });

  it('prepends https:// when there is no scheme (seed 002)', () => {
    expect(url('inventory.company.com/products/{{order_number}}/availability')).toBe('https://inventory.company.com/products/ORD-12345/availability');
  });

  it.each([['..'], ['.'], ['%2e%2e'], ['../admin'], ['..%2f..'], ['/etc/passwd'], ['%2E%2E']])('refuses or neutralises traversal value %s', (value) => {
    const s = withValues({ v: value });
    let rendered: string | undefined;
    try {
      rendered = url('https://api.example.com/files/{{v}}/meta', s);
    } catch (error) {
      expect((error as RelaisError).code).toBe('invalid_variable');
      return;
    }
    // When it renders, the value stayed inside its one segment: the path is exactly the template's.
    expect(new URL(rendered).pathname).toBe(`/files/${encodeURIComponent(value)}/meta`);
    expect(new URL(rendered).pathname.split('/')).toHaveLength(4);
  });

  it('refuses "." and ".." values as invalid_variable naming the variable', () => {
    expect(() => url('https://api.example.com/files/{{v}}', withValues({ v: '..' }))).toThrow(expect.objectContaining({ code: 'invalid_variable', message: expect.stringMatching(/\{\{v\}\}.*path traversal/) }));
    expect(() => url('https://api.example.com/files/.{{v}}', withValues({ v: '.' }))).toThrow(expect.objectContaining({ code: 'invalid_variable' }));
  });

  it('refuses an empty value in the path', () => {
    expect(() => url('https://api.example.com/orders/{{v}}', withValues({ v: '' }))).toThrow(expect.objectContaining({ code: 'invalid_variable' }));
  });

  it('encodes query and fragment values as one value', () => {
    const s = withValues({ q: 'a&admin=true#x', f: 'a b' });
    expect(url('https://api.example.com/search?q={{q}}&limit=5#{{f}}', s)).toBe('https://api.example.com/search?q=a%26admin%3Dtrue%23x&limit=5#a%20b');
  });

  it.each(['https://{{host}}/x', 'https://api.{{domain}}/x', 'https://api.example.com:{{port}}/x', '{{url}}', '{{scheme}}://api.example.com/x', 'https://api.example.com{{path}}', 'api.example.com{{path}}'])(
    'a placeholder cannot choose the scheme or host: %s',
    (template) => {
      expect(codeOf(() => parseUrlTemplate(template, 'url'))).toBe('invalid_block');
    },
  );

  it('http:// is insecure_url unless allowed; other schemes and userinfo are refused', () => {
    expect(codeOf(() => url('http://api.example.com/x'))).toBe('insecure_url');
    expect(url('http://api.example.com/x', scope, true)).toBe('http://api.example.com/x');
    expect(codeOf(() => parseUrlTemplate('file:///etc/passwd', 'url'))).toBe('invalid_block');
    expect(codeOf(() => parseUrlTemplate('javascript://alert(1)', 'url'))).toBe('invalid_block');
    expect(codeOf(() => parseUrlTemplate('https://user:secret@api.example.com/', 'url'))).toBe('invalid_block');
  });

  it('renderUrlParsed gives the very text renderUrl gives, and the URL that text parses to', () => {
    const s = withValues({ v: "it's a/b", q: 'x y' });
    const template = parseUrlTemplate('https://API.example.com/x/{{v}}?q={{q}}', 'url');
    const rendered = renderUrlParsed(template, text(s, 'url'), { allowHttp: false, where: 'url' });
    expect(rendered.text).toBe(renderUrl(template, text(s, 'url'), { allowHttp: false, where: 'url' }));
    expect(rendered.url.href).toBe(new URL(rendered.text).href);
    expect(rendered.url.origin).toBe('https://api.example.com');
    expect(codeOf(() => renderUrlParsed(parseUrlTemplate('http://api.example.com/x', 'url'), text(s, 'url'), { allowHttp: false, where: 'url' }))).toBe('insecure_url');
  });

  it('appends query_json parameters, encoded, before the fragment', () => {
    expect(appendQuery('https://a.example/x#top', [['include', 'orders'], ['q', 'a&b=c']])).toBe('https://a.example/x?include=orders&q=a%26b%3Dc#top');
    expect(appendQuery('https://a.example/x?limit=1', [['page', '2']])).toBe('https://a.example/x?limit=1&page=2');
    expect(appendQuery('https://a.example/x', [])).toBe('https://a.example/x');
  });
});

describe('headers', () => {
  it('renders values', () => {
    expect(renderHeaders({ 'X-Order': '{{order_number}}', 'X-Static': 'v' }, text(scope))).toEqual({ 'X-Order': 'ORD-12345', 'X-Static': 'v' });
  });

  it.each(['a\r\nX-Injected: 1', 'a\nb', 'a\rb', 'a\u0000b', 'a\u007fb'])('refuses a value with control characters (%j)', (value) => {
    expect(() => renderHeaders({ 'X-A': '{{v}}' }, text(withValues({ v: value })))).toThrow(expect.objectContaining({ code: 'invalid_variable', message: expect.stringMatching(/\{\{v\}\}.*X-A header/) }));
  });

  it.each(['Łukasz', '😀'])('refuses a value an HTTP header cannot carry (%s), keeps Latin-1', (value) => {
    expect(() => renderHeaders({ 'X-Name': '{{v}}' }, text(withValues({ v: value })))).toThrow(expect.objectContaining({ code: 'invalid_variable', message: expect.stringMatching(/Latin-1/) }));
    expect(renderHeaders({ 'X-Name': '{{v}}' }, text(withValues({ v: 'Zoë' })))).toEqual({ 'X-Name': 'Zoë' });
  });

  it('refuses static text with control characters as invalid_block', () => {
    expect(codeOf(() => renderHeaders({ 'X-A': 'a\r\nb' }, text(scope)))).toBe('invalid_block');
  });
});

describe('JSON body templates', () => {
  it('keeps typed values as JSON types for whole-value placeholders, quoted or not', () => {
    expect(json('{"n": {{count}}, "q": "{{count}}", "p": "{{price}}", "g": {{gift}}, "none": "{{note}}", "id": "{{order_number}}"}')).toEqual({
      n: 3,
      q: 3,
      p: 9.5,
      g: true,
      none: null,
      id: 'ORD-12345',
    });
  });

  it('interpolates placeholders inside longer strings as text (seed 002 Zendesk body)', () => {
    const body = json('{"ticket": {"subject": "Call with {{contact.first_name}}", "count": "{{count}} items", "list": [{{count}}, "x{{gift}}"]}}');
    expect(body).toEqual({ ticket: { subject: 'Call with Jeanne', count: '3 items', list: [3, 'xtrue'] } });
  });

  it('quotes, backslashes and braces in values never break the JSON', () => {
    const nasty = '", "admin": true, "x": "\\"}{{{}}}\n\u0000\u2028';
    const s = withValues({ v: nasty });
    const rendered = json('{"a": "{{v}}", "b": "pre {{v}} post", "c": {{v}}}', s);
    expect(rendered).toEqual({ a: nasty, b: `pre ${nasty} post`, c: nasty });
    expect(JSON.parse(JSON.stringify(rendered))).toEqual(rendered);
    expect(Object.keys(rendered as object)).toEqual(['a', 'b', 'c']);
  });

  it('keeps "__proto__" keys as plain keys', () => {
    const rendered = json('{"__proto__": {"polluted": "{{order_number}}"}}') as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(rendered)).toBe('{"__proto__":{"polluted":"ORD-12345"}}');
  });

  it.each([
    ['{"a": }', /line 1, column 7/],
    ['{"a": 1,}', /quoted property name/],
    ['{"a": 1}\n{"b": 2}', /line 2, column 1/],
    ['{"{{k}}": 1}', /property names cannot hold placeholders/],
    ['{"a": 1, "a": 2}', /appears twice/],
    ['{"a": {{x}', /not closed/],
    ['{"a": {{x y}}}', /not a placeholder name/],
    ['{"a": "{{#each x}}{{/each}}"}', /only plain placeholders/],
    ['{"a": "line\nbreak"}', /control character/],
    ['[' .repeat(100) + ']'.repeat(100), /nested more than 64/],
    ['', /ends where a value was expected/],
  ])('an invalid template %j is invalid_block with its position', (source, message) => {
    expect(() => parseJsonTemplate(source, 'body_json')).toThrow(expect.objectContaining({ code: 'invalid_block', message: expect.stringMatching(message) }));
  });

  it('an unknown placeholder in the body is invalid_block naming it', () => {
    expect(() => json('{"a": {{missing}}}')).toThrow(expect.objectContaining({ code: 'invalid_block', message: expect.stringMatching(/\{\{missing\}\}/) }));
  });
});
