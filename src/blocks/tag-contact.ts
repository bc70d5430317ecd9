// "Marquer le contact" (seed 001 block 5): puts a tag on the contact.
import { z } from 'zod/v4';
import type { ActionDefinition } from './definition';
import { requiredText } from './params';

const schema = z
  .object({
    tag: requiredText('the name of the tag to put on the contact, e.g. relance_envoyee', { trim: true, max: 200 }),
  })
  .strict();

export type TagContactParams = z.infer<typeof schema>;

export const tagContactDefinition: ActionDefinition<typeof schema> = {
  action_type: 'tag_contact',
  title: { en: 'Tag the contact', fr: 'Marquer le contact' },
  description: {
    en: 'Tags the contact so it can be found in the base or trigger other automations.',
    fr: "Marque le contact avec un tag pour le retrouver dans la base ou déclencher d'autres automatisations.",
  },
  nodeRed: { type: 'relais-tag-contact' },
  n8n: { name: 'relaisTagContact', displayName: 'Relais Tag Contact' },
  fields: [
    {
      name: 'tag',
      kind: 'string',
      label: { en: 'Tag', fr: 'Étiquette' },
      help: { en: 'Name of the tag to put on the contact.', fr: "Nom de l'étiquette à poser sur le contact." },
      placeholder: 'relance_envoyee',
      required: true,
    },
  ],
  schema,
};
