// The contact store over SQL, written once for sqlite and postgres. Every write is one transaction that
// first locks the identities it touches (email, phone, contact id), then reads and writes, so
// concurrent upserts of the same email from many workers end in exactly one contact; the unique
// indexes on email_key and phone are the safety net.
import { randomUUID } from 'node:crypto';
import { RelaisError } from '../../errors';
import type { Contact, ContactInput, ContactQuery, ContactStore, Task, TaskInput } from '../types';
import { normalizeContactInput, normalizeId, normalizeQuery, normalizeTag, normalizeTaskInput, normalizeTaskPatch, type TaskPatch } from '../validate';
import type { SqlDriver, SqlSession } from './driver';
import { contactFromRow, parseFields, taskFromRow, type ContactRow, type TaskRow } from './rows';

function notFound(what: 'Contact' | 'Task', id: string): RelaisError {
  return new RelaisError('store_error', `${what} "${id}" was not found in the contact store.`, {
    fr: `${what === 'Contact' ? 'Le contact' : 'La tâche'} "${id}" est introuvable dans la base de contacts.`,
    fallback: what === 'Contact' ? "I couldn't find that contact." : "I couldn't find that task.",
    fallbackFr: what === 'Contact' ? 'Je ne trouve pas ce contact.' : 'Je ne trouve pas cette tâche.',
  });
}

