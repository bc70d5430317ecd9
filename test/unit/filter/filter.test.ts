import { RelaisError } from '../../../src/errors';
import { applyFilter, DEFAULT_MAX_CHARS, recordSize, TRUNCATED_KEY } from '../../../src/filter';

const orders = {
  customer: { name: 'Ann', ssn: '123-45-6789', notes: 'x'.repeat(50) },
  orders: [
    { id: 'A1', status: 'shipped', internal_notes: 'fragile', items: [{ sku: 's1', qty: 1 }, { sku: 's2', qty: 2 }] },
    { id: 'A2', status: 'pending', internal_notes: 'late', items: [{ sku: 's3', qty: 3 }] },
    { id: 'A3', status: 'cancelled', internal_notes: '', items: [] },
  ],
};

describe('applyFilter', () => {
  it('projects with JMESPath', () => {
    const out = applyFilter(orders, { expression: "orders[?status != 'cancelled'].{id: id, status: status}" });
    expect(out.data).toEqual([{ id: 'A1', status: 'shipped' }, { id: 'A2', status: 'pending' }]);
    expect(out.report.truncated).toBe(false);
  });

  it('a bad expression is invalid_block naming filter.expression', () => {
    try {
      applyFilter(orders, { expression: 'orders[' });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(RelaisError);
      expect((error as RelaisError).code).toBe('invalid_block');
      expect((error as RelaisError).issues[0].path).toBe('data.parameters.filter.expression');
    }
  });

  it('include keeps dot paths, mapping through arrays and honouring *', () => {
    expect(applyFilter(orders, { include: ['customer.name', 'orders.id', 'orders.*.items.*.sku'] }).data).toEqual({
      customer: { name: 'Ann' },
      orders: [{ id: 'A1', items: [{ sku: 's1' }, { sku: 's2' }] }, { id: 'A2', items: [{ sku: 's3' }] }, { id: 'A3' }],
    });
    expect(applyFilter(orders, { include: ['orders.1.id'] }).data).toEqual({ orders: [{ id: 'A2' }] });
    expect(applyFilter(orders, { include: ['nothing.here'] }).data).toEqual({});
  });

  it('exclude drops dot paths', () => {
    const out = applyFilter(orders, { exclude: ['customer.ssn', 'orders.*.internal_notes', 'orders.*.items'] }).data as typeof orders;
    expect(out.customer).toEqual({ name: 'Ann', notes: orders.customer.notes });
    expect(out.orders[0]).toEqual({ id: 'A1', status: 'shipped' });
    expect(orders.customer.ssn).toBe('123-45-6789'); // input untouched
  });

  it('max_items keeps the first N of every array and marks the rest', () => {
    const out = applyFilter(orders, { max_items: 1 });
    const data = out.data as { orders: unknown[] };
    expect(data.orders).toEqual([{ ...orders.orders[0], items: [{ sku: 's1', qty: 1 }, { [TRUNCATED_KEY]: '1 more item' }] }, { [TRUNCATED_KEY]: '2 more items' }]);
    expect(out.report).toMatchObject({ truncated: true, cuts: { array_items: 3 } });
  });

  it('max_string_length cuts long strings with a marker', () => {
    const out = applyFilter({ a: 'abcdefghij', b: 'abcd' }, { max_string_length: 4 });
    expect(out.data).toEqual({ a: 'abcd… [truncated 6 chars]', b: 'abcd' });
    expect(out.report.cuts).toEqual({ strings: 1, string_chars: 6 });
  });

  it('max_chars budgets JSON: valid JSON within budget with explicit markers', () => {
    const big = { items: Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `item ${i}` })) };
    const out = applyFilter(big, { max_chars: 300 });
    const text = JSON.stringify(out.data);
    expect(text.length).toBeLessThanOrEqual(300);
    const items = (out.data as { items: Record<string, unknown>[] }).items;
    expect(items[0]).toEqual({ id: 0, name: 'item 0' });
    expect(items[items.length - 1][TRUNCATED_KEY]).toMatch(/^\d+ more items$/);
    expect(out.report.truncated).toBe(true);
    expect(out.report.original_chars).toBe(JSON.stringify(big).length);
    expect(out.report.final_chars).toBe(text.length);
  });

  it('max_chars shrinks the first value that does not fit and marks dropped keys', () => {
    const out = applyFilter({ summary: 'y'.repeat(500), later: 1, more: 2 }, { max_chars: 120 });
    const data = out.data as Record<string, unknown>;
    expect(JSON.stringify(data).length).toBeLessThanOrEqual(120);
    expect(data.summary).toMatch(/^y+… \[truncated \d+ chars\]$/);
    expect(data[TRUNCATED_KEY]).toBe('2 more keys');
  });

  it('max_chars budgets text by its own length', () => {
    const out = applyFilter('z'.repeat(1000), { max_chars: 100 });
    expect((out.data as string).length).toBeLessThanOrEqual(100);
    expect(out.data).toMatch(/^z+… \[truncated \d+ chars\]$/);
    expect(out.report).toMatchObject({ truncated: true, original_chars: 1000 });
  });

  it('applies the default budget without a filter, and none with max_chars 0', () => {
    const huge = { text: 'w'.repeat(DEFAULT_MAX_CHARS * 2) };
    expect(JSON.stringify(applyFilter(huge, undefined).data).length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
    expect(applyFilter(huge, { max_chars: 0 }).data).toEqual(huge);
  });

  it('reports a decoded response\'s original size as its body length (recorded by decodeBody)', () => {
    const data = { a: [1, 2, 3] };
    recordSize(data, 40); // e.g. the pretty-printed body it was parsed from
    const out = applyFilter(data, undefined);
    expect(out.report).toMatchObject({ original_chars: 40, final_chars: JSON.stringify(data).length, truncated: false });
  });

  it('leaves text alone for projections', () => {
    expect(applyFilter('plain text', { expression: 'a', include: ['x'] }).data).toBe('plain text');
  });

  it('reduces 10 MB of JSON to a 4 KB budget quickly', () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => ({ id: i, name: `customer ${i}`, email: `c${i}@example.com`, notes: 'n'.repeat(100) }));
    const started = performance.now();
    const out = applyFilter({ rows }, { max_chars: 4096 });
    const elapsed = performance.now() - started;
    expect(JSON.stringify(out.data).length).toBeLessThanOrEqual(4096);
    expect(out.report.original_chars).toBeGreaterThan(10_000_000);
    expect(elapsed).toBeLessThan(1500); // generous for CI; bench/ measures the real number
  });
});
