// The embedded default backend: one file opened with Node's built-in node:sqlite (no native module to
// build, nothing to install). WAL mode lets readers work while one writer writes; every write is a
// BEGIN IMMEDIATE transaction, which takes the file's write lock up front (waiting up to
// busy_timeout_ms), so writers in several flows, processes or worker threads never interleave a
// read-then-write. Calls on one connection are queued because the shared store code awaits between
// statements.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { RelaisError } from '../errors';
import type { SqlDriver, SqlSession } from './sql/driver';
import { migrate } from './sql/migrate';
import { createSqlStore } from './sql/store';
import type { ContactStore, SqliteStoreOptions } from './types';

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** Where the store lives when no path is given: ~/.relais/relais.db (hosts pass their user folder). */
export function defaultSqlitePath(): string {
  return join(homedir(), '.relais', 'relais.db');
}

/** node:sqlite works without a flag from Node 22.13 (and 23.4). */
export function sqliteSupported(version = process.versions.node): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);
}

function loadSqlite(): typeof import('node:sqlite') {
  if (!sqliteSupported()) {
    throw new RelaisError('store_error', `The embedded sqlite contact store needs Node.js 22.13 or newer (this is ${process.version}). Upgrade Node.js, or use the postgres backend (store: {backend: "postgres", connection_string}).`, {
      fr: `La base de contacts sqlite intégrée demande Node.js 22.13 ou plus récent (ici ${process.version}). Mettez Node.js à jour, ou utilisez le backend postgres (store: {backend: "postgres", connection_string}).`,
    });
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('node:sqlite') as typeof import('node:sqlite');
  } catch (error) {
    throw new RelaisError('store_error', `node:sqlite could not be loaded (${(error as Error).message}). Use Node.js 22.13 or newer, or the postgres backend.`, {
      fr: `node:sqlite n'a pas pu être chargé (${(error as Error).message}). Utilisez Node.js 22.13 ou plus récent, ou le backend postgres.`,
      cause: error,
    });
  }
}

function storeError(error: unknown, path: string): unknown {
  if (error instanceof RelaisError) return error;
  const message = (error as Error)?.message ?? String(error);
  const busy = /database is locked|SQLITE_BUSY/i.test(message);
  return new RelaisError(
    'store_error',
    busy
      ? `The contact store ${path} stayed locked by another writer longer than busy_timeout_ms; try again, or raise busy_timeout_ms.`
      : `The contact store ${path} failed: ${message}`,
    {
      fr: busy
        ? `La base de contacts ${path} est restée verrouillée par une autre écriture plus longtemps que busy_timeout_ms ; réessayez, ou augmentez busy_timeout_ms.`
        : `La base de contacts ${path} a échoué : ${message}`,
      cause: error,
    },
  );
}

class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly session: SqlSession;

  constructor(
    private readonly db: DatabaseSync,
    private readonly path: string,
  ) {
    this.session = {
      all: async <T>(sql: string, params: unknown[] = []) => this.db.prepare(sql).all(...(params as SQLInputValue[])) as T[],
      run: async (sql: string, params: unknown[] = []) => Number(this.db.prepare(sql).run(...(params as SQLInputValue[])).changes),
    };
  }

  private exclusive<T>(begin: string, work: (session: SqlSession) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      try {
        this.db.exec(begin);
      } catch (error) {
        throw storeError(error, this.path);
      }
      try {
        const result = await work(this.session);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
        throw storeError(error, this.path);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  write<T>(_lockKeys: string[], work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.exclusive('BEGIN IMMEDIATE', work);
  }

  read<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.exclusive('BEGIN', work);
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.db.isOpen) this.db.close();
  }
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<ContactStore> {
  const { DatabaseSync } = loadSqlite();
  const path = options.path === ':memory:' ? ':memory:' : resolve(options.path ?? defaultSqlitePath());
  const busyTimeout = options.busy_timeout_ms ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (!Number.isInteger(busyTimeout) || busyTimeout < 0 || busyTimeout > 600_000) {
    throw new RelaisError('invalid_block', `store.busy_timeout_ms must be an integer from 0 to 600000 (got ${busyTimeout}).`, {
      fr: `store.busy_timeout_ms doit être un entier de 0 à 600000 (reçu ${busyTimeout}).`,
    });
  }
  let db: DatabaseSync;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new DatabaseSync(path, { timeout: busyTimeout });
    db.exec(`PRAGMA busy_timeout = ${busyTimeout}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
  } catch (error) {
    throw new RelaisError('store_error', `Could not open the contact store ${path}: ${(error as Error).message}. Check that the folder exists and is writable, or set store.path.`, {
      fr: `Impossible d'ouvrir la base de contacts ${path} : ${(error as Error).message}. Vérifiez que le dossier existe et est accessible en écriture, ou renseignez store.path.`,
      cause: error,
    });
  }
  const driver = new SqliteDriver(db, path);
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
  return createSqlStore(driver);
}
