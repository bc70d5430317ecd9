// The schema of seed 002's variable definitions, as they appear in a block's `variables` parameter
// (an array, or JSON text of one, since block parameters arrive as text). Booleans may be text
// ("true"), a default is coerced to the variable's type when the block is parsed, and names must be
// identifiers that do not hide a context name ({{contact.…}}, {{agent_id}}, …).
import { z } from 'zod/v4';
import { FORBIDDEN_SEGMENTS } from '../template/parse';
import { coerceValue } from './coerce';
import { VARIABLE_TYPES, type VariableDefinition } from './types';

/** Names the context provides; a variable with one of these names would hide it. */
export const CONTEXT_NAMES = ['contact', 'agent_id', 'agent_name', 'agent_number', 'direction', 'medium', 'current_datetime'] as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const flag = z.unknown().transform((raw, ctx) => {
  if (raw === undefined || raw === null || raw === '') return false;
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  ctx.addIssue({ code: 'custom', continue: false, message: 'must be true or false' });
  return z.NEVER;
});

const optionalText = z
  .union([z.string(), z.number(), z.boolean()], { error: 'must be text' })
  .optional()
  .transform((value) => (value === undefined ? undefined : String(value)));

export const variableDefinitionSchema = z
  .object({
    name: z
      .string({ error: 'the variable needs a name' })
      .trim()
      .regex(NAME, { error: 'a variable name uses letters, digits and "_", starts with a letter or "_", at most 64 characters (e.g. order_number)' })
      .refine((name) => !(CONTEXT_NAMES as readonly string[]).includes(name), {
        error: `this name is reserved for the context (${CONTEXT_NAMES.join(', ')}); pick another`,
      })
      .refine((name) => !FORBIDDEN_SEGMENTS.has(name), { error: 'this name is reserved; pick another' }),
    type: z
      .string()
      .trim()
      .toLowerCase()
      .optional()
      .transform((t, ctx) => {
        const type = t === undefined || t === '' ? 'string' : t;
        if ((VARIABLE_TYPES as readonly string[]).includes(type)) return type as VariableDefinition['type'];
        ctx.addIssue({ code: 'custom', continue: false, message: `unknown type "${t}"; allowed: ${VARIABLE_TYPES.join(', ')}` });
        return z.NEVER;
      }),
    description: optionalText.transform((d) => d ?? ''),
    example: optionalText,
    required: flag,
    default: z.unknown().optional(),
  })
  .strict()
  .transform((definition, ctx): VariableDefinition => {
    // zod runs this even when a field failed; only a known type can coerce the default.
    if (!(VARIABLE_TYPES as readonly string[]).includes(definition.type)) return z.NEVER;
    const { default: rawDefault, ...rest } = definition;
    if (rawDefault === undefined || rawDefault === null || rawDefault === '') return { ...rest, default: undefined };
    const coerced = coerceValue(definition.type, rawDefault);
    if (!coerced.ok) {
      ctx.addIssue({ code: 'custom', continue: false, path: ['default'], message: `the default does not fit the type ${definition.type}: expected ${coerced.expected}` });
      return z.NEVER;
    }
    return { ...rest, default: coerced.value };
  });

/** An array of definitions, or JSON text of one; names must be unique. Empty text = no variables. */
export const variableDefinitionsSchema = z
  .unknown()
  .transform((raw, ctx) => {
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return [];
    if (typeof raw !== 'string') return raw;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', continue: false, message: 'must be a JSON array of variable definitions, e.g. [{"name": "order_number", "type": "string", "required": true}]' });
      return z.NEVER;
    }
  })
  .pipe(z.array(variableDefinitionSchema, { error: 'must be an array of variable definitions' }).max(100))
  .superRefine((definitions, ctx) => {
    const seen = new Set<string>();
    definitions.forEach((definition, index) => {
      if (seen.has(definition.name)) ctx.addIssue({ code: 'custom', continue: false, path: [index, 'name'], message: `the variable "${definition.name}" is declared twice` });
      seen.add(definition.name);
    });
  });
