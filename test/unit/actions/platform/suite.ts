// The platform actions (crm_upsert, tag_contact, sales_task) run through executeBlock against one
// contact store backend. Each backend's test file calls runPlatformActionSuite with a runtime factory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { executeBlock, previewBlock } from '../../../../src/actions';
import type { Context } from '../../../../src/context';
import { RelaisError } from '../../../../src/errors';
import type { Runtime } from '../../../../src/runtime';
import type { Contact, Task } from '../../../../src/store/types';

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, '../../../fixtures/blocks', `${name}.json`), 'utf8'));
}

function block(action_type: string, parameters: Record<string, unknown>, data: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: `test-${action_type}`, type: 'action', data: { label: 'Test', ...data, parameters: { action_type, ...parameters } } };
}

const jeanne: Context = {
  contact: { first_name: 'Jeanne', last_name: 'Martin', email: 'Jeanne.Martin@Example.COM', phone_number: '06 12 34 56 78' },
  agent: { id: 'agent-7', name: 'Léa', number: '+33100000000' },
  direction: 'outbound',
  medium: 'phone',
  current_datetime: '2026-11-21T17:30:00Z',
  variables: { company: 'ACME', score: 42, customer_email: 'client@example.org' },
};

async function failure(promise: Promise<unknown>, code: string): Promise<RelaisError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RelaisError);
  expect((error as RelaisError).code).toBe(code);
  return error as RelaisError;
}

