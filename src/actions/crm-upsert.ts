// crm_upsert ("Créer un contact CRM"): creates or updates the context's contact in the contact store.
// Identity comes from contact.email / contact.phone_number, or from fields_json under the CRM's own
// field names (crm_champ_email / crm_champ_telephone) when the context lacks them; matching is by email,
// then phone (E.164). fields_json is a JSON template rendered with the context (whole-value
// placeholders keep their type). For the http backend crm_champ_* are the field names sent; sqlite and
// postgres keep email and phone in their own columns (see docs/store.md).
import type { CrmUpsertParams } from '../blocks/crm-upsert';
import type { Context } from '../context';
import { parseJsonTemplate, renderJsonTemplate } from '../template/json-template';
import { lookupPlaceholder, placeholderText } from '../template/scope';
import type { ContactInput } from '../store/types';
import { normalizeContactInput } from '../store/validate';
import { platformMeta, platformScope } from './platform/scope';
import type { ActionHandler } from './types';

const FIELDS_WHERE = 'data.parameters.fields_json';

function renderFields(fields: Record<string, unknown>, context: Context): Record<string, unknown> {
  if (Object.keys(fields).length === 0) return {};
  const scope = platformScope(context);
  const tree = parseJsonTemplate(JSON.stringify(fields), FIELDS_WHERE);
  const lookup = (part: Parameters<typeof lookupPlaceholder>[1]) => lookupPlaceholder(scope, part, FIELDS_WHERE);
  return { ...(renderJsonTemplate(tree, lookup, (part) => placeholderText(lookup(part), part, FIELDS_WHERE)) as Record<string, unknown>) };
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** The store input for this call, validated (throws before anything is written). */
export function upsertInput(params: CrmUpsertParams, context: Context): ContactInput {
  const fields = renderFields(params.fields_json, context);
  const emailField = params.crm_champ_email || 'email';
  const phoneField = params.crm_champ_telephone || 'phone';
  const fromFields = { email: textOf(fields[emailField]), phone: textOf(fields[phoneField]) };
  // The identity fields live in email/phone, not twice in fields.
  delete fields[emailField];
  delete fields[phoneField];
  const input: ContactInput = {
    email: textOf(context.contact?.email) ?? fromFields.email,
    phone: textOf(context.contact?.phone_number) ?? fromFields.phone,
    first_name: context.contact?.first_name,
    last_name: context.contact?.last_name,
    fields,
    email_field: emailField,
    phone_field: phoneField,
  };
  normalizeContactInput(input);
  return input;
}

export const crmUpsertAction: ActionHandler<CrmUpsertParams> = {
  preview(params, scope) {
    const input = upsertInput(params, scope.context);
    const normal = normalizeContactInput(input);
    return {
      action_type: 'crm_upsert',
      effect: {
        operation: 'upsert_contact',
        match: normal.email ? ['email', ...(normal.phone ? ['phone'] : [])] : ['phone'],
        contact: { email: normal.email ?? null, phone: normal.phone ?? null, first_name: normal.first_name ?? null, last_name: normal.last_name ?? null },
        fields: normal.fields,
        crm_fields: { email: input.email_field, phone: input.phone_field },
      },
      variables: {},
      warnings: [],
    };
  },

  async execute(params, scope) {
    const started = Date.now();
    const input = upsertInput(params, scope.context);
    const store = await scope.runtime.store();
    const { contact, created } = await store.upsertContact(input);
    return { ok: true, data: { contact, created }, meta: platformMeta('crm_upsert', started) };
  },
};
