// An optional variable nobody filled leaves its query parameter out of the URL when the parameter's
// value is exactly that placeholder (what an API expects of an optional query parameter; imported
// OpenAPI operations rely on it). Inside longer text the absent value is empty text, as before.
import { previewBlock } from '../../../src/actions';
import { parseBlock } from '../../../src/blocks';
import { createRuntime } from '../../../src/runtime';

const runtime = createRuntime();
afterAll(() => runtime.close());

const block = parseBlock({
  id: 'list-orders',
  type: 'action',
  data: {
    parameters: {
      action_type: 'http_request',
      http_method: 'GET',
      url: 'https://api.example.com/orders?fixed=1',
      query_json: { status: '{{status}}', since: '{{since}}', q: 'customer:{{customer}}', per_page: '{{per_page}}' },
      variables: [
        { name: 'status', type: 'string' },
        { name: 'since', type: 'date' },
        { name: 'customer', type: 'string' },
        { name: 'per_page', type: 'integer', default: 30 },
      ],
    },
  },
});

const urlWith = async (variables: Record<string, unknown>) => (await previewBlock(block, { variables }, runtime)).request?.url;

describe('query parameters of absent optional variables', () => {
  it('are left out when the value is exactly the placeholder; defaults and longer text stay', async () => {
    await expect(urlWith({})).resolves.toBe('https://api.example.com/orders?fixed=1&q=customer%3A&per_page=30');
    await expect(urlWith({ status: 'open', since: '2026-11-01', customer: 'ana' })).resolves.toBe('https://api.example.com/orders?fixed=1&status=open&since=2026-11-01&q=customer%3Aana&per_page=30');
  });

  it('an empty text value is absent too (a blank optional variable is null)', async () => {
    await expect(urlWith({ status: '  ' })).resolves.toBe('https://api.example.com/orders?fixed=1&q=customer%3A&per_page=30');
  });
});
