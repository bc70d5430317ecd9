// The store's schema, the same tables for sqlite and postgres (postgres gets native jsonb/timestamptz
// types). Migrations are numbered and recorded in relais_schema_version; each runs once, inside the
// migration transaction, so several processes opening a new database at once apply it exactly once.
// Tables are prefixed relais_ so the store can live in a database shared with other software.

export interface Migration {
  version: number;
  sqlite: string[];
  postgres: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sqlite: [
      `CREATE TABLE relais_contacts (
        id TEXT PRIMARY KEY,
        email TEXT,
        email_key TEXT UNIQUE,
        phone TEXT UNIQUE,
        first_name TEXT,
        last_name TEXT,
        fields TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE TABLE relais_contact_tags (
        contact_id TEXT NOT NULL REFERENCES relais_contacts(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (contact_id, tag)
      )`,
      `CREATE INDEX relais_contact_tags_tag ON relais_contact_tags(tag)`,
      `CREATE TABLE relais_tasks (
        id TEXT PRIMARY KEY,
        contact_id TEXT REFERENCES relais_contacts(id) ON DELETE SET NULL,
        title TEXT NOT NULL,
        description TEXT,
        assignation TEXT,
        priorite TEXT NOT NULL CHECK (priorite IN ('haute', 'normale', 'basse')),
        status TEXT NOT NULL CHECK (status IN ('open', 'done')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE INDEX relais_tasks_contact ON relais_tasks(contact_id)`,
    ],
    postgres: [
      `CREATE TABLE relais_contacts (
        id TEXT PRIMARY KEY,
        email TEXT,
        email_key TEXT UNIQUE,
        phone TEXT UNIQUE,
        first_name TEXT,
        last_name TEXT,
        fields JSONB NOT NULL DEFAULT '{}'::jsonb,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE TABLE relais_contact_tags (
        contact_id TEXT NOT NULL REFERENCES relais_contacts(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (contact_id, tag)
      )`,
      `CREATE INDEX relais_contact_tags_tag ON relais_contact_tags(tag)`,
      `CREATE TABLE relais_tasks (
        id TEXT PRIMARY KEY,
        contact_id TEXT REFERENCES relais_contacts(id) ON DELETE SET NULL,
        title TEXT NOT NULL,
        description TEXT,
        assignation TEXT,
        priorite TEXT NOT NULL CHECK (priorite IN ('haute', 'normale', 'basse')),
        status TEXT NOT NULL CHECK (status IN ('open', 'done')),
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      )`,
      `CREATE INDEX relais_tasks_contact ON relais_tasks(contact_id)`,
    ],
  },
  {
    // A sales task opened for one webhook delivery carries its key: a second create for the same
    // delivery (a platform retry on another process, a re-run job) finds the first, at database level.
    version: 2,
    sqlite: [`ALTER TABLE relais_tasks ADD COLUMN delivery_key TEXT`, `CREATE UNIQUE INDEX relais_tasks_delivery_key ON relais_tasks(delivery_key)`],
    postgres: [`ALTER TABLE relais_tasks ADD COLUMN delivery_key TEXT`, `CREATE UNIQUE INDEX relais_tasks_delivery_key ON relais_tasks(delivery_key)`],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS relais_schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`;
