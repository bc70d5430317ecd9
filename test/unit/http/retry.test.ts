import { backoffDelay, nextDelay, parseRetryAfter, retriesAllowed } from '../../../src/http/retry';

describe('retry policy', () => {
  it('retries only idempotent methods, or POST/PATCH with an Idempotency-Key', () => {
    const policy = { attempts: 2 };
    expect(['GET', 'HEAD', 'PUT', 'DELETE'].map((m) => retriesAllowed(m as 'GET', {}, policy))).toEqual([2, 2, 2, 2]);
    expect(retriesAllowed('POST', {}, policy)).toBe(0);
    expect(retriesAllowed('PATCH', { 'content-type': 'application/json' }, policy)).toBe(0);
    expect(retriesAllowed('POST', { 'Idempotency-Key': 'abc' }, policy)).toBe(2);
    expect(retriesAllowed('GET', {}, undefined)).toBe(0);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('backs off exponentially with jitter', () => {
    expect(backoffDelay(1, 100, () => 0)).toBe(50);
    expect(backoffDelay(3, 100, () => 1)).toBe(400);
  });

  it('never waits past the deadline', () => {
    expect(nextDelay(1, undefined, '10', 5000)).toBeUndefined();
    expect(nextDelay(1, undefined, '1', 5000)).toBe(1000);
  });
});
