// The http_request action renders templates that read only declared variables from the resolved
// variables alone (the full context scope is not built for them). These previews (nothing is sent) check
// that such blocks render exactly as blocks reading context names do, call after call, and that a
// template reading a context name or an undeclared name still sees the full scope and its errors.
import { previewBlock } from '../../../src/actions';
import { parseBlock } from '../../../src/blocks';
import { RelaisError } from '../../../src/errors';
import { createRuntime } from '../../../src/runtime';

const runtime = createRuntime({ credentials: { api: { type: 'bearer', token: 'tok-render-scope-1234' } } });

function block(url: string, body: string): unknown {
  return {
    id: 'render-scope',
    type: 'action',
    data: {
      parameters: {
        action_type: 'http_request',
        http_method: 'POST',
        url,
        body_json: body,
        credential: 'api',
        variables: [
          { name: 'order', type: 'string', required: true },
          { name: 'qty', type: 'integer', required: false, default: 1 },
        ],
      },
    },
  };
}

type Rendered = { request: { url: string; body?: unknown }; variables: Record<string, unknown> };

describe('http_request template scope', () => {
  it('a block reading only its variables renders them, typed and defaulted, on every call', async () => {
    const parsed = parseBlock(block('https://api.example.com/orders/{{order}}', '{"order": "{{order}}", "qty": {{qty}}, "note": "for {{order}}"}'));
    for (const order of ['A 1', 'B/2']) {
      const preview = (await previewBlock(parsed, { variables: { order } }, runtime)) as unknown as Rendered;
      expect(preview.request.url).toBe(`https://api.example.com/orders/${encodeURIComponent(order)}`);
      expect(preview.request.body).toEqual({ order, qty: 1, note: `for ${order}` });
      expect(preview.variables).toEqual({ order, qty: 1 });
    }
    const typed = (await previewBlock(parsed, { variables: { order: 'C', qty: '7' } }, runtime)) as unknown as Rendered;
    expect(typed.request.body).toEqual({ order: 'C', qty: 7, note: 'for C' });
  });

  it('a block also reading context names gets them, and empty text for a missing context', async () => {
    const parsed = parseBlock(block('https://api.example.com/orders/{{order}}', '{"order": "{{order}}", "who": "{{contact.first_name}}", "at": "{{current_datetime}}"}'));
    const withContact = (await previewBlock(parsed, { variables: { order: 'A' }, contact: { first_name: 'Ann' }, current_datetime: '2026-11-21T17:30:00Z' }, runtime)) as unknown as Rendered;
    expect(withContact.request.body).toEqual({ order: 'A', who: 'Ann', at: '2026-11-21T17:30:00Z' });
    const without = (await previewBlock(parsed, { variables: { order: 'A' } }, runtime)) as unknown as Rendered;
    expect((without.request.body as { who: string }).who).toBe('');
  });

  it('a template reading an undeclared name is refused naming it, with the names it could use', async () => {
    const parsed = block('https://api.example.com/orders/{{order}}', '{"order": "{{ordre}}"}');
    const error = await previewBlock(parsed, { variables: { order: 'A' } }, runtime).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RelaisError);
    expect((error as RelaisError).message).toMatch(/unknown placeholder \{\{ordre\}\}.*Known names: .*contact.*order/);
  });
});
