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
  /** The CRM's names for the email and phone fields (crm_champ_email / crm_champ_telephone). The http
   * backend sends and reads email and phone under these names; sqlite and postgres keep email and
   * phone in their own columns and ignore them. */
  email_field?: string;
  phone_field?: string;
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
  /**
   * The webhook delivery the task is opened for (the event id): the sql stores keep one task per
   * key (a unique index and ON CONFLICT), so a delivery run twice opens one task. The http store ignores it.
   */
  delivery_key?: string | null;
}

export interface ContactQuery {
  id?: string;
  email?: string;
  phone?: string;
  tag?: string;
  /** At most this many contacts (default 100, max 1000), oldest first. */
  limit?: number;
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

export interface SqliteStoreOptions {
  backend: 'sqlite';
  /** Database file; created with its folder on first use. Default: ~/.relais/relais.db (see
   * defaultSqlitePath). Hosts pass a file inside their user folder. ":memory:" for a throwaway base. */
  path?: string;
  /** How long a writer waits for another connection's lock before store_error (default 5000). */
  busy_timeout_ms?: number;
}

export interface PostgresStoreOptions {
  backend: 'postgres';
  /** postgres://user:password@host:port/database (the password never appears in errors). */
  connection_string: string;
  /** Pool size (default 10). */
  pool_size?: number;
  /** Deadline to open a connection (default 10000). */
  connect_timeout_ms?: number;
  /** Deadline for one statement (default 30000). */
  statement_timeout_ms?: number;
}

/** One request of the http backend, http_request-style: {{placeholders}} in url, headers and body. */
export interface HttpStoreOperation {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute, or relative to base_url (e.g. "/contacts/{{id}}/tags"). */
  url?: string;
  headers?: Record<string, string>;
  /** Query parameters (templated); a parameter whose value renders empty is left out. */
  query?: Record<string, string>;
  /** A JSON template (object or JSON text) whose whole-value placeholders keep their JSON type. */
  body?: unknown;
  /** Dot path of the result inside the response body ("" = the body itself). */
  result_path?: string;
}

export type HttpStoreOperationName =
  | 'upsert_contact'
  | 'find_contacts'
  | 'get_contact'
  | 'tag_contact'
  | 'untag_contact'
  | 'create_task'
  | 'list_tasks'
  | 'update_task';

export interface HttpStoreOptions {
  backend: 'http';
  /** The CRM's API root, e.g. https://crm.example.com/api */
  base_url: string;
  /** How to authenticate (the same four kinds as http_request credentials). */
  credential?: import('../credentials').Credential;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Overrides of the default request of each operation (merged over the defaults). */
  operations?: Partial<Record<HttpStoreOperationName, HttpStoreOperation>>;
  /** The CRM's names of the contact fields, for reading responses and building bodies. */
  contact_fields?: Partial<Record<'id' | 'email' | 'phone' | 'first_name' | 'last_name' | 'tags' | 'created_at' | 'updated_at', string>>;
  /** Deadline of each request (default 10000, max 60000). */
  timeout_ms?: number;
  /** Let the CRM be on a private network address (e.g. a CRM on the same host). */
  allow_private_network?: boolean;
  /** Allow http:// (default false: https only). */
  allow_http?: boolean;
}

export type StoreOptions = SqliteStoreOptions | PostgresStoreOptions | HttpStoreOptions;
