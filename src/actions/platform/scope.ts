// What the platform actions (sales_task, crm_upsert, tag_contact, ai_reply) template with: the shared
// template scope of src/variables (contact.*, agent_*, direction, medium, current_datetime) plus the
// call's variables. These blocks declare no typed variables, so every plain value of
// context.variables (text, number, boolean) is readable as {{name}}; objects are not.
import type { Context } from '../../context';
import { renderText } from '../../template/text';
import type { TemplateScope } from '../../template/scope';
import { templateScope } from '../../variables/context';
import type { TypedValue } from '../../variables/types';
import type { ResultMeta } from '../types';
import type { ActionType } from '../../blocks/fields';

export function platformScope(context: Context): TemplateScope {
  const variables: Record<string, TypedValue> = {};
  for (const [name, value] of Object.entries(context.variables ?? {})) {
    if (typeof value === 'string' || typeof value === 'boolean' || value === null || (typeof value === 'number' && Number.isFinite(value))) variables[name] = value;
  }
  return templateScope(context, variables);
}

/** Renders a templated block parameter; errors name data.parameters.<name>. */
export function renderParameter(source: string, scope: TemplateScope, name: string): string {
  return renderText(source, scope, `data.parameters.${name}`);
}

export function platformMeta(action_type: ActionType, started: number, extra: Partial<ResultMeta> = {}): ResultMeta {
  return { action_type, duration_ms: Date.now() - started, truncated: false, ...extra };
}
