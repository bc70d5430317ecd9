// sales_task ("Créer une tâche commerciale"): opens a task for the team, with `assignation` and
// `priorite` (normale by default), linked to the context's contact when the store knows it. `title`
// and `description` are templates rendered with the context; left empty, they are built from it:
// "Suivi : Jeanne Martin" (the block's label when the context has no contact) and the contact's
// details, the channel and the time of the call.
import type { SalesTaskParams } from '../blocks/sales-task';
import type { Context } from '../context';
import type { TaskInput } from '../store/types';
import { normalizeTaskInput } from '../store/validate';
import { contactKeys, hasKeys, locateContact } from './platform/contact';
import { platformMeta, platformScope, renderParameter } from './platform/scope';
import type { ActionHandler, ActionScope } from './types';

function who(context: Context): string | undefined {
  const c = context.contact ?? {};
  const name = [c.first_name, c.last_name].filter((p) => p && p.trim() !== '').join(' ').trim();
  return name || c.email?.trim() || c.phone_number?.trim() || undefined;
}

/** "Suivi : Jeanne Martin" (or the email, or the phone); with no contact at all, the block's label. */
export function defaultTitle(context: Context, block: ActionScope['block']): string {
  const name = who(context);
  return name ? `Suivi : ${name}` : block.label?.trim() || 'Suivi';
}

export function defaultDescription(context: Context, block: ActionScope['block']): string {
  const c = context.contact ?? {};
  const name = [c.first_name, c.last_name].filter((p) => p && p.trim() !== '').join(' ').trim();
  const channel = [context.medium, context.direction].filter(Boolean).join(', ');
  const lines = [
    block.description,
    name && `Contact : ${name}`,
    c.email && `Email : ${c.email}`,
    c.phone_number && `Téléphone : ${c.phone_number}`,
    channel && `Canal : ${channel}`,
    context.agent?.name && `Agent : ${context.agent.name}`,
    `Date : ${context.current_datetime ?? new Date().toISOString()}`,
  ];
  return lines.filter((line): line is string => typeof line === 'string' && line.trim() !== '').join('\n');
}

/** The task to create, rendered and validated (throws before anything is written). */
export function taskInput(params: SalesTaskParams, scope: ActionScope): Omit<TaskInput, 'contact_id'> {
  const context = scope.context;
  const templateScope = platformScope(context);
  const input = {
    title: params.title.trim() !== '' ? renderParameter(params.title, templateScope, 'title') : defaultTitle(context, scope.block),
    description: params.description.trim() !== '' ? renderParameter(params.description, templateScope, 'description') : defaultDescription(context, scope.block),
    assignation: params.assignation || null,
    priorite: params.priorite,
  };
  normalizeTaskInput(input);
  return input;
}

export const salesTaskAction: ActionHandler<SalesTaskParams> = {
  preview(params, scope) {
    const task = normalizeTaskInput(taskInput(params, scope));
    const keys = contactKeys(scope.context);
    return {
      action_type: 'sales_task',
      effect: { operation: 'create_task', task: { title: task.title, description: task.description, assignation: task.assignation, priorite: task.priorite }, link_contact_by: hasKeys(keys) ? keys : null },
      variables: {},
      warnings: hasKeys(keys) ? [] : ['no contact in the context: the task will not be linked to a contact'],
    };
  },

  async execute(params, scope) {
    const started = Date.now();
    const input = taskInput(params, scope);
    const keys = contactKeys(scope.context);
    const store = await scope.runtime.store();
    const found = hasKeys(keys) ? await locateContact(store, keys) : undefined;
    const task = await store.createTask({ ...input, contact_id: found?.contact.id ?? null, delivery_key: scope.context.delivery_id ?? null });
    const warnings = found ? [] : ['the contact is not in the contact store: the task is not linked to a contact'];
    return { ok: true, data: task, meta: platformMeta('sales_task', started, warnings.length ? { warnings } : {}) };
  },
};
