// The store contract on a real PostgreSQL that this file starts on 127.0.0.1 (test/support/postgres.ts),
// each test in a fresh database.
import { openStore } from '../../../src/store/open';
import type { HttpClient } from '../../../src/http/types';
import { describeWhen, findPostgresBin } from '../../support/prerequisites';
import { POSTGRES_MISSING, freePort, startPostgres, type PostgresServer } from '../../support/postgres';
import { runStoreContract } from './contract';

jest.setTimeout(60_000);
const noHttp: HttpClient = { request: () => Promise.reject(new Error('no network in postgres tests')), close: async () => undefined };

describeWhen(!!findPostgresBin(), 'postgres contact store', POSTGRES_MISSING, () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  let n = 0;
  let url = '';
  runStoreContract({
    open: async () => openStore({ backend: 'postgres', connection_string: (url = await server.createDatabase(`contract_${++n}`)) }, noHttp),
    reopen: () => openStore({ backend: 'postgres', connection_string: url }, noHttp),
  });

  it('migrates once when many stores open a new database at the same time', async () => {
    const db = await server.createDatabase('migrate_race');
    const stores = await Promise.all(Array.from({ length: 8 }, () => openStore({ backend: 'postgres', connection_string: db, pool_size: 2 }, noHttp)));
    await Promise.all(stores.map((s) => s.close()));
    const { Client } = await import('pg');
    const client = new Client({ connectionString: db });
    await client.connect();
    const { rows } = await client.query('SELECT version FROM relais_schema_version');
    await client.end();
    expect(rows).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('reports a wrong password as store_error without the password', async () => {
    const wrong = server.connectionString.replace(encodeURIComponent(server.password), 'Wr0ng-Secret-Pass');
    const error = await openStore({ backend: 'postgres', connection_string: wrong }, noHttp).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'store_error' });
    expect((error as Error).message).toMatch(/Could not connect to PostgreSQL at 127\.0\.0\.1:\d+\/postgres as relais/);
    expect((error as Error).message).not.toContain('Wr0ng-Secret-Pass');
    expect(JSON.stringify(error)).not.toContain('Wr0ng-Secret-Pass');
  });

  it('reports an unreachable server as store_error without the password', async () => {
    const port = await freePort();
    const error = await openStore({ backend: 'postgres', connection_string: `postgres://relais:Sup3r-Secret-Pw@127.0.0.1:${port}/relais`, connect_timeout_ms: 2000 }, noHttp).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'store_error' });
    expect((error as Error).message).toMatch(new RegExp(`Could not connect to PostgreSQL at 127\\.0\\.0\\.1:${port}/relais`));
    expect((error as Error).message).not.toContain('Sup3r-Secret-Pw');
  });
});
