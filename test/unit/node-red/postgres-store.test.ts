// The platform action nodes on a real PostgreSQL (started by this file) through a relais-contact-store
// config node whose connection string is a credential: it works, and the password never shows.
import { describeWhen, findPostgresBin } from '../../support/prerequisites';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../support/postgres';
import { firstOf, helper, helperNode, relaisNodes, tempUserDir } from './support/harness';

jest.setTimeout(120_000);

describeWhen(!!findPostgresBin(), 'Node-RED platform actions on postgres', POSTGRES_MISSING, () => {
  let server: PostgresServer;
  const userDir = tempUserDir();

  beforeAll(async () => {
    relaisNodes();
    server = await startPostgres();
    helper.settings({ userDir: userDir.dir, relais: {} });
    await helper.startServer();
  });

  afterEach(async () => {
    await helper.unload();
  });

  afterAll(async () => {
    await helper.stopServer();
    await server?.stop();
    userDir.remove();
  });

  function flow() {
    return [
      { id: 'pg', type: 'relais-contact-store', backend: 'postgres' },
      { id: 'upsert', type: 'relais-crm-upsert', store: 'pg', wires: [['tag'], ['failed']] },
      { id: 'tag', type: 'relais-tag-contact', store: 'pg', tag: 'pg-lead', tagType: 'str', wires: [['ok'], ['failed']] },
      helperNode('ok'),
      helperNode('failed'),
    ];
  }

  it('upserts and tags the contact in PostgreSQL', async () => {
    await helper.load(relaisNodes(), flow(), { pg: { connection_string: await server.createDatabase('nodered_1') } });
    const out = firstOf(['ok', 'failed']);
    helper.getNode('upsert').receive({ contact: { email: 'lea@example.com', first_name: 'Léa' } });
    const { id, msg } = await out;
    expect(id).toBe('ok');
    expect(msg.payload).toMatchObject({ tag: 'pg-lead', tags: ['pg-lead'] });
  });

  it('fails with store_error and no password when the database refuses the login', async () => {
    const wrong = server.connectionString.replace(`:${server.password}@`, ':Wrong-Pass-5150@');
    await helper.load(relaisNodes(), flow(), { pg: { connection_string: wrong } });
    const out = firstOf(['ok', 'failed']);
    helper.getNode('upsert').receive({ contact: { email: 'lea@example.com' } });
    const { id, msg } = await out;
    expect(id).toBe('failed');
    expect(msg.error.code).toBe('store_error');
    expect(JSON.stringify(msg.error)).not.toContain('Wrong-Pass-5150');
    expect(JSON.stringify(msg.error)).not.toContain(server.password);
  });
});
