// One Runtime per distinct configuration, shared by every node/execution that uses it, so a flow
// handling many messages reuses one HTTP connection pool, one store connection and one AI client
// instead of opening them per message. Entries are reference-counted: each user `acquire`s and
// `release`s (Node-RED: on node close, i.e. redeploy or stop); the last release closes the runtime.
// The key is a SHA-256 of the canonical JSON of the options, so secrets are not kept as map keys.
import { createHash } from 'node:crypto';
import type { Credential } from '../credentials';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime';
import { runtimeSecrets } from './secrets';

/** Runtime options without a logger or a resolver function: plain data, so they can be keyed. */
export type CacheableRuntimeOptions = Omit<RuntimeOptions, 'logger' | 'credentials'> & {
  credentials?: Record<string, Credential>;
};

export interface RuntimeLease {
  readonly runtime: Runtime;
  /** Every secret the runtime's options hold, for redacting the host's log lines. */
  readonly secrets: readonly string[];
  /** Idempotent; the last lease released closes the runtime. */
  release(): Promise<void>;
}

export interface RuntimeCache {
  acquire(options: CacheableRuntimeOptions): RuntimeLease;
  /** Number of live runtimes (tests, diagnostics). */
  size(): number;
  /** Closes every runtime regardless of leases (process shutdown). */
  closeAll(): Promise<void>;
}

/** JSON with object keys sorted, so equal options give equal keys whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function runtimeKey(options: CacheableRuntimeOptions): string {
  return createHash('sha256').update(canonicalJson(options)).digest('hex');
}

export function createRuntimeCache(
  factory: (options: RuntimeOptions) => Runtime = createRuntime,
  extra: Pick<RuntimeOptions, 'logger'> = {},
): RuntimeCache {
  const entries = new Map<string, { runtime: Runtime; leases: number }>();

  return {
    acquire(options) {
      const key = runtimeKey(options);
      let entry = entries.get(key);
      if (!entry) {
        entry = { runtime: factory({ ...options, ...extra }), leases: 0 };
        entries.set(key, entry);
      }
      entry.leases += 1;
      const held = entry;
      let released = false;
      return {
        runtime: held.runtime,
        secrets: runtimeSecrets(options),
        async release() {
          if (released) return;
          released = true;
          held.leases -= 1;
          if (held.leases > 0 || entries.get(key) !== held) return;
          entries.delete(key);
          await held.runtime.close();
        },
      };
    },
    size: () => entries.size,
    async closeAll() {
      const all = [...entries.values()];
      entries.clear();
      await Promise.allSettled(all.map((entry) => entry.runtime.close()));
    },
  };
}
