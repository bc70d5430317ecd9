// Relais Agent Trigger's delivery ledger, from n8n's own settings: in queue mode the Redis n8n already
// uses for its queue (QUEUE_BULL_REDIS_*), or n8n's own PostgreSQL database (DB_POSTGRESDB_*), so a
// team scaling out to several `n8n webhook` processes configures nothing twice and types no secret
// into a workflow. One ledger per configuration and process, kept for the process's life.
import { createHash } from 'node:crypto';
import { openDeliveryLedger, type DeliveryLedger, type DeliveryLedgerConfig } from '../../../src/conversation/ledger';
import { RelaisError } from '../../../src/errors';

export type LedgerChoice = 'auto' | 'memory' | 'redis' | 'postgres';

const flag = (value: string | undefined) => value === 'true' || value === '1';

/** n8n's queue Redis, as n8n itself reads it (host, port, db, username, password, TLS). */
export function n8nRedisLedger(env: NodeJS.ProcessEnv): DeliveryLedgerConfig {
  return {
    backend: 'redis',
    host: env.QUEUE_BULL_REDIS_HOST || 'localhost',
    port: Number(env.QUEUE_BULL_REDIS_PORT || 6379),
    db: Number(env.QUEUE_BULL_REDIS_DB || 0),
    ...(env.QUEUE_BULL_REDIS_USERNAME ? { username: env.QUEUE_BULL_REDIS_USERNAME } : {}),
    ...(env.QUEUE_BULL_REDIS_PASSWORD ? { password: env.QUEUE_BULL_REDIS_PASSWORD } : {}),
    tls: flag(env.QUEUE_BULL_REDIS_TLS),
    prefix: `${env.QUEUE_BULL_PREFIX || 'bull'}:relais:ledger:`,
  };
}

/** n8n's own PostgreSQL database (DB_TYPE=postgresdb). */
export function n8nPostgresLedger(env: NodeJS.ProcessEnv): DeliveryLedgerConfig {
  if (env.DB_TYPE !== 'postgresdb') {
    throw new RelaisError('invalid_block', 'Delivery Ledger "postgres" uses n8n\'s own PostgreSQL database, but n8n runs with DB_TYPE ' + (env.DB_TYPE || 'sqlite') + '. Choose "redis" (queue mode) or "memory".');
  }
  const url = new URL('postgres://localhost');
  url.hostname = env.DB_POSTGRESDB_HOST || 'localhost';
  url.port = env.DB_POSTGRESDB_PORT || '5432';
  url.username = encodeURIComponent(env.DB_POSTGRESDB_USER || 'postgres');
  url.password = encodeURIComponent(env.DB_POSTGRESDB_PASSWORD || '');
  url.pathname = `/${encodeURIComponent(env.DB_POSTGRESDB_DATABASE || 'n8n')}`;
  if (flag(env.DB_POSTGRESDB_SSL_ENABLED)) url.searchParams.set('sslmode', 'require');
  return { backend: 'postgres', connection_string: url.toString() };
}

/** The ledger a choice means in this n8n: `auto` is redis in queue mode, else memory. */
export function ledgerConfig(choice: LedgerChoice, env: NodeJS.ProcessEnv = process.env): DeliveryLedgerConfig {
  if (choice === 'redis' || (choice === 'auto' && env.EXECUTIONS_MODE === 'queue')) return n8nRedisLedger(env);
  if (choice === 'postgres') return n8nPostgresLedger(env);
  return { backend: 'memory' };
}

const ledgers = new Map<string, DeliveryLedger | undefined>();

/** The process's ledger for this configuration (undefined for memory) and a key naming it without its secrets. */
export function ledgerFor(config: DeliveryLedgerConfig): { key: string; ledger: DeliveryLedger | undefined } {
  const key = createHash('sha256').update(JSON.stringify(config)).digest('hex');
  if (!ledgers.has(key)) ledgers.set(key, openDeliveryLedger(config));
  return { key, ledger: ledgers.get(key) };
}
