import { canonicalJson, createRuntimeCache, runtimeKey } from '../../../src/adapter/runtime-cache';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../../src/runtime';

function countingFactory() {
  const made: Array<{ options: RuntimeOptions; closed: number }> = [];
  const factory = (options: RuntimeOptions): Runtime => {
    const record = { options, closed: 0 };
    made.push(record);
    const runtime = createRuntime(options);
    return { ...runtime, network: runtime.network, http: runtime.http, logger: runtime.logger, close: async () => { record.closed += 1; await runtime.close(); } };
  };
  return { made, factory };
}

describe('runtime cache', () => {
  it('gives the same runtime for equal options whatever their key order', async () => {
    const { made, factory } = countingFactory();
    const cache = createRuntimeCache(factory);
    const a = cache.acquire({ ai: { base_url: 'https://ai.test/v1', model: 'm' }, network: { allowed_hosts: ['x'] } });
    const b = cache.acquire({ network: { allowed_hosts: ['x'] }, ai: { model: 'm', base_url: 'https://ai.test/v1' } });
    expect(b.runtime).toBe(a.runtime);
    expect(made).toHaveLength(1);
    const c = cache.acquire({ credentials: { auth: { type: 'bearer', token: 'other' } } });
    expect(c.runtime).not.toBe(a.runtime);
    expect(cache.size()).toBe(2);
    await Promise.all([a.release(), b.release(), c.release()]);
  });

  it('closes a runtime when its last lease is released, once', async () => {
    const { made, factory } = countingFactory();
    const cache = createRuntimeCache(factory);
    const a = cache.acquire({});
    const b = cache.acquire({});
    await a.release();
    await a.release();
    expect(made[0].closed).toBe(0);
    await b.release();
    expect(made[0].closed).toBe(1);
    expect(cache.size()).toBe(0);
    const again = cache.acquire({});
    expect(made).toHaveLength(2);
    await cache.closeAll();
    expect(made[1].closed).toBe(1);
    await again.release();
    expect(made[1].closed).toBe(1);
  });

  it('keys by a hash, so secrets are not kept as readable keys', () => {
    const key = runtimeKey({ credentials: { auth: { type: 'bearer', token: 'hunter2' } } });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });
});
