// Reading a REST CRM's answers into the store's Contact and Task shapes, and writing a contact under the
// CRM's field names (contact_fields, crm_champ_email / crm_champ_telephone).
import { RelaisError } from '../errors';
import { LIST_KEYS, SINGLE_KEYS } from './http-defaults';
import type { Contact, HttpStoreOptions, Priority, Task } from './types';
import type { NormalContact } from './validate';

export type ContactFieldNames = Record<'id' | 'email' | 'phone' | 'first_name' | 'last_name' | 'tags' | 'created_at' | 'updated_at', string>;

export function contactFieldNames(options: HttpStoreOptions, perCall: { email_field?: string; phone_field?: string } = {}): ContactFieldNames {
  return {
    id: 'id',
    email: 'email',
    phone: 'phone',
    first_name: 'first_name',
    last_name: 'last_name',
    tags: 'tags',
    created_at: 'created_at',
    updated_at: 'updated_at',
    ...options.contact_fields,
    ...(perCall.email_field ? { email: perCall.email_field } : {}),
    ...(perCall.phone_field ? { phone: perCall.phone_field } : {}),
  };
}

/** The JSON object sent to the CRM for an upsert: the extra fields, then the identity fields (which win). */
export function contactBody(contact: NormalContact, names: ContactFieldNames): Record<string, unknown> {
  const body: Record<string, unknown> = { ...contact.fields };
  if (contact.email !== undefined) body[names.email] = contact.email;
  if (contact.phone !== undefined) body[names.phone] = contact.phone;
  if (contact.first_name !== undefined) body[names.first_name] = contact.first_name;
  if (contact.last_name !== undefined) body[names.last_name] = contact.last_name;
  return body;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function atPath(data: unknown, path: string): unknown {
  if (path === '') return data;
  let current = data;
  for (const key of path.split('.')) {
    if (!isRecord(current) || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** One record of a response: result_path when set, else the body, or its contact/task/data member. */
export function singleResult(data: unknown, resultPath: string | undefined): unknown {
  if (resultPath !== undefined) return atPath(data, resultPath);
  if (isRecord(data)) {
    const key = SINGLE_KEYS.find((k) => isRecord(data[k]));
    if (key && !('id' in data)) return data[key];
  }
  return data;
}

/** A list in a response: result_path when set, else the body when it is an array, or its contacts/data/items member. */
export function listResult(data: unknown, resultPath: string | undefined, operation: string): unknown[] {
  const found = resultPath !== undefined ? atPath(data, resultPath) : Array.isArray(data) ? data : isRecord(data) ? LIST_KEYS.map((k) => data[k]).find(Array.isArray) : undefined;
  if (!Array.isArray(found)) {
    throw new RelaisError('store_error', `The CRM's answer to ${operation} holds no list${resultPath ? ` at "${resultPath}"` : ' (expected an array, or {contacts|data|items: [...]})'}; set store.operations.${operation}.result_path.`, {
      fr: `La réponse du CRM à ${operation} ne contient aucune liste${resultPath ? ` à "${resultPath}"` : ' (un tableau est attendu, ou {contacts|data|items: [...]})'} ; renseignez store.operations.${operation}.result_path.`,
    });
  }
  return found;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function tagsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const tags = value.map((t) => (typeof t === 'string' ? t : isRecord(t) && typeof (t.name ?? t.tag) === 'string' ? String(t.name ?? t.tag) : undefined)).filter((t): t is string => !!t);
  return [...new Set(tags)].sort();
}

export function contactFromRecord(record: unknown, names: ContactFieldNames, operation: string): Contact {
  if (!isRecord(record) || text(record[names.id]) === null) {
    throw new RelaisError('store_error', `The CRM's answer to ${operation} is not a contact with an "${names.id}" field; set store.operations.${operation}.result_path or store.contact_fields.id.`, {
      fr: `La réponse du CRM à ${operation} n'est pas un contact avec un champ "${names.id}" ; renseignez store.operations.${operation}.result_path ou store.contact_fields.id.`,
    });
  }
  const mapped = new Set(Object.values(names));
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!mapped.has(key)) fields[key] = value;
  return {
    id: text(record[names.id]) as string,
    email: text(record[names.email]),
    phone: text(record[names.phone]),
    first_name: text(record[names.first_name]),
    last_name: text(record[names.last_name]),
    fields,
    tags: tagsOf(record[names.tags]),
    created_at: text(record[names.created_at]) ?? '',
    updated_at: text(record[names.updated_at]) ?? '',
  };
}

const PRIORITY_WORDS: Record<string, Priority> = { haute: 'haute', high: 'haute', normale: 'normale', normal: 'normale', medium: 'normale', basse: 'basse', low: 'basse' };

export function taskFromRecord(record: unknown, operation: string): Task {
  if (!isRecord(record) || text(record.id) === null) {
    throw new RelaisError('store_error', `The CRM's answer to ${operation} is not a task with an "id" field; set store.operations.${operation}.result_path.`, {
      fr: `La réponse du CRM à ${operation} n'est pas une tâche avec un champ "id" ; renseignez store.operations.${operation}.result_path.`,
    });
  }
  const status = text(record.status);
  return {
    id: text(record.id) as string,
    contact_id: text(record.contact_id),
    title: text(record.title) ?? '',
    description: text(record.description),
    assignation: text(record.assignation),
    priorite: PRIORITY_WORDS[String(record.priorite ?? record.priority ?? 'normale').toLowerCase()] ?? 'normale',
    status: status === 'done' || status === 'closed' || status === 'completed' ? 'done' : 'open',
    created_at: text(record.created_at) ?? '',
    updated_at: text(record.updated_at) ?? '',
  };
}
