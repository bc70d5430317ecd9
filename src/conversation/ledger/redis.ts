// The Redis delivery ledger (the Redis n8n's queue mode already runs): a claim is `SET key "" NX PX
// ttl` — one process in any number gets "OK" — and the answer replaces the empty value with its JSON,
// with the same kind of expiry. An empty value means "the first delivery is still running".
import { Redis, type RedisOptions } from 'ioredis';
import { RelaisError } from '../../errors';
import type { DeliveryLedger, DeliveryLedgerConfig, LedgerClaim, LedgerReply } from './types';

type RedisConfig = Extract<DeliveryLedgerConfig, { backend: 'redis' }>;

const PENDING = '';
const RENEW_IF_PENDING = "if redis.call('GET', KEYS[1]) == '' then return redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return 0";

function parse(value: string | null): LedgerClaim {
  if (value === null) return { first: false, absent: true };
  if (value === PENDING) return { first: false };
  try {
    return { first: false, reply: JSON.parse(value) as LedgerReply };
  } catch {
    return { first: false };
  }
}

export function openRedisLedger(config: RedisConfig): DeliveryLedger {
  const timeout = config.timeout_ms ?? 2000;
  const options: RedisOptions = {
    // Commands fail fast while Redis is away (the processor then applies its fail-open/closed rule)
    // instead of queueing for ever; the client keeps reconnecting in the background.
    maxRetriesPerRequest: 1,
    commandTimeout: timeout,
    connectTimeout: timeout,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  };
  const client = config.url
    ? new Redis(config.url, options)
    : new Redis({ ...options, host: config.host ?? '127.0.0.1', port: config.port ?? 6379, username: config.username, password: config.password, db: config.db ?? 0, ...(config.tls ? { tls: {} } : {}) });
  // Connection errors surface on each command; unobserved 'error' events must not crash the host.
  client.on('error', () => undefined);
  const prefix = config.prefix ?? 'relais:ledger:';
  const wrap = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RelaisError('store_error', `The Redis delivery ledger is unreachable: ${reason}`, { fr: `Le registre de livraison Redis est injoignable : ${reason}`, cause: error });
    }
  };
  const ms = (ttl: number) => Math.max(1, Math.ceil(ttl));
  return {
    backend: 'redis',
    claim: (key, ttl) =>
      wrap(async () => {
        const set = await client.set(prefix + key, PENDING, 'PX', ms(ttl), 'NX');
        return set === 'OK' ? { first: true } : parse(await client.get(prefix + key));
      }),
    peek: (key) => wrap(async () => parse(await client.get(prefix + key))),
    // Only a still-running claim (empty value) is extended, atomically; an answered one keeps its expiry.
    renew: (key, ttl) => wrap(async () => void (await client.eval(RENEW_IF_PENDING, 1, prefix + key, String(ms(ttl))))),
    settle: (key, reply, ttl) => wrap(async () => void (await client.set(prefix + key, JSON.stringify(reply), 'PX', ms(ttl)))),
    release: (key) => wrap(async () => void (await client.del(prefix + key))),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
