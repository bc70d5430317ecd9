// Relais Sales Task, CRM Upsert and Tag Contact run through a fake n8n context against the real
// sqlite contact store, in a temp folder given by the Contact Store credential; the rows are read back
// through the core's store. Also: with no credential, the store lands inside n8n's data folder.
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { RelaisCrmUpsert } from '../../../nodes/n8n/RelaisCrmUpsert/RelaisCrmUpsert.node';
import { RelaisSalesTask } from '../../../nodes/n8n/RelaisSalesTask/RelaisSalesTask.node';
import { RelaisTagContact } from '../../../nodes/n8n/RelaisTagContact/RelaisTagContact.node';
import { defaultStorePath } from '../../../nodes/n8n/shared/credentials';
import { createRuntime } from '../../../src/runtime';
import { executeContext } from '../../support/n8n-context';

let folder: string;
let storePath: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'relais-n8n-store-'));
  storePath = join(folder, 'contacts.sqlite');
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const storeCredential = () => ({ relaisContactStore: { backend: 'sqlite', path: storePath } });
const contactItem = (email: string, extra: IDataObject = {}) => ({ json: { contact: { email, first_name: 'Ana', last_name: 'Lopez', phone_number: '+33612345678' }, ...extra } });

async function readStore<T>(read: (store: Awaited<ReturnType<ReturnType<typeof createRuntime>['store']>>) => Promise<T>): Promise<T> {
  const runtime = createRuntime({ store: { backend: 'sqlite', path: storePath } });
  try {
    return await read(await runtime.store());
  } finally {
    await runtime.close();
  }
}

describe('store-backed action nodes', () => {
  it('CRM Upsert creates the contact of each item, then updates it (created: false)', async () => {
    const node = new RelaisCrmUpsert();
    const first = executeContext({ parameters: { options: { fields_json: '{"company": "{{company}}"}' } }, credentials: storeCredential(), items: [contactItem('ana@example.com', { variables: { company: 'ACME' } })] });
    const [created] = await node.execute.call(first.context);
    expect((created[0].json.data as IDataObject).created).toBe(true);
    const again = executeContext({ parameters: {}, credentials: storeCredential(), items: [contactItem('ana@example.com')] });
    const [updated] = await node.execute.call(again.context);
    expect((updated[0].json.data as IDataObject).created).toBe(false);
    const contacts = await readStore((store) => store.findContacts({ email: 'ana@example.com' }));
    expect(contacts).toHaveLength(1);
    expect(contacts[0].fields.company).toBe('ACME');
    expect(contacts[0].phone).toBe('+33612345678');
  });

  it('Tag Contact tags the contact idempotently and returns its tags', async () => {
    const node = new RelaisTagContact();
    const run = async () => {
      const { context } = executeContext({ parameters: { tag: 'vip' }, credentials: storeCredential(), items: [contactItem('ana@example.com')] });
      return (await node.execute.call(context))[0][0].json.data as IDataObject;
    };
    expect((await run()).tags).toEqual(['vip']);
    expect((await run()).tags).toEqual(['vip']);
    const [contact] = await readStore((store) => store.findContacts({ tag: 'vip' }));
    expect(contact.email).toBe('ana@example.com');
  });

  it('Sales Task creates one task per item with the priority and the rendered title', async () => {
    const node = new RelaisSalesTask();
    const { context } = executeContext({
      parameters: { assignation: 'commercial', priorite: (item: number) => (item === 0 ? 'haute' : 'basse'), title: 'Call {{contact.first_name}} back' },
      credentials: storeCredential(),
      items: [contactItem('ana@example.com'), contactItem('bob@example.com')],
    });
    const [output] = await node.execute.call(context);
    expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    const tasks = await readStore((store) => store.listTasks({ assignation: 'commercial' }));
    expect(tasks.map((task) => task.priorite).sort()).toEqual(['basse', 'haute']);
    expect(tasks.every((task) => task.title === 'Call Ana back')).toBe(true);
  });

  it('reports a bad parameter (tag with spaces only) as an error item naming the field with Continue On Fail', async () => {
    const node = new RelaisTagContact();
    const { context } = executeContext({ parameters: { tag: '   ' }, credentials: storeCredential(), continueOnFail: true, items: [contactItem('ana@example.com')] });
    const [output] = await node.execute.call(context);
    const error = output[0].json.error as IDataObject;
    expect(error.code).toBe('invalid_block');
    expect(JSON.stringify(error.issues)).toContain('tag');
  });

  it('without a Contact Store credential keeps the store inside n8n\'s data folder', () => {
    expect(defaultStorePath({ N8N_USER_FOLDER: '/srv/n8n' })).toBe('/srv/n8n/.n8n/relais/contacts.sqlite');
    expect(defaultStorePath({})).toMatch(/\.n8n\/relais\/contacts\.sqlite$/);
  });

  it('without a Contact Store credential writes to $N8N_USER_FOLDER/.n8n/relais/contacts.sqlite', async () => {
    const previous = process.env.N8N_USER_FOLDER;
    process.env.N8N_USER_FOLDER = join(folder, 'user');
    try {
      const { context } = executeContext({ parameters: { tag: 'lead' }, items: [contactItem('carla@example.com')] });
      await new RelaisTagContact().execute.call(context);
      expect(existsSync(join(folder, 'user', '.n8n', 'relais', 'contacts.sqlite'))).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.N8N_USER_FOLDER;
      else process.env.N8N_USER_FOLDER = previous;
    }
  });
});
