// "Créer une tâche commerciale" (seed 001 block 1): opens a task so the team follows up by hand.
import { z } from 'zod/v4';
import type { ActionDefinition } from './definition';
import { oneOf, text } from './params';

export const PRIORITIES = ['haute', 'normale', 'basse'] as const;

const schema = z
  .object({
    assignation: text({ trim: true, max: 200 }),
    priorite: oneOf(PRIORITIES, 'normale'),
    title: text({ max: 500 }),
    description: text({ max: 10_000 }),
  })
  .strict();

export type SalesTaskParams = z.infer<typeof schema>;

export const salesTaskDefinition: ActionDefinition<typeof schema> = {
  action_type: 'sales_task',
  title: { en: 'Create a sales task', fr: 'Créer une tâche commerciale' },
  description: {
    en: 'Creates an internal task so the team follows up with the contact by hand.',
    fr: "Crée une tâche interne pour que l'équipe reprenne manuellement le contact.",
  },
  nodeRed: { type: 'relais-sales-task' },
  n8n: { name: 'relaisSalesTask', displayName: 'Relais Sales Task' },
  fields: [
    {
      name: 'assignation',
      kind: 'string',
      label: { en: 'Assign to', fr: 'Assignation' },
      help: { en: 'Person or team the task is assigned to.', fr: 'Personne ou équipe à qui assigner la tâche.' },
      placeholder: 'commercial',
      default: '',
    },
    {
      name: 'priorite',
      kind: 'options',
      label: { en: 'Priority', fr: 'Priorité' },
      help: { en: 'high, normal or low. normal by default.', fr: 'haute, normale, basse. normale par défaut.' },
      default: 'normale',
      options: [
        { value: 'haute', label: { en: 'High', fr: 'Haute' } },
        { value: 'normale', label: { en: 'Normal', fr: 'Normale' } },
        { value: 'basse', label: { en: 'Low', fr: 'Basse' } },
      ],
    },
    {
      name: 'title',
      kind: 'string',
      label: { en: 'Task title', fr: 'Titre de la tâche' },
      help: {
        en: 'Short title of the task; may use {{contact.first_name}} and the other context names. Empty: the block label.',
        fr: 'Titre court de la tâche ; peut utiliser {{contact.first_name}} et les autres noms du contexte. Vide : le libellé du bloc.',
      },
      default: '',
      templated: true,
    },
    {
      name: 'description',
      kind: 'text',
      label: { en: 'Task details', fr: 'Détails de la tâche' },
      help: { en: 'What the team should do; may use {{placeholders}}.', fr: "Ce que l'équipe doit faire ; peut utiliser des {{espaces réservés}}." },
      default: '',
      templated: true,
      advanced: true,
    },
  ],
  schema,
};
