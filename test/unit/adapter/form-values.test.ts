import type { FieldMeta } from '../../../src/blocks/fields';
import { paramsFromForm, splitList, variablesFromRows } from '../../../src/adapter/form-values';

const text = { en: 'x', fr: 'x' };
const field = (name: string, kind: FieldMeta['kind']): FieldMeta => ({ name, kind, label: text, help: text });
const FIELDS: FieldMeta[] = [
  field('url', 'string'),
  field('timeout_seconds', 'number'),
  field('allow_http', 'boolean'),
  field('headers_json', 'json'),
  field('variables', 'variables'),
  field('filter', 'filter'),
  field('retry', 'retry'),
];

describe('paramsFromForm', () => {
  it('drops empty values so the definition defaults apply, and keeps the others as given', () => {
    expect(paramsFromForm(FIELDS, { url: 'https://x.test/a', timeout_seconds: '', allow_http: false, headers_json: '  ' })).toEqual({
      url: 'https://x.test/a',
      allow_http: false,
    });
  });

  it('ignores keys the definition does not declare', () => {
    expect(paramsFromForm(FIELDS, { url: 'https://x.test', name: 'node name', wires: [] })).toEqual({ url: 'https://x.test' });
  });

  it('turns JSON given as objects into JSON text, as block JSON carries it', () => {
    expect(paramsFromForm(FIELDS, { headers_json: { 'X-Api-Key': '{{key}}' } })).toEqual({ headers_json: '{"X-Api-Key":"{{key}}"}' });
  });

  it('folds filter and retry sub-fields into one object each', () => {
    const params = paramsFromForm(FIELDS, {
      filter_expression: 'orders[0]',
      filter_include: 'order.status, order.tracking\nitems',
      filter_max_items: '3',
      filter_html_to_text: 'false',
      filter_max_chars: '',
      retry_attempts: 2,
    });
    expect(params).toEqual({
      filter: { expression: 'orders[0]', include: ['order.status', 'order.tracking', 'items'], max_items: '3', html_to_text: false },
      retry: { attempts: 2 },
    });
  });

  it('prefers a whole filter object over sub-fields, and leaves structured parameters out when nothing is set', () => {
    expect(paramsFromForm(FIELDS, { filter: { max_items: 1 }, filter_max_items: '9' })).toEqual({ filter: { max_items: 1 } });
    expect(paramsFromForm(FIELDS, { filter: {}, retry_attempts: '' })).toEqual({});
  });
});

describe('variablesFromRows', () => {
  it('keeps rows with content, drops blank rows and empty cells, and makes required a boolean', () => {
    const rows = [
      { name: 'order_number', type: 'string', description: 'The order', example: 'A-1', required: 'true', default: '' },
      { name: '', type: '', description: '', example: '', required: false, default: '' },
      { name: 'count', type: 'integer', required: false, default: '1' },
    ];
    expect(variablesFromRows(rows)).toEqual([
      { name: 'order_number', type: 'string', description: 'The order', example: 'A-1', required: true },
      { name: 'count', type: 'integer', required: false, default: '1' },
    ]);
  });

  it("accepts JSON text and n8n's fixedCollection shape", () => {
    expect(variablesFromRows('[{"name":"a","type":"string"}]')).toEqual([{ name: 'a', type: 'string' }]);
    expect(variablesFromRows({ variable: [{ name: 'b', type: 'email' }] })).toEqual([{ name: 'b', type: 'email' }]);
  });

  it('reads what a host stores for a table nobody filled as "no variables" (issue 12)', () => {
    // n8n fills an omitted fixedCollection with {} when it runs a workflow; Node-RED keeps [].
    for (const untouched of [{}, { variable: [] }, [], null, undefined, '', '  ', '[]']) expect(variablesFromRows(untouched)).toBeUndefined();
    expect(paramsFromForm(FIELDS, { url: 'https://x.test', variables: {}, filter: {}, retry: {} })).toEqual({ url: 'https://x.test' });
  });

  it('keeps an empty JSON object someone wrote for a JSON parameter', () => {
    expect(paramsFromForm(FIELDS, { headers_json: {} })).toEqual({ headers_json: '{}' });
  });

  it('passes a row without a name on, so the block schema can name the problem', () => {
    expect(variablesFromRows([{ description: 'forgot the name' }])).toEqual([{ description: 'forgot the name' }]);
  });

  it('passes invalid JSON text through untouched for the schema to report', () => {
    expect(variablesFromRows('[{oops')).toBe('[{oops');
    expect(variablesFromRows('')).toBeUndefined();
  });
});

describe('splitList', () => {
  it('splits on commas and new lines and trims', () => {
    expect(splitList(' a ,b\n\nc, ')).toEqual(['a', 'b', 'c']);
    expect(splitList(['x', ' ', 'y'])).toEqual(['x', 'y']);
  });
});
