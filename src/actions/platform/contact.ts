// The contact a platform action is about, from the call context: found by contact.id, else by email,
// else by phone. contact.id may be the agent platform's own id rather than the store's, so an id the
// store does not know falls back to email and phone instead of failing.
import type { Context } from '../../context';
import { RelaisError } from '../../errors';
import type { Contact, ContactStore } from '../../store/types';
import { coerceContactEmail, coerceContactPhone } from '../../store/identity';

export interface ContactKeys {
  id?: string;
  email?: string;
  phone?: string;
}

const present = (value: string | undefined): string | undefined => (value && value.trim() !== '' ? value.trim() : undefined);

/** The identities the context gives, normalised (a malformed email or phone is invalid_variable). */
export function contactKeys(context: Context): ContactKeys {
  const keys: ContactKeys = {};
  const id = present(context.contact?.id);
  const email = present(context.contact?.email);
  const phone = present(context.contact?.phone_number);
  if (id) keys.id = id;
  if (email) keys.email = coerceContactEmail(email, 'contact.email');
  if (phone) keys.phone = coerceContactPhone(phone, 'contact.phone_number');
  return keys;
}

export function hasKeys(keys: ContactKeys): boolean {
  return !!(keys.id || keys.email || keys.phone);
}

export function missingContact(action: string): RelaisError {
  return new RelaisError('missing_variable', `${action} needs to know the contact: pass contact.id, contact.email or contact.phone_number in the context.`, {
    fr: `${action} a besoin de connaître le contact : passez contact.id, contact.email ou contact.phone_number dans le contexte.`,
    issues: [{ path: 'contact', message: 'contact.id, contact.email or contact.phone_number required', fr: 'contact.id, contact.email ou contact.phone_number requis' }],
  });
}

/** Looks the contact up (id, then email, then phone); undefined when the store has none of them. */
export async function locateContact(store: ContactStore, keys: ContactKeys): Promise<{ contact: Contact; by: 'id' | 'email' | 'phone' } | undefined> {
  const order: Array<['id' | 'email' | 'phone', string | undefined]> = [
    ['id', keys.id],
    ['email', keys.email],
    ['phone', keys.phone],
  ];
  for (const [by, value] of order) {
    if (!value) continue;
    const [contact] = await store.findContacts({ [by]: value, limit: 1 });
    if (contact) return { contact, by };
  }
  return undefined;
}
