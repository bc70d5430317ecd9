// tag_contact ("Marquer le contact"): puts `tag` on the context's contact, idempotently, and returns the
// contact's tags. The contact is found by contact.id, else email, else phone; when the store has none of
// them yet but the context gives an email or a phone, the contact is created first (a tag is meant to
// find the contact again in the base, so it must be there). The tag is checked before anything is
// written.
import type { TagContactParams } from '../blocks/tag-contact';
import { RelaisError } from '../errors';
import { normalizeTag } from '../store/validate';
import { contactKeys, hasKeys, locateContact, missingContact } from './platform/contact';
import { platformMeta } from './platform/scope';
import type { ActionHandler } from './types';

export const tagContactAction: ActionHandler<TagContactParams> = {
  preview(params, scope) {
    const tag = normalizeTag(params.tag);
    const keys = contactKeys(scope.context);
    if (!hasKeys(keys)) throw missingContact('tag_contact');
    return {
      action_type: 'tag_contact',
      effect: { operation: 'tag_contact', tag, contact: { find_by: keys, create_if_missing: !!(keys.email || keys.phone) } },
      variables: {},
      warnings: [],
    };
  },

  async execute(params, scope) {
    const started = Date.now();
    const tag = normalizeTag(params.tag);
    const keys = contactKeys(scope.context);
    if (!hasKeys(keys)) throw missingContact('tag_contact');
    const store = await scope.runtime.store();
    let contactId = (await locateContact(store, keys))?.contact.id;
    let created = false;
    if (!contactId) {
      if (!keys.email && !keys.phone) {
        throw new RelaisError('store_error', `No contact with id "${keys.id}" in the contact store; pass contact.email or contact.phone_number too, or run crm_upsert first.`, {
          fr: `Aucun contact avec l'id "${keys.id}" dans la base de contacts ; passez aussi contact.email ou contact.phone_number, ou lancez d'abord crm_upsert.`,
        });
      }
      const upserted = await store.upsertContact({ email: keys.email, phone: keys.phone, first_name: scope.context.contact?.first_name, last_name: scope.context.contact?.last_name });
      contactId = upserted.contact.id;
      created = upserted.created;
    }
    const contact = await store.tagContact(contactId, tag);
    return { ok: true, data: { contact_id: contact.id, tag, tags: contact.tags, contact_created: created }, meta: platformMeta('tag_contact', started) };
  },
};
