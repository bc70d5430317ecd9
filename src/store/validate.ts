// Checks and normalises what callers hand the store, once for every backend: emails trimmed and
// validated (compared case-insensitively), phones converted to E.164 with the same coercion as typed
// variables, tags and task fields bounded. Bad input is an invalid_variable error naming the field, so
// nothing is written half-way.
import { RelaisError } from '../errors';
import { coerceContactEmail, coerceContactPhone } from './identity';
import type { ContactInput, ContactQuery, Priority, Task, TaskInput } from './types';

export const PRIORITIES: readonly Priority[] = ['haute', 'normale', 'basse'];
export const MAX_TAG_LENGTH = 200;
const MAX_NAME_LENGTH = 200;
const MAX_TITLE_LENGTH = 500;
const MAX_TEXT_LENGTH = 10_000;
const MAX_FIELDS_CHARS = 65_536;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

function invalid(field: string, message: string, fr: string): RelaisError {
  return new RelaisError('invalid_variable', `${field}: ${message}`, { fr: `${field} : ${fr}`, issues: [{ path: field, message, fr }] });
}

/** Trimmed text, or undefined when absent/empty (empty values never erase what the store holds). */
function optionalText(value: unknown, field: string, max: number, singleLine = true): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(field, `expected text, got ${typeof value}`, `du texte est attendu, reçu ${typeof value}`);
  const text = value.trim();
  if (text === '') return undefined;
  if (text.length > max) throw invalid(field, `at most ${max} characters (got ${text.length})`, `au plus ${max} caractères (reçu ${text.length})`);
  if (singleLine && CONTROL.test(text)) throw invalid(field, 'must be one line without control characters', "doit tenir sur une ligne, sans caractère de contrôle");
  return text;
}

export interface NormalContact {
  email?: string;
  /** lower-cased email: the matching key. */
  email_key?: string;
  phone?: string;
  first_name?: string;
  last_name?: string;
  fields: Record<string, unknown>;
  email_field?: string;
  phone_field?: string;
}

export function normalizeContactInput(input: ContactInput): NormalContact {
  if (!input || typeof input !== 'object') throw invalid('contact', 'expected an object', 'un objet est attendu');
  const email = optionalText(input.email, 'contact.email', 320);
  const phone = optionalText(input.phone, 'contact.phone_number', 40);
  const normal: NormalContact = {
    first_name: optionalText(input.first_name, 'contact.first_name', MAX_NAME_LENGTH),
    last_name: optionalText(input.last_name, 'contact.last_name', MAX_NAME_LENGTH),
    fields: normalizeFields(input.fields),
    email_field: optionalText(input.email_field, 'crm_champ_email', MAX_NAME_LENGTH),
    phone_field: optionalText(input.phone_field, 'crm_champ_telephone', MAX_NAME_LENGTH),
  };
  if (email !== undefined) {
    normal.email = coerceContactEmail(email, 'contact.email');
    normal.email_key = normal.email.toLowerCase();
  }
  if (phone !== undefined) normal.phone = coerceContactPhone(phone, 'contact.phone_number');
  if (!normal.email && !normal.phone) {
    throw new RelaisError('missing_variable', 'A contact needs an email or a phone number to be found again: set contact.email or contact.phone_number.', {
      fr: 'Un contact a besoin d\'un e-mail ou d\'un numéro de téléphone pour être retrouvé : renseignez contact.email ou contact.phone_number.',
      issues: [{ path: 'contact.email', message: 'email or phone number required', fr: 'e-mail ou numéro de téléphone requis' }],
    });
  }
  return normal;
}

function normalizeFields(fields: unknown): Record<string, unknown> {
  if (fields === undefined || fields === null) return {};
  if (typeof fields !== 'object' || Array.isArray(fields)) throw invalid('fields_json', 'expected a JSON object of CRM fields', 'un objet JSON de champs du CRM est attendu');
  const json = JSON.stringify(fields);
  if (json.length > MAX_FIELDS_CHARS) throw invalid('fields_json', `at most ${MAX_FIELDS_CHARS} characters of JSON (got ${json.length})`, `au plus ${MAX_FIELDS_CHARS} caractères de JSON (reçu ${json.length})`);
  // A JSON round trip drops undefined and functions and gives a plain object with no prototype tricks.
  return JSON.parse(json) as Record<string, unknown>;
}

export function normalizeTag(tag: unknown): string {
  const text = optionalText(tag, 'tag', MAX_TAG_LENGTH);
  if (text === undefined) throw new RelaisError('missing_variable', 'tag: the tag to put on the contact is required (e.g. "relance_envoyee").', {
      fr: 'tag : le tag à poser sur le contact est obligatoire (par ex. "relance_envoyee").',
      issues: [{ path: 'tag', message: 'required', fr: 'obligatoire' }],
    });
  return text;
}

