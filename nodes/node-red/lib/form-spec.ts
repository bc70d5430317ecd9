// How an action's FieldMeta list (src/blocks) becomes a Node-RED node: which properties are
// typedInputs (a value that may come from msg, flow, global or env), which config nodes an action
// needs. Read by the node at run time and by scripts/generate/node-red-forms.mjs at build time, so the
// editor form and the runtime agree on property names.
import type { ActionType, FieldMeta } from '../../../src/blocks/fields';

/** typedInput types offered for a field, or undefined when the field is a plain input. */
export function typedInputTypes(field: FieldMeta): string[] | undefined {
  if (field.kind === 'string') return ['str', 'msg', 'flow', 'global', 'env'];
  if (field.kind === 'number') return ['num', 'msg', 'flow', 'global', 'env'];
  return undefined;
}

/** The node property holding a typedInput's type, e.g. `urlType`. */
export function typeProperty(field: FieldMeta): string {
  return `${field.name}Type`;
}

export type ConfigRef = 'store' | 'provider';

/** Config nodes (besides relais-auth for `credential` fields) an action type uses. */
export const CONFIG_REFS: Record<ActionType, ConfigRef[]> = {
  sales_task: ['store'],
  crm_upsert: ['store'],
  tag_contact: ['store'],
  ai_reply: ['provider'],
  http_request: [],
};

export const CONFIG_NODE_TYPE: Record<ConfigRef | 'credential', string> = {
  credential: 'relais-auth',
  store: 'relais-contact-store',
  provider: 'relais-ai-provider',
};

/** The editor's palette category, colour and icon (literal in the generated registerType calls too). */
export const PALETTE = { category: 'Relais', color: '#8FD3C8', icon: 'relais.svg' } as const;
