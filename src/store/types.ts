// The contact store contract (contacts, tags, tasks). Backends: sqlite (embedded default), postgres,
// http (any REST CRM). Owned by src/store; the actions and the hosts only see this interface.

export type Priority = 'haute' | 'normale' | 'basse';

export interface Contact {
  id: string;
  email: string | null;
  /** E.164 */
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  /** Extra CRM fields (fields_json, and the crm_champ_* names). */
  fields: Record<string, unknown>;
  tags: string[];
  created_at: string;
  updated_at: string;
}

export interface ContactInput {
  email?: string | null;
  phone?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  fields?: Record<string, unknown>;
}

export interface Task {
  id: string;
  contact_id: string | null;
  title: string;
  description: string | null;
  assignation: string | null;
  priorite: Priority;
  status: 'open' | 'done';
  created_at: string;
  updated_at: string;
}

export interface TaskInput {
  contact_id?: string | null;
  title: string;
  description?: string | null;
  assignation?: string | null;
  priorite?: Priority;
}

export interface ContactQuery {
  id?: string;
  email?: string;
  phone?: string;
  tag?: string;
}

export interface ContactStore {
  /** Matches by email, then by phone; creates when nothing matches. Atomic under concurrency. */
  upsertContact(input: ContactInput): Promise<{ contact: Contact; created: boolean }>;
  findContacts(query: ContactQuery): Promise<Contact[]>;
  /** Idempotent. */
  tagContact(contactId: string, tag: string): Promise<Contact>;
  untagContact(contactId: string, tag: string): Promise<Contact>;
  createTask(input: TaskInput): Promise<Task>;
  listTasks(query?: { contact_id?: string; status?: Task['status']; assignation?: string }): Promise<Task[]>;
  updateTask(id: string, patch: Partial<Pick<Task, 'status' | 'assignation' | 'priorite' | 'title' | 'description'>>): Promise<Task>;
  close(): Promise<void>;
}

export type StoreOptions =
  | { backend: 'sqlite'; path?: string }
  | { backend: 'postgres'; connection_string: string; pool_size?: number }
  | { backend: 'http'; [key: string]: unknown };