export function normalizeId(id: unknown, field: string): string {
  const text = optionalText(id, field, 200);
  if (text === undefined) throw new RelaisError('missing_variable', `${field}: an id is required.`, { fr: `${field} : un id est obligatoire.`, issues: [{ path: field, message: 'required', fr: 'obligatoire' }] });
  return text;
}

export function normalizePriority(value: unknown, field = 'priorite'): Priority {
  if (value === undefined || value === null || value === '') return 'normale';
  if (typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value)) return value as Priority;
  throw invalid(field, `expected one of ${PRIORITIES.join(', ')} (got ${JSON.stringify(value)})`, `l'une des valeurs ${PRIORITIES.join(', ')} est attendue (reçu ${JSON.stringify(value)})`);
}

function normalizeStatus(value: unknown): Task['status'] {
  if (value === 'open' || value === 'done') return value;
  throw invalid('status', `expected open or done (got ${JSON.stringify(value)})`, `open ou done est attendu (reçu ${JSON.stringify(value)})`);
}

export interface NormalTask {
  contact_id: string | null;
  title: string;
  description: string | null;
  assignation: string | null;
  priorite: Priority;
  /** Only when given (the http store and previews never see it otherwise). */
  delivery_key?: string;
}

export function normalizeTaskInput(input: TaskInput): NormalTask {
  if (!input || typeof input !== 'object') throw invalid('task', 'expected an object', 'un objet est attendu');
  const title = optionalText(input.title, 'title', MAX_TITLE_LENGTH);
  if (title === undefined) throw new RelaisError('missing_variable', 'title: a task needs a title.', {
      fr: "title : une tâche a besoin d'un titre.",
      issues: [{ path: 'title', message: 'required', fr: 'obligatoire' }],
    });
  return {
    contact_id: optionalText(input.contact_id, 'contact_id', 200) ?? null,
    title,
    description: optionalText(input.description, 'description', MAX_TEXT_LENGTH, false) ?? null,
    assignation: optionalText(input.assignation, 'assignation', MAX_NAME_LENGTH) ?? null,
    priorite: normalizePriority(input.priorite),
    ...deliveryKey(input.delivery_key),
  };
}

function deliveryKey(value: unknown): { delivery_key?: string } {
  const key = optionalText(value, 'delivery_key', 200);
  return key === undefined ? {} : { delivery_key: key };
}

export type TaskPatch = Partial<Pick<Task, 'status' | 'assignation' | 'priorite' | 'title' | 'description'>>;

/** Only the keys present are changed; assignation/description may be cleared with null. */
export function normalizeTaskPatch(patch: TaskPatch): TaskPatch {
  if (!patch || typeof patch !== 'object') throw invalid('patch', 'expected an object', 'un objet est attendu');
  const out: TaskPatch = {};
  if (patch.status !== undefined) out.status = normalizeStatus(patch.status);
  if (patch.priorite !== undefined) out.priorite = normalizePriority(patch.priorite);
  if (patch.title !== undefined) {
    const title = optionalText(patch.title, 'title', MAX_TITLE_LENGTH);
    if (title === undefined) throw invalid('title', 'cannot be empty', 'ne peut pas être vide');
    out.title = title;
  }
  if (patch.assignation !== undefined) out.assignation = optionalText(patch.assignation, 'assignation', MAX_NAME_LENGTH) ?? null;
  if (patch.description !== undefined) out.description = optionalText(patch.description, 'description', MAX_TEXT_LENGTH, false) ?? null;
  return out;
}

export interface NormalQuery {
  id?: string;
  email_key?: string;
  phone?: string;
  tag?: string;
  limit: number;
}

export function normalizeQuery(query: ContactQuery = {}): NormalQuery {
  const out: NormalQuery = { limit: 100 };
  const id = optionalText(query.id, 'id', 200);
  if (id !== undefined) out.id = id;
  const email = optionalText(query.email, 'email', 320);
  if (email !== undefined) out.email_key = coerceContactEmail(email, 'email').toLowerCase();
  const phone = optionalText(query.phone, 'phone', 40);
  if (phone !== undefined) out.phone = coerceContactPhone(phone, 'phone');
  const tag = optionalText(query.tag, 'tag', MAX_TAG_LENGTH);
  if (tag !== undefined) out.tag = tag;
  if (query.limit !== undefined) {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 1000) throw invalid('limit', 'expected an integer from 1 to 1000', 'un entier de 1 à 1000 est attendu');
    out.limit = query.limit;
  }
  return out;
}
