import { BoundedCache } from '../../../src/bounded-cache';

describe('BoundedCache', () => {
  it('returns the stored value without computing again', () => {
    const cache = new BoundedCache<string, number>(2);
    let calls = 0;
    const compute = () => ++calls;
    expect(cache.getOrCompute('a', compute)).toBe(1);
    expect(cache.getOrCompute('a', compute)).toBe(1);
    expect(calls).toBe(1);
  });

  it('keeps at most limit entries, forgetting the oldest stored first', () => {
    const cache = new BoundedCache<string, string>(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.set('c', 'C');
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('B');
    expect(cache.get('c')).toBe('C');
  });

  it('replacing a key does not evict another', () => {
    const cache = new BoundedCache<string, string>(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.set('b', 'B2');
    expect(cache.get('a')).toBe('A');
    expect(cache.get('b')).toBe('B2');
  });

  it('stores nothing when compute throws', () => {
    const cache = new BoundedCache<string, number>(2);
    expect(() => cache.getOrCompute('bad', () => { throw new Error('no'); })).toThrow('no');
    expect(cache.size).toBe(0);
    expect(cache.getOrCompute('bad', () => 7)).toBe(7);
  });

  it('caches a stored undefined', () => {
    const cache = new BoundedCache<string, undefined>(2);
    let calls = 0;
    cache.getOrCompute('u', () => { calls++; return undefined; });
    cache.getOrCompute('u', () => { calls++; return undefined; });
    expect(calls).toBe(1);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new BoundedCache(0)).toThrow(/positive integer/);
  });
});
