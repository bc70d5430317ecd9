// The retry help text users read in both hosts' forms must say what the transport really retries
// (src/http/retry.ts): it once promised retries on timeouts and every 5xx, which the transport never did.
import { RETRY_SUBFIELDS } from '../../../src/adapter/subfields';
import { IDEMPOTENT_METHODS, RETRY_STATUSES } from '../../../src/http/retry';

describe('retry help text', () => {
  const attempts = RETRY_SUBFIELDS.find((field) => field.key === 'attempts');

  it.each(['en', 'fr'] as const)('names exactly the retried statuses and safe methods (%s)', (language) => {
    const help = attempts?.help?.[language] ?? '';
    const statuses = [...help.matchAll(/\b[45]\d\d\b/g)].map((m) => Number(m[0])).sort();
    expect(statuses).toEqual([...RETRY_STATUSES].sort());
    expect(help).not.toMatch(/5xx|timeouts?|délai dépassé/i);
    for (const method of IDEMPOTENT_METHODS) expect(help).toContain(method);
    expect(help).toContain('Idempotency-Key');
  });
});
