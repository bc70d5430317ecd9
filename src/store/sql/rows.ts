// Database rows → the store's Contact and Task shapes (sqlite gives JSON as text and timestamps as
// ISO text; postgres gives parsed jsonb and Date objects).
import type { Contact, Priority, Task } from '../types';

export interface ContactRow {
  id: string;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  fields: string | Record<string, unknown> | null;
  created_at: string | Date;
  updated_at: string | Date;
}

export interface TaskRow {
  id: string;
  contact_id: string | null;
  title: string;
  description: string | null;
  assignation: string | null;
  priorite: string;
  status: string;
  created_at: string | Date;
  updated_at: string | Date;
}

export function isoTime(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

export function parseFields(value: ContactRow['fields']): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value === 'string') return JSON.parse(value) as Record<string, unknown>;
  return value;
}

export function contactFromRow(row: ContactRow, tags: string[]): Contact {
  return {
    id: row.id,
    email: row.email,
    phone: row.phone,
    first_name: row.first_name,
    last_name: row.last_name,
    fields: parseFields(row.fields),
    tags: [...tags].sort(),
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

export function taskFromRow(row: TaskRow): Task {
  return {
    id: row.id,
    contact_id: row.contact_id,
    title: row.title,
    description: row.description,
    assignation: row.assignation,
    priorite: row.priorite as Priority,
    status: row.status as Task['status'],
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}
