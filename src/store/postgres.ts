// The shared backend for n8n queue mode and several Node-RED instances: a pg Pool over the same schema
// as sqlite. Writers lock the identities they touch with transaction-scoped advisory locks (taken in a
// fixed order, so two writers never deadlock), so concurrent upserts of one email from many workers
// serialise and end in one contact; the unique indexes stay as the safety net, and a transaction that
// still hits a unique violation or deadlock is retried.
import { createHash } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { RelaisError } from '../errors';
import type { SqlDriver, SqlSession } from './sql/driver';
import { migrate } from './sql/migrate';
import { createSqlStore } from './sql/store';
import type { ContactStore, PostgresStoreOptions } from './types';

const RETRYABLE = new Set(['23505', '40001', '40P01']);
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', '28P01', '28000', '3D000', '57P03']);

/** "host:port/database as user", never the password. */
export function describeTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const database = url.pathname.replace(/^\//, '') || '(default database)';
    const user = url.username ? ` as ${decodeURIComponent(url.username)}` : '';
    return `${url.hostname || 'localhost'}:${url.port || '5432'}/${database}${user}`;
  } catch {
    return 'the configured server';
  }
}

function passwordOf(connectionString: string): string | undefined {
  try {
    const password = new URL(connectionString).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return /password=([^\s]+)/.exec(connectionString)?.[1];
  }
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function lockId(key: string): string {
  return createHash('sha256').update(key).digest().readBigInt64BE(0).toString();
}

function sessionOf(client: PoolClient): SqlSession {
  return {
    all: async <T>(sql: string, params: unknown[] = []) => (await client.query(numbered(sql), params)).rows as T[],
    run: async (sql: string, params: unknown[] = []) => (await client.query(numbered(sql), params)).rowCount ?? 0,
  };
}

class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;

  constructor(
    private readonly pool: Pool,
    private readonly target: string,
    private readonly password: string | undefined,
  ) {}

  toStoreError(error: unknown): RelaisError {
    if (error instanceof RelaisError) return error;
    const err = error as { message?: string; code?: string };
    let reason = err?.message ?? String(error);
    if (this.password && this.password.length >= 1) reason = reason.split(this.password).join('[redacted]');
    if (err?.code && CONNECTION_CODES.has(err.code)) {
      return new RelaisError('store_error', `Could not connect to PostgreSQL at ${this.target}: ${reason}. Check store.connection_string and that the server is running.`, {
        fr: `Impossible de se connecter à PostgreSQL sur ${this.target} : ${reason}. Vérifiez store.connection_string et que le serveur tourne.`,
        cause: error,
      });
    }
    if (/timeout exceeded when trying to connect|Connection terminated/i.test(reason)) {
      return new RelaisError('store_error', `Could not connect to PostgreSQL at ${this.target}: ${reason}. Check store.connection_string, the network and connect_timeout_ms.`, {
        fr: `Impossible de se connecter à PostgreSQL sur ${this.target} : ${reason}. Vérifiez store.connection_string, le réseau et connect_timeout_ms.`,
        cause: error,
      });
    }
    return new RelaisError('store_error', `The PostgreSQL contact store (${this.target}) failed: ${reason}`, { fr: `La base de contacts PostgreSQL (${this.target}) a échoué : ${reason}`, cause: error });
  }

  private async transaction<T>(lockKeys: string[], work: (session: SqlSession) => Promise<T>, attempt = 1): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.toStoreError(error);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      for (const id of [...new Set(lockKeys.map(lockId))].sort()) await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [id]);
      const result = await work(sessionOf(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      const code = (error as { code?: string }).code;
      if (code && RETRYABLE.has(code) && attempt < 4) return this.transaction(lockKeys, work, attempt + 1);
      throw this.toStoreError(error);
    } finally {
      client.release(broken);
    }
  }

  write<T>(lockKeys: string[], work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.transaction(lockKeys, work);
  }

  read<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.transaction([], work);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<ContactStore> {
  if (typeof options.connection_string !== 'string' || options.connection_string.trim() === '') {
    throw new RelaisError('invalid_block', 'store.connection_string is required for the postgres backend (e.g. postgres://relais:secret@db.internal:5432/relais).', {
      fr: 'store.connection_string est obligatoire pour le backend postgres (par ex. postgres://relais:secret@db.internal:5432/relais).',
    });
  }
  const pool = new Pool({
    connectionString: options.connection_string,
    max: options.pool_size ?? 10,
    connectionTimeoutMillis: options.connect_timeout_ms ?? 10_000,
    statement_timeout: options.statement_timeout_ms ?? 30_000,
    query_timeout: (options.statement_timeout_ms ?? 30_000) + 5_000,
    idle_in_transaction_session_timeout: 60_000,
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash the host.
  pool.on('error', () => undefined);
  const driver = new PostgresDriver(pool, describeTarget(options.connection_string), passwordOf(options.connection_string));
  try {
    await migrate(driver);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw driver.toStoreError(error);
  }
  return createSqlStore(driver);
}
