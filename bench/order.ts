// The order the benchmarks' loopback server answers a GET with (~1.5 KB): a realistic API answer of which
// the blocks' filters keep a part. One definition for the server and the in-process parts bench.
export function benchOrder(id: string) {
  return {
    id,
    status: 'shipped',
    customer: { id: 'C-1', first_name: 'Ann', last_name: 'Martin', email: 'ann@example.com', phone: '+33612345678' },
    items: Array.from({ length: 8 }, (_, i) => ({ sku: `SKU-${i}`, name: `Item ${i}`, qty: i + 1, price: 9.99 + i, warehouse_notes: 'fragile, keep upright' })),
    tracking: { carrier: 'La Poste', number: '6A12345678901', events: Array.from({ length: 5 }, (_, i) => ({ at: `2026-11-0${i + 1}T10:00:00Z`, what: 'in transit' })) },
    internal: { margin: 0.31, supplier: 'ACME' },
  };
}
