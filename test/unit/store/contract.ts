// The one behaviour every contact store backend must show (sqlite, postgres, http). Each backend's test
// file calls runStoreContract with a function opening a fresh, empty store.
import type { ContactStore } from '../../../src/store/types';
import { relaisRejection as rejection } from '../../support/rejection';

export interface ContractTarget {
  /** A new store on an empty base. */
  open(): Promise<ContactStore>;
  /** A second store on the same base as the last open() (to prove data persists). */
  reopen(): Promise<ContactStore>;
}

async function counts(store: ContactStore): Promise<{ contacts: number; tasks: number; tags: number }> {
  const contacts = await store.findContacts({ limit: 1000 });
  const tasks = await store.listTasks();
  return { contacts: contacts.length, tasks: tasks.length, tags: contacts.reduce((n, c) => n + c.tags.length, 0) };
}

export function runStoreContract(target: ContractTarget): void {
  let store: ContactStore;
  beforeEach(async () => {
    store = await target.open();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('upsertContact', () => {
    it('creates a contact with a normalised email and an E.164 phone', async () => {
      const { contact, created } = await store.upsertContact({ email: ' Jeanne.Martin@Example.COM ', phone: '06 12 34 56 78', first_name: 'Jeanne', last_name: 'Martin', fields: { source: 'whatsapp' } });
      expect(created).toBe(true);
      expect(contact).toMatchObject({ email: 'Jeanne.Martin@example.com', phone: '+33612345678', first_name: 'Jeanne', last_name: 'Martin', fields: { source: 'whatsapp' }, tags: [] });
      expect(typeof contact.id).toBe('string');
      expect(contact.id.length).toBeGreaterThan(0);
      expect(Date.parse(contact.created_at)).not.toBeNaN();
    });

    it('matches by email case-insensitively, merges fields and never erases with empty values', async () => {
      const first = await store.upsertContact({ email: 'paul@example.com', first_name: 'Paul', fields: { plan: 'pro', city: 'Lyon' } });
      const second = await store.upsertContact({ email: 'PAUL@EXAMPLE.COM', phone: '+33 7 00 00 00 01', first_name: '', last_name: 'Durand', fields: { city: 'Paris' } });
      expect(second.created).toBe(false);
      expect(second.contact.id).toBe(first.contact.id);
      expect(second.contact).toMatchObject({ first_name: 'Paul', last_name: 'Durand', phone: '+33700000001', fields: { plan: 'pro', city: 'Paris' } });
      expect((await counts(store)).contacts).toBe(1);
    });

    it('matches by phone when the email is unknown and records the email', async () => {
      const byPhone = await store.upsertContact({ phone: '+33612345679', first_name: 'Ana' });
      const again = await store.upsertContact({ email: 'ana@example.com', phone: '06 12 34 56 79' });
      expect(again.created).toBe(false);
      expect(again.contact.id).toBe(byPhone.contact.id);
      expect(again.contact).toMatchObject({ email: 'ana@example.com', phone: '+33612345679', first_name: 'Ana' });
    });

    it('refuses a phone that belongs to another contact and changes nothing', async () => {
      const a = await store.upsertContact({ email: 'a@example.com', phone: '+33611111111' });
      await store.upsertContact({ email: 'b@example.com', phone: '+33622222222' });
      const error = await rejection(store.upsertContact({ email: 'a@example.com', phone: '+33622222222', first_name: 'Changed' }));
      expect(error.code).toBe('store_error');
      const [after] = await store.findContacts({ id: a.contact.id });
      expect(after).toMatchObject({ phone: '+33611111111', first_name: null });
    });

    it('rejects bad input with a clear error and writes nothing', async () => {
      await store.upsertContact({ email: 'keep@example.com' });
      const before = await counts(store);
      const noKey = await rejection(store.upsertContact({ first_name: 'Nobody' }));
      expect(noKey.code).toBe('missing_variable');
      expect(noKey.message).toMatch(/email or a phone/);
      const badEmail = await rejection(store.upsertContact({ email: 'not-an-email', phone: '+33633333333' }));
      expect(badEmail.code).toBe('invalid_variable');
      expect(badEmail.message).toMatch(/contact\.email/);
      const badPhone = await rejection(store.upsertContact({ email: 'new@example.com', phone: '12' }));
      expect(badPhone.code).toBe('invalid_variable');
      expect(badPhone.message).toMatch(/phone/);
      expect(await counts(store)).toEqual(before);
    });
  });

  describe('findContacts', () => {
    it('finds by id, email (any case), phone (any format) and tag', async () => {
      const { contact: jeanne } = await store.upsertContact({ email: 'jeanne@example.com', phone: '+33612345678' });
      const { contact: marc } = await store.upsertContact({ email: 'marc@example.com' });
      await store.tagContact(marc.id, 'vip');
      expect((await store.findContacts({ id: jeanne.id })).map((c) => c.id)).toEqual([jeanne.id]);
      expect((await store.findContacts({ email: 'JEANNE@example.com' })).map((c) => c.id)).toEqual([jeanne.id]);
      expect((await store.findContacts({ phone: '06 12 34 56 78' })).map((c) => c.id)).toEqual([jeanne.id]);
      expect((await store.findContacts({ tag: 'vip' })).map((c) => c.id)).toEqual([marc.id]);
      expect(await store.findContacts({ email: 'nobody@example.com' })).toEqual([]);
      expect(await store.findContacts({ id: 'no-such-id' })).toEqual([]);
      expect((await store.findContacts({})).map((c) => c.id).sort()).toEqual([jeanne.id, marc.id].sort());
    });
  });

  describe('tags', () => {
    it('adds tags idempotently, returns them sorted, and removes them', async () => {
      const { contact } = await store.upsertContact({ email: 'tags@example.com' });
      await store.tagContact(contact.id, 'relance_envoyee');
      await store.tagContact(contact.id, 'relance_envoyee');
      const tagged = await store.tagContact(contact.id, 'client');
      expect(tagged.tags).toEqual(['client', 'relance_envoyee']);
      const untagged = await store.untagContact(contact.id, 'client');
      expect(untagged.tags).toEqual(['relance_envoyee']);
      const [found] = await store.findContacts({ id: contact.id });
      expect(found.tags).toEqual(['relance_envoyee']);
    });

    it('refuses an empty tag and an unknown contact without writing', async () => {
      const { contact } = await store.upsertContact({ email: 'tags2@example.com' });
      const before = await counts(store);
      expect((await rejection(store.tagContact(contact.id, '  '))).code).toBe('missing_variable');
      const unknown = await rejection(store.tagContact('no-such-contact', 'vip'));
      expect(unknown.code).toBe('store_error');
      expect(unknown.message).toMatch(/no-such-contact/);
      expect(await counts(store)).toEqual(before);
    });
  });

  describe('tasks', () => {
    it('creates a task linked to the contact with priorite normale by default', async () => {
      const { contact } = await store.upsertContact({ email: 'task@example.com' });
      const task = await store.createTask({ contact_id: contact.id, title: 'Rappeler Jeanne', description: 'Intéressée par l’offre', assignation: 'commercial' });
      expect(task).toMatchObject({ contact_id: contact.id, title: 'Rappeler Jeanne', description: 'Intéressée par l’offre', assignation: 'commercial', priorite: 'normale', status: 'open' });
      const unlinked = await store.createTask({ title: 'Sans contact', priorite: 'haute' });
      expect(unlinked).toMatchObject({ contact_id: null, priorite: 'haute', assignation: null });
      expect((await store.listTasks({ contact_id: contact.id })).map((t) => t.id)).toEqual([task.id]);
      expect((await store.listTasks({ assignation: 'commercial' })).map((t) => t.id)).toEqual([task.id]);
      expect(await store.listTasks()).toHaveLength(2);
    });

    it('updates a task and lists by status', async () => {
      const task = await store.createTask({ title: 'À traiter' });
      const done = await store.updateTask(task.id, { status: 'done', priorite: 'basse', assignation: 'marie' });
      expect(done).toMatchObject({ id: task.id, status: 'done', priorite: 'basse', assignation: 'marie', title: 'À traiter' });
      expect((await store.listTasks({ status: 'done' })).map((t) => t.id)).toEqual([task.id]);
      expect(await store.listTasks({ status: 'open' })).toEqual([]);
    });

    it('refuses an unknown priority, a missing title, an unknown contact or task, writing nothing', async () => {
      const before = await counts(store);
      const priority = await rejection(store.createTask({ title: 'x', priorite: 'urgente' as never }));
      expect(priority.code).toBe('invalid_variable');
      expect(priority.message).toMatch(/haute, normale, basse/);
      expect((await rejection(store.createTask({ title: ' ' }))).code).toBe('missing_variable');
      expect((await rejection(store.createTask({ title: 'x', contact_id: 'no-such-contact' }))).code).toBe('store_error');
      expect((await rejection(store.updateTask('no-such-task', { status: 'done' }))).code).toBe('store_error');
      expect(await counts(store)).toEqual(before);
    });
  });

  it('keeps its data when the store is closed and opened again', async () => {
    const { contact } = await store.upsertContact({ email: 'persist@example.com', phone: '+33644444444' });
    await store.tagContact(contact.id, 'persisted');
    await store.createTask({ contact_id: contact.id, title: 'Persisted task' });
    await store.close();
    store = await target.reopen();
    const [found] = await store.findContacts({ email: 'persist@example.com' });
    expect(found).toMatchObject({ id: contact.id, phone: '+33644444444', tags: ['persisted'] });
    expect((await store.listTasks({ contact_id: contact.id })).map((t) => t.title)).toEqual(['Persisted task']);
  });
}