export function runPlatformActionSuite(open: () => Promise<Runtime>): void {
  let runtime: Runtime;
  beforeEach(async () => {
    runtime = await open();
  });
  afterEach(async () => {
    await runtime.close();
  });

  async function counts(): Promise<{ contacts: number; tasks: number; tags: number }> {
    const store = await runtime.store();
    const contacts = await store.findContacts({ limit: 1000 });
    return { contacts: contacts.length, tasks: (await store.listTasks()).length, tags: contacts.reduce((n, c) => n + c.tags.length, 0) };
  }

  describe('crm_upsert', () => {
    it('creates the contact of the seed 001 block from the context, then updates it', async () => {
      const first = await executeBlock(fixture('seed001-crm-contact'), jeanne, runtime);
      const data = first.data as { contact: Contact; created: boolean };
      expect(first.meta).toMatchObject({ action_type: 'crm_upsert', truncated: false });
      expect(data.created).toBe(true);
      expect(data.contact).toMatchObject({ email: 'Jeanne.Martin@example.com', phone: '+33612345678', first_name: 'Jeanne', last_name: 'Martin' });
      const second = await executeBlock(fixture('seed001-crm-contact'), { ...jeanne, contact: { email: 'jeanne.martin@example.com', first_name: 'Jeanne-Marie' } }, runtime);
      expect(second.data).toMatchObject({ created: false, contact: { id: data.contact.id, first_name: 'Jeanne-Marie', last_name: 'Martin', phone: '+33612345678' } });
      expect((await counts()).contacts).toBe(1);
    });

    it('renders fields_json with the context, keeping typed values', async () => {
      const result = await executeBlock(block('crm_upsert', { fields_json: '{"company": "{{company}}", "score": "{{score}}", "note": "Appel {{medium}} ({{direction}})"}' }), jeanne, runtime);
      expect((result.data as { contact: Contact }).contact.fields).toMatchObject({ company: 'ACME', score: 42, note: 'Appel phone (outbound)' });
    });

    it('takes the email from fields_json under crm_champ_email when the context has none', async () => {
      const result = await executeBlock(block('crm_upsert', { crm_champ_email: 'courriel', fields_json: '{"courriel": "{{customer_email}}", "plan": "pro"}' }), { variables: jeanne.variables }, runtime);
      const contact = (result.data as { contact: Contact }).contact;
      expect(contact.email).toBe('client@example.org');
      expect(contact.fields).toMatchObject({ plan: 'pro' });
      expect(contact.fields).not.toHaveProperty('courriel');
    });

    it('refuses a malformed email or a contact without email and phone, writing nothing', async () => {
      await executeBlock(fixture('seed001-crm-contact'), jeanne, runtime);
      const before = await counts();
      const bad = await failure(executeBlock(fixture('seed001-crm-contact'), { contact: { email: 'jeanne-at-example', first_name: 'J' } }, runtime), 'invalid_variable');
      expect(bad.message).toMatch(/contact\.email/);
      const none = await failure(executeBlock(fixture('seed001-crm-contact'), { contact: { first_name: 'Anonyme' } }, runtime), 'missing_variable');
      expect(none.message).toMatch(/email or a phone/);
      expect(await counts()).toEqual(before);
    });

    it('previews the upsert without writing', async () => {
      const preview = await previewBlock(fixture('seed001-crm-contact'), jeanne, runtime);
      expect(preview.effect).toMatchObject({ operation: 'upsert_contact', match: ['email', 'phone'], contact: { email: 'Jeanne.Martin@example.com', phone: '+33612345678' }, crm_fields: { email: 'email', phone: 'phone' } });
      expect(await counts()).toEqual({ contacts: 0, tasks: 0, tags: 0 });
    });
  });

  describe('tag_contact', () => {
    it('tags the contact of the context (creating it when new), idempotently', async () => {
      const first = await executeBlock(fixture('seed001-tag-contact'), jeanne, runtime);
      expect(first.data).toMatchObject({ tag: 'relance_envoyee', tags: ['relance_envoyee'], contact_created: true });
      const again = await executeBlock(fixture('seed001-tag-contact'), jeanne, runtime);
      expect(again.data).toMatchObject({ tags: ['relance_envoyee'], contact_created: false, contact_id: (first.data as { contact_id: string }).contact_id });
      const other = await executeBlock(block('tag_contact', { tag: 'client' }), { contact: { phone_number: '+33 6 12 34 56 78' } }, runtime);
      expect(other.data).toMatchObject({ tags: ['client', 'relance_envoyee'], contact_created: false });
      expect(await counts()).toMatchObject({ contacts: 1, tags: 2 });
    });

    it('finds the contact by its store id', async () => {
      const { data } = await executeBlock(fixture('seed001-crm-contact'), jeanne, runtime);
      const id = (data as { contact: Contact }).contact.id;
      const result = await executeBlock(block('tag_contact', { tag: 'vip' }), { contact: { id } }, runtime);
      expect(result.data).toMatchObject({ contact_id: id, tags: ['vip'] });
    });

    it('refuses a missing tag, a context without contact, or an unknown id alone, writing nothing', async () => {
      const before = await counts();
      const noTag = await failure(executeBlock(block('tag_contact', { tag: '' }), jeanne, runtime), 'invalid_block');
      expect(JSON.stringify(noTag.issues)).toMatch(/data\.parameters\.tag/);
      await failure(executeBlock(block('tag_contact', { tag: 'vip' }), { contact: {} }, runtime), 'missing_variable');
      const unknown = await failure(executeBlock(block('tag_contact', { tag: 'vip' }), { contact: { id: 'platform-contact-123' } }, runtime), 'store_error');
      expect(unknown.message).toMatch(/platform-contact-123/);
      await failure(executeBlock(block('tag_contact', { tag: 'vip' }), { contact: { email: 'not an email' } }, runtime), 'invalid_variable');
      expect(await counts()).toEqual(before);
    });
  });

  describe('sales_task', () => {
    it('opens the seed 001 task for the contact, titled and described from the context', async () => {
      await executeBlock(fixture('seed001-crm-contact'), jeanne, runtime);
      const result = await executeBlock(fixture('seed001-sales-task'), jeanne, runtime);
      const task = result.data as Task;
      const [contact] = await (await runtime.store()).findContacts({ email: 'jeanne.martin@example.com' });
      expect(task).toMatchObject({ contact_id: contact.id, assignation: 'commercial', priorite: 'haute', status: 'open', title: 'Suivi : Jeanne Martin' });
      expect(task.description).toContain("Ouvre une tâche pour l'équipe commerciale.");
      expect(task.description).toContain('Email : Jeanne.Martin@Example.COM');
      expect(task.description).toContain('Canal : phone, outbound');
      expect(result.meta).toMatchObject({ action_type: 'sales_task' });
    });

    it('renders templated title and description, with priorite normale by default', async () => {
      const result = await executeBlock(block('sales_task', { title: 'Rappeler {{contact.first_name}} ({{company}})', description: 'Score {{score}} via {{agent_name}}' }), jeanne, runtime);
      expect(result.data).toMatchObject({ title: 'Rappeler Jeanne (ACME)', description: 'Score 42 via Léa', priorite: 'normale', assignation: null, contact_id: null });
      expect(result.meta.warnings?.[0]).toMatch(/not linked/);
    });

    it('refuses an unknown priority or an unknown placeholder, writing nothing', async () => {
      const before = await counts();
      const priority = await failure(executeBlock(block('sales_task', { priorite: 'urgente' }), jeanne, runtime), 'invalid_block');
      expect(JSON.stringify(priority.issues)).toMatch(/priorite/);
      const placeholder = await failure(executeBlock(block('sales_task', { title: 'Suivi {{nom_client}}' }), jeanne, runtime), 'invalid_block');
      expect(placeholder.message).toMatch(/nom_client/);
      expect(await counts()).toEqual(before);
    });

    it("titles a task without any contact after the block's label", async () => {
      const result = await executeBlock(fixture('seed001-sales-task'), { medium: 'web' }, runtime);
      expect(result.data).toMatchObject({ title: 'Créer une tâche commerciale', contact_id: null, priorite: 'haute' });
      expect((result.data as Task).description).toContain('Canal : web');
    });

    it('previews the task without writing', async () => {
      const preview = await previewBlock(fixture('seed001-sales-task'), jeanne, runtime);
      expect(preview.effect).toMatchObject({ operation: 'create_task', task: { title: 'Suivi : Jeanne Martin', priorite: 'haute', assignation: 'commercial' } });
      expect(await counts()).toEqual({ contacts: 0, tasks: 0, tags: 0 });
    });
  });
}
