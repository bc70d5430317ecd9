// The one runtime cache of this Node-RED process: every Relais node asks it for the Runtime of its
// configuration and releases it on close (redeploy, stop), so nodes sharing config nodes share one
// connection pool, store and AI client.
import { createRuntimeCache, type CacheableRuntimeOptions, type RuntimeLease } from '../../../src/adapter';

const cache = createRuntimeCache();

export function leaseRuntime(options: CacheableRuntimeOptions): RuntimeLease {
  return cache.acquire(options);
}

/** Live runtimes (diagnostics and tests). */
export function liveRuntimes(): number {
  return cache.size();
}
