// What the shared SQL store needs from a database: statements inside a write transaction (with the
// identities it touches locked against other writers) and read snapshots. SQL is written once with `?`
// placeholders; the postgres driver numbers them.

export interface SqlSession {
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Number of rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  /** One write transaction. `lockKeys` are the identities it reads-then-writes (e.g. "email:a@b.c"):
   * postgres takes an advisory lock on each (sorted, so two writers never deadlock); sqlite's
   * BEGIN IMMEDIATE already serialises every writer of the file. */
  write<T>(lockKeys: string[], work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** A consistent read. */
  read<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
