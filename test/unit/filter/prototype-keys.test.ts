// Issue 14, finding 5: a response holding a "__proto__" key must never give the result a prototype.
// JSON.parse makes "__proto__" an ordinary own key; a filter step that copied it with a plain
// assignment (`out[key] = value`) made it the copy's prototype, so `{"__proto__": {"isAdmin": true},
// "a": 1}` came out as {"a": 1} with `data.isAdmin === true`. Every path is checked — no filter, each
// step alone, JMESPath functions that copy keys (merge) — through applyFilter and through executeBlock
// against a node:http server on 127.0.0.1. The key stays an own key, as JSON.parse made it (docs/filtering.md).
import { executeBlock } from '../../../src/actions';
import { applyFilter, type Filter } from '../../../src/filter';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { startTestServer, type TestServer } from '../../support/servers';

const BODY = '{"__proto__":{"isAdmin":true,"status":"refunded"},"a":1,"b":"a longer string value","items":[{"__proto__":{"isAdmin":true},"id":1},{"id":2}]}';

/** Every object in the value has the ordinary prototype (or none) — no data became a prototype. */
function prototypesIntact(value: unknown, path = 'data'): string[] {
  if (value === null || typeof value !== 'object') return [];
  const problems: string[] = [];
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) problems.push(`${path} has a data prototype`);
  if ('isAdmin' in value && !Object.prototype.hasOwnProperty.call(value, 'isAdmin')) problems.push(`${path}.isAdmin is inherited`);
  for (const [key, item] of Object.entries(value)) problems.push(...prototypesIntact(item, `${path}.${key}`));
  return problems;
}

const FILTERS: Record<string, Filter | undefined> = {
  'no filter': undefined,
  'budget off': { max_chars: 0 },
  'expression @': { expression: '@' },
  'expression merge(@)': { expression: 'merge(@)' },
  'expression merge(@, {c: `1`})': { expression: 'merge(@, {c: `1`})' },
  'expression items[]': { expression: 'items[]' },
  'expression items[?id > `0`]': { expression: 'items[?id > `0`]' },
  'expression let': { expression: 'let $x = @ in merge($x)' },
  'include *': { include: ['*'] },
  'include __proto__ and a': { include: ['__proto__', 'a', 'items.*.__proto__'] },
  'exclude b': { exclude: ['b'] },
  'max_items': { max_items: 1 },
  'max_string_length': { max_string_length: 3 },
  'max_chars (cuts keys)': { max_chars: 80 },
  'max_chars (fits)': { max_chars: 4000 },
  'everything': { expression: 'merge(@)', include: ['*'], exclude: ['b'], max_items: 5, max_string_length: 10, max_chars: 100 },
};

describe('"__proto__" keys never become a prototype (applyFilter)', () => {
  it.each(Object.keys(FILTERS))('%s', (name) => {
    const out = applyFilter(JSON.parse(BODY), FILTERS[name]);
    expect(prototypesIntact(out.data)).toEqual([]);
    expect((out.data as { isAdmin?: unknown }).isAdmin).toBeUndefined();
  });

  it('keeps the key as an own key where the filter keeps it (JSON.parse semantics)', () => {
    for (const filter of [undefined, { include: ['__proto__', 'a'] }, { max_items: 1 }, { expression: 'merge(@)' }, { exclude: ['b'] }]) {
      const out = applyFilter(JSON.parse(BODY), filter).data as Record<string, unknown>;
      expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual(JSON.parse('{"isAdmin":true,"status":"refunded"}'));
      expect(JSON.stringify(out)).toContain('"__proto__":{"isAdmin":true');
    }
  });

  it('an expression writing a "__proto__" key itself makes an own key too', () => {
    const out = applyFilter({ x: { isAdmin: true } }, { expression: '{__proto__: x, y: `1`}' }).data as Record<string, unknown>;
    expect(prototypesIntact(out)).toEqual([]);
    // The interpreter's plain assignment made it the prototype; it comes back as an own key (last).
    expect(Object.keys(out).sort()).toEqual(['__proto__', 'y']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ isAdmin: true });
  });
});

describe('"__proto__" keys never become a prototype (executeBlock against a server)', () => {
  let server: TestServer;
  let runtime: Runtime;

  beforeAll(async () => {
    // Every path answers the same JSON document.
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(BODY);
      return true;
    });
    runtime = createRuntime({ network: { allowed_hosts: [new URL(server.origin).host] } });
  });

  afterAll(async () => {
    await runtime.close();
    await server.close();
  });

  it.each(Object.keys(FILTERS))('%s', async (name) => {
    const filter = FILTERS[name];
    const block = {
      id: 'proto',
      type: 'action',
      position: { x: 0, y: 0 },
      data: { label: 'Proto', channel: 'http', description: 'd', parameters: { action_type: 'http_request', http_method: 'GET', url: `${server.origin}/order`, allow_http: true, ...(filter ? { filter } : {}) } },
    };
    const result = await executeBlock(block, {}, runtime);
    expect(prototypesIntact(result.data)).toEqual([]);
  });
});