async function tagsOf(session: SqlSession, ids: string[]): Promise<Map<string, string[]>> {
  const byContact = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byContact;
  const rows = await session.all<{ contact_id: string; tag: string }>(
    `SELECT contact_id, tag FROM relais_contact_tags WHERE contact_id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  for (const row of rows) byContact.get(row.contact_id)?.push(row.tag);
  return byContact;
}

async function loadContact(session: SqlSession, id: string): Promise<Contact | undefined> {
  const [row] = await session.all<ContactRow>('SELECT * FROM relais_contacts WHERE id = ?', [id]);
  if (!row) return undefined;
  const tags = await tagsOf(session, [id]);
  return contactFromRow(row, tags.get(id) ?? []);
}

async function requireContact(session: SqlSession, id: string): Promise<Contact> {
  const contact = await loadContact(session, id);
  if (!contact) throw notFound('Contact', id);
  return contact;
}

async function loadTask(session: SqlSession, id: string): Promise<Task | undefined> {
  const [row] = await session.all<TaskRow>('SELECT * FROM relais_tasks WHERE id = ?', [id]);
  return row ? taskFromRow(row) : undefined;
}

/** The WHERE conditions whose value is given, with their parameters in order. */
function conditions(candidates: Array<[string, unknown]>): { where: string[]; params: unknown[] } {
  const given = candidates.filter(([, value]) => value !== undefined);
  return { where: given.map(([sql]) => sql), params: given.map(([, value]) => value) };
}

export function createSqlStore(driver: SqlDriver): ContactStore {
  return {
    async upsertContact(input: ContactInput) {
      const contact = normalizeContactInput(input);
      const lockKeys = [contact.email_key && `email:${contact.email_key}`, contact.phone && `phone:${contact.phone}`].filter((k): k is string => !!k);
      return driver.write(lockKeys, async (session) => {
        // Matching: by email first, then by phone.
        const match = async () => {
          let [found] = contact.email_key ? await session.all<ContactRow>('SELECT * FROM relais_contacts WHERE email_key = ?', [contact.email_key]) : [];
          if (!found && contact.phone) [found] = await session.all<ContactRow>('SELECT * FROM relais_contacts WHERE phone = ?', [contact.phone]);
          return found;
        };
        let row = await match();
        const now = new Date().toISOString();
        if (!row) {
          const id = randomUUID();
          // The unique email and phone keys decide at database level: when a writer the locks did not
          // serialise with (another store version, a manual insert) got there first, nothing is
          // inserted and this upsert updates that contact instead.
          const inserted = await session.run(
            'INSERT INTO relais_contacts (id, email, email_key, phone, first_name, last_name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
            [id, contact.email ?? null, contact.email_key ?? null, contact.phone ?? null, contact.first_name ?? null, contact.last_name ?? null, JSON.stringify(contact.fields), now, now],
          );
          if (inserted > 0) return { contact: await requireContact(session, id), created: true };
          row = await match();
          if (!row) throw new RelaisError('store_error', 'The contact could not be created or found (a concurrent writer changed it); try again.', {
            fr: "Le contact n'a pu être ni créé ni retrouvé (une écriture concurrente l'a modifié) ; réessayez.",
          });
        }
        if (contact.phone && contact.phone !== row.phone) {
          const [owner] = await session.all<{ id: string }>('SELECT id FROM relais_contacts WHERE phone = ? AND id <> ?', [contact.phone, row.id]);
          if (owner) {
            throw new RelaisError('store_error', `The phone number ${contact.phone} already belongs to another contact (${owner.id}) than the one with this email (${row.id}); nothing was changed. Fix the phone number or merge the two contacts.`, {
              fr: `Le numéro de téléphone ${contact.phone} appartient déjà à un autre contact (${owner.id}) que celui qui a cet e-mail (${row.id}) ; rien n'a été modifié. Corrigez le numéro ou fusionnez les deux contacts.`,
            });
          }
        }
        // Empty values never erase: upserts from a partial context keep what the store knows.
        const fields = { ...parseFields(row.fields), ...contact.fields };
        await session.run(
          `UPDATE relais_contacts SET email = COALESCE(?, email), email_key = COALESCE(?, email_key), phone = COALESCE(?, phone),
             first_name = COALESCE(?, first_name), last_name = COALESCE(?, last_name), fields = ?, updated_at = ? WHERE id = ?`,
          [contact.email ?? null, contact.email_key ?? null, contact.phone ?? null, contact.first_name ?? null, contact.last_name ?? null, JSON.stringify(fields), now, row.id],
        );
        return { contact: await requireContact(session, row.id), created: false };
      });
    },

    async findContacts(query: ContactQuery = {}) {
      const q = normalizeQuery(query);
      const { where, params } = conditions([
        ['c.id = ?', q.id],
        ['c.email_key = ?', q.email_key],
        ['c.phone = ?', q.phone],
        ['EXISTS (SELECT 1 FROM relais_contact_tags t WHERE t.contact_id = c.id AND t.tag = ?)', q.tag],
      ]);
      return driver.read(async (session) => {
        const rows = await session.all<ContactRow>(
          `SELECT c.* FROM relais_contacts c${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY c.created_at, c.id LIMIT ?`,
          [...params, q.limit],
        );
        const tags = await tagsOf(session, rows.map((r) => r.id));
        return rows.map((row) => contactFromRow(row, tags.get(row.id) ?? []));
      });
    },

    async tagContact(contactId: string, tag: string) {
      const id = normalizeId(contactId, 'contact.id');
      const label = normalizeTag(tag);
      return driver.write([`contact:${id}`], async (session) => {
        await requireContact(session, id);
        const now = new Date().toISOString();
        const added = await session.run('INSERT INTO relais_contact_tags (contact_id, tag, created_at) VALUES (?, ?, ?) ON CONFLICT (contact_id, tag) DO NOTHING', [id, label, now]);
        if (added > 0) await session.run('UPDATE relais_contacts SET updated_at = ? WHERE id = ?', [now, id]);
        return requireContact(session, id);
      });
    },

    async untagContact(contactId: string, tag: string) {
      const id = normalizeId(contactId, 'contact.id');
      const label = normalizeTag(tag);
      return driver.write([`contact:${id}`], async (session) => {
        await requireContact(session, id);
        const removed = await session.run('DELETE FROM relais_contact_tags WHERE contact_id = ? AND tag = ?', [id, label]);
        if (removed > 0) await session.run('UPDATE relais_contacts SET updated_at = ? WHERE id = ?', [new Date().toISOString(), id]);
        return requireContact(session, id);
      });
    },

    async createTask(input: TaskInput) {
      const task = normalizeTaskInput(input);
      return driver.write(task.contact_id ? [`contact:${task.contact_id}`] : [], async (session) => {
        if (task.contact_id) await requireContact(session, task.contact_id);
        const id = randomUUID();
        const now = new Date().toISOString();
        // One task per delivery key, decided by the unique index: a second create finds the first.
        const inserted = await session.run(
          'INSERT INTO relais_tasks (id, contact_id, title, description, assignation, priorite, status, created_at, updated_at, delivery_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (delivery_key) DO NOTHING',
          [id, task.contact_id, task.title, task.description, task.assignation, task.priorite, 'open', now, now, task.delivery_key ?? null],
        );
        if (inserted === 0 && task.delivery_key) {
          const [row] = await session.all<TaskRow>('SELECT * FROM relais_tasks WHERE delivery_key = ?', [task.delivery_key]);
          if (row) return taskFromRow(row);
        }
        return (await loadTask(session, id)) as Task;
      });
    },

    async listTasks(query = {}) {
      const { where, params } = conditions([
        ['contact_id = ?', query.contact_id],
        ['status = ?', query.status],
        ['assignation = ?', query.assignation],
      ]);
      return driver.read(async (session) => {
        const rows = await session.all<TaskRow>(`SELECT * FROM relais_tasks${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`, params);
        return rows.map(taskFromRow);
      });
    },

    async updateTask(taskId: string, patch: TaskPatch) {
      const id = normalizeId(taskId, 'task.id');
      const changes = normalizeTaskPatch(patch);
      return driver.write([`task:${id}`], async (session) => {
        const sets = Object.keys(changes).map((column) => `${column} = ?`);
        const changed = await session.run(`UPDATE relais_tasks SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE id = ?`, [...Object.values(changes), new Date().toISOString(), id]);
        if (changed === 0) throw notFound('Task', id);
        return (await loadTask(session, id)) as Task;
      });
    },

    close: () => driver.close(),
  };
}
