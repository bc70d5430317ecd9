// The store contract on the embedded sqlite backend, each test in a fresh database file in a temp folder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openStore } from '../../../src/store/open';
import { defaultSqlitePath, sqliteSupported } from '../../../src/store/sqlite';
import type { HttpClient } from '../../../src/http/types';
import { runStoreContract } from './contract';

const noHttp: HttpClient = { request: () => Promise.reject(new Error('no network in sqlite tests')), close: async () => undefined };
const dir = mkdtempSync(join(tmpdir(), 'relais-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlite contact store', () => {
  let n = 0;
  let path = '';
  runStoreContract({
    open: () => openStore({ backend: 'sqlite', path: (path = join(dir, `contract-${++n}`, 'relais.db')) }, noHttp),
    reopen: () => openStore({ backend: 'sqlite', path }, noHttp),
  });

  it('creates the file and its folder, in WAL mode, at schema version 2 (version 2: one sales task per delivery key)', async () => {
    const file = join(dir, 'fresh', 'nested', 'relais.db');
    const store = await openStore({ backend: 'sqlite', path: file }, noHttp);
    await store.close();
    const db = new DatabaseSync(file);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual(expect.objectContaining({ journal_mode: 'wal' }));
    expect(db.prepare('SELECT version FROM relais_schema_version').all().map((r) => r.version)).toEqual([1, 2]);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'relais_%' ORDER BY name").all().map((r) => r.name);
    expect(tables).toEqual(['relais_contact_tags', 'relais_contacts', 'relais_schema_version', 'relais_tasks']);
    db.close();
  });

  it('keeps a ":memory:" base for the life of the store only', async () => {
    const store = await openStore({ backend: 'sqlite', path: ':memory:' }, noHttp);
    await store.upsertContact({ email: 'mem@example.com' });
    expect(await store.findContacts({ email: 'mem@example.com' })).toHaveLength(1);
    await store.close();
    const fresh = await openStore({ backend: 'sqlite', path: ':memory:' }, noHttp);
    expect(await fresh.findContacts({})).toEqual([]);
    await fresh.close();
  });

  it('refuses a database written by a newer Relais', async () => {
    const file = join(dir, 'newer.db');
    await (await openStore({ backend: 'sqlite', path: file }, noHttp)).close();
    const db = new DatabaseSync(file);
    db.prepare('INSERT INTO relais_schema_version (version, applied_at) VALUES (99, ?)').run(new Date().toISOString());
    db.close();
    await expect(openStore({ backend: 'sqlite', path: file }, noHttp)).rejects.toMatchObject({ code: 'store_error', message: expect.stringMatching(/schema version 99/) });
  });

  it('reports a path it cannot create as store_error', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    await expect(openStore({ backend: 'sqlite', path: join(blocker, 'relais.db') }, noHttp)).rejects.toMatchObject({ code: 'store_error', message: expect.stringMatching(/Could not open the contact store/) });
  });

  it('defaults to ~/.relais/relais.db and knows which Node versions have node:sqlite', () => {
    expect(defaultSqlitePath()).toMatch(/\.relais[\\/]relais\.db$/);
    expect(sqliteSupported('22.12.0')).toBe(false);
    expect(sqliteSupported('22.13.0')).toBe(true);
    expect(sqliteSupported('20.19.0')).toBe(false);
    expect(sqliteSupported('24.21.0')).toBe(true);
  });
});
