// The PostgreSQL delivery ledger (the contact store's database, or n8n's own): one row per delivery
// key. A claim drops the key's expired row, then `INSERT … ON CONFLICT DO NOTHING` — the primary key
// lets one process in any number insert it; the answer is written into the row with a new expiry.
// A NULL answer means "the first delivery is still running". Expired rows are swept now and then.
import { Pool } from 'pg';
import { RelaisError } from '../../errors';
import { describeTarget } from '../../store/postgres';
import type { DeliveryLedger, DeliveryLedgerConfig, LedgerClaim, LedgerReply } from './types';

type PostgresConfig = Extract<DeliveryLedgerConfig, { backend: 'postgres' }>;

const SWEEP_EVERY = 500;

export function openPostgresLedger(config: PostgresConfig): DeliveryLedger {
  const table = config.table ?? 'relais_delivery_ledger';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(table)) {
    throw new RelaisError('invalid_block', `ledger.table "${table}" must be a plain lowercase table name (letters, digits, "_").`, {
      fr: `ledger.table "${table}" doit être un simple nom de table en minuscules (lettres, chiffres, "_").`,
    });
  }
  const timeout = config.timeout_ms ?? 2000;
  const pool = new Pool({ connectionString: config.connection_string, max: 5, connectionTimeoutMillis: timeout, query_timeout: timeout, statement_timeout: timeout });
  pool.on('error', () => undefined);
  const target = describeTarget(config.connection_string);
  let ready: Promise<void> | undefined;
  let claims = 0;

  const fail = (error: unknown): never => {
    ready = undefined;
    const reason = error instanceof Error ? error.message : String(error);
    const password = (() => {
      try {
        return decodeURIComponent(new URL(config.connection_string).password);
      } catch {
        return '';
      }
    })();
    const said = password ? reason.split(password).join('[redacted]') : reason;
    throw new RelaisError('store_error', `The PostgreSQL delivery ledger (${target}) is unreachable or failed: ${said}`, {
      fr: `Le registre de livraison PostgreSQL (${target}) est injoignable ou a échoué : ${said}`,
      cause: error,
    });
  };

  // Several processes may create the table at once: an advisory lock makes that one at a time.
  const ensureTable = () =>
    (ready ??= (async () => {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(72151)');
        await client.query(`CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, reply JSONB, expires_at TIMESTAMPTZ NOT NULL)`);
        await client.query(`CREATE INDEX IF NOT EXISTS ${table}_expires ON ${table} (expires_at)`);
      } finally {
        await client.query('SELECT pg_advisory_unlock(72151)').catch(() => undefined);
        client.release();
      }
    })());

  const query = async <T>(sql: string, params: unknown[]): Promise<{ rows: T[]; rowCount: number }> => {
    try {
      await ensureTable();
      const result = await pool.query(sql, params);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      return fail(error);
    }
  };

  const read = async (key: string): Promise<LedgerClaim> => {
    const { rows } = await query<{ reply: LedgerReply | null }>(`SELECT reply FROM ${table} WHERE key = $1 AND expires_at > now()`, [key]);
    if (rows.length === 0) return { first: false, absent: true };
    return rows[0].reply ? { first: false, reply: rows[0].reply } : { first: false };
  };

  return {
    backend: 'postgres',
    async claim(key, ttl) {
      claims += 1;
      if (claims % SWEEP_EVERY === 0) void query(`DELETE FROM ${table} WHERE expires_at < now() - interval '1 minute'`, []).catch(() => undefined);
      await query(`DELETE FROM ${table} WHERE key = $1 AND expires_at <= now()`, [key]);
      const inserted = await query(`INSERT INTO ${table} (key, reply, expires_at) VALUES ($1, NULL, now() + $2 * interval '1 millisecond') ON CONFLICT (key) DO NOTHING`, [key, Math.ceil(ttl)]);
      return inserted.rowCount === 1 ? { first: true } : read(key);
    },
    peek: read,
    async renew(key, ttl) {
      await query(`UPDATE ${table} SET expires_at = now() + $2 * interval '1 millisecond' WHERE key = $1 AND reply IS NULL`, [key, Math.ceil(ttl)]);
    },
    async settle(key, reply, ttl) {
      await query(`UPDATE ${table} SET reply = $2, expires_at = now() + $3 * interval '1 millisecond' WHERE key = $1`, [key, JSON.stringify(reply), Math.ceil(ttl)]);
    },
    async release(key) {
      await query(`DELETE FROM ${table} WHERE key = $1`, [key]);
    },
    close: () => pool.end(),
  };
}
