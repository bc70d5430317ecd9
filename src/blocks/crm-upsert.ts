// "Créer un contact CRM" (seed 001 block 3): creates or updates the contact in the connected CRM
// (the contact store). `fields_json` (Relais) maps more CRM fields to values, which may hold
// {{placeholders}} inside strings.
import { z } from 'zod/v4';
import type { ActionDefinition } from './definition';
import { jsonFromText, text } from './params';

const fieldsSchema = z.record(z.string().min(1, { error: 'a CRM field name cannot be empty' }), z.unknown(), {
  error: 'must be a JSON object mapping CRM field names to values, e.g. {"company": "{{company}}"}',
});

const schema = z
  .object({
    crm_champ_email: text({ trim: true, default: 'email', max: 200 }),
    crm_champ_telephone: text({ trim: true, default: 'phone', max: 200 }),
    fields_json: jsonFromText(fieldsSchema, '{"company": "{{company}}"}').transform((fields) => fields ?? {}),
  })
  .strict();

export type CrmUpsertParams = z.infer<typeof schema>;

export const crmUpsertDefinition: ActionDefinition<typeof schema> = {
  action_type: 'crm_upsert',
  title: { en: 'Create a CRM contact', fr: 'Créer un contact CRM' },
  description: { en: 'Creates or updates a contact in the connected CRM.', fr: 'Crée ou met à jour un contact dans le CRM connecté.' },
  nodeRed: { type: 'relais-crm-upsert' },
  n8n: { name: 'relaisCrmUpsert', displayName: 'Relais CRM Upsert' },
  fields: [
    {
      name: 'crm_champ_email',
      kind: 'string',
      label: { en: 'CRM email field', fr: 'Champ email du CRM' },
      help: { en: 'Name of the CRM field that holds the email.', fr: "Nom du champ dans le CRM pour l'email." },
      default: 'email',
    },
    {
      name: 'crm_champ_telephone',
      kind: 'string',
      label: { en: 'CRM phone field', fr: 'Champ téléphone du CRM' },
      help: { en: 'Name of the CRM field that holds the phone number.', fr: 'Nom du champ dans le CRM pour le téléphone.' },
      default: 'phone',
    },
    {
      name: 'fields_json',
      kind: 'json',
      label: { en: 'Other fields (JSON)', fr: 'Autres champs (JSON)' },
      help: {
        en: 'More CRM fields as a JSON object; values may use {{placeholders}}, e.g. {"company": "{{company}}"}.',
        fr: 'Autres champs du CRM en objet JSON ; les valeurs peuvent utiliser des {{espaces réservés}}, ex. {"company": "{{company}}"}.',
      },
      default: '',
      templated: true,
      advanced: true,
    },
  ],
  schema,
};
