// The one definition of an action type: its zod schema (parsing, coercion, defaults, ranges) and the
// metadata both hosts generate their forms from (labels and help in English and French, options,
// defaults, limits), side by side so they cannot drift.
import type { z } from 'zod/v4';
import type { ActionType, FieldMeta, Text } from './fields';

export interface ActionDefinition<S extends z.ZodType = z.ZodType> {
  action_type: ActionType;
  title: Text;
  description: Text;
  /** The Node-RED node type of this action. */
  nodeRed: { type: `relais-${string}` };
  /** The n8n node name and its display name. */
  n8n: { name: `relais${string}`; displayName: string };
  /** Form fields, in display order; `name` is the parameter name in block JSON. */
  fields: FieldMeta[];
  /** Parses `data.parameters` (without `action_type`): values may be text, defaults are applied. */
  schema: S;
}
