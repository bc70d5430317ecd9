// crm_upsert, tag_contact and sales_task through executeBlock on a real PostgreSQL started by this file.
import { createRuntime } from '../../../../src/runtime';
import { describeWhen, findPostgresBin } from '../../../support/prerequisites';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../../support/postgres';
import { runPlatformActionSuite } from './suite';

jest.setTimeout(60_000);

describeWhen(!!findPostgresBin(), 'platform actions on postgres', POSTGRES_MISSING, () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  let n = 0;
  runPlatformActionSuite(async () => createRuntime({ store: { backend: 'postgres', connection_string: await server.createDatabase(`actions_${++n}`) } }));
});
