// Brings a database to SCHEMA_VERSION on open. Runs in one locked write transaction, so concurrent
// first opens (several flows, processes or workers) apply each migration exactly once.
import { RelaisError } from '../../errors';
import type { SqlDriver } from './driver';
import { MIGRATIONS, SCHEMA_VERSION, VERSION_TABLE } from './schema';

export async function migrate(driver: SqlDriver): Promise<number> {
  return driver.write(['relais:schema'], async (session) => {
    await session.run(VERSION_TABLE);
    const [row] = await session.all<{ version: number | string | null }>('SELECT MAX(version) AS version FROM relais_schema_version');
    const current = row?.version === null || row?.version === undefined ? 0 : Number(row.version);
    if (current > SCHEMA_VERSION) {
      throw new RelaisError('store_error', `The contact store's database has schema version ${current}, newer than this Relais knows (${SCHEMA_VERSION}). Upgrade @relais/n8n-nodes-agent-actions.`, {
        fr: `La base de données de la base de contacts est en version de schéma ${current}, plus récente que celle que connaît ce Relais (${SCHEMA_VERSION}). Mettez à jour @relais/n8n-nodes-agent-actions.`,
      });
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      for (const statement of migration[driver.dialect]) await session.run(statement);
      await session.run('INSERT INTO relais_schema_version (version, applied_at) VALUES (?, ?)', [migration.version, new Date().toISOString()]);
    }
    return SCHEMA_VERSION;
  });
}
