// Property-based test of the whole http_request rendering (previewBlock): random values for typed
// variables either give a typed RelaisError or a request whose host is the template's, whose path
// keeps its segments, whose headers hold no control characters and whose JSON body parses back to
// the values given.
import fc from 'fast-check';
import { previewBlock } from '../../../src/actions';
import { parseBlock } from '../../../src/blocks';
import { RelaisError } from '../../../src/errors';
import { createRuntime } from '../../../src/runtime';

const runtime = createRuntime({ credentials: { api: { type: 'bearer', token: 'prop-token-123456' } } });
afterAll(() => runtime.close());

const block = parseBlock({
  id: 'prop',
  type: 'action',
  data: {
    parameters: {
      action_type: 'http_request',
      http_method: 'POST',
      url: 'api.example.com/orders/{{order}}/lines?q={{note}}',
      credential: 'api',
      headers_json: '{"X-Note": "{{note}}"}',
      query_json: '{"n": "{{count}}"}',
      body_json: '{"order": "{{order}}", "count": {{count}}, "ok": "{{flag}}", "text": "note: {{note}}"}',
      variables: [
        { name: 'order', type: 'string', required: true },
        { name: 'count', type: 'integer', required: true },
        { name: 'flag', type: 'boolean', default: 'false' },
        { name: 'note', type: 'string' },
      ],
    },
  },
});

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 20 }).map((codes) => String.fromCharCode(...codes)),
  fc.constantFrom('..', '../admin', '%2e%2e', 'a\r\nX-Evil: 1', '"}', '\\', '{{order}}', 'x&y=z#w'),
);
const anyValue = fc.oneof(anyText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.jsonValue({ maxDepth: 1 }));

describe('http_request rendering properties', () => {
  it('random variable values: a typed error, or a safe, parseable request', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ order: anyValue, count: anyValue, flag: anyValue, note: anyValue }), async (variables) => {
        let preview;
        try {
          preview = await previewBlock(block, { variables }, runtime);
        } catch (error) {
          expect(error).toBeInstanceOf(RelaisError);
          expect((error as RelaisError).code).toMatch(/^(invalid_variable|missing_variable)$/);
          return;
        }
        const request = preview.request!;
        const url = new URL(request.url);
        expect(url.origin).toBe('https://api.example.com');
        expect(url.pathname.split('/')).toHaveLength(4);
        expect([...url.searchParams.keys()]).toEqual(['q', 'n']);
        // eslint-disable-next-line no-control-regex -- the property under test
        for (const value of Object.values(request.headers)) expect(value).not.toMatch(/[\r\n\u0000]/);
        const body = JSON.parse(JSON.stringify(request.body));
        expect(body.order).toBe(String(variables.order));
        expect(Number.isSafeInteger(body.count)).toBe(true);
        expect(typeof body.ok).toBe('boolean');
        expect(JSON.stringify(preview)).not.toContain('prop-token-123456');
      }),
      { numRuns: 1000 },
    );
  });
});
