// Host form values → block parameters. Both hosts keep their node settings flat, keyed by
// `FieldMeta.name` (src/blocks): the variables table as rows, `filter`/`retry` as `<name>_<sub>`
// sub-fields (src/adapter/subfields.ts), JSON as text or as objects. This turns them into the
// parameters `buildBlock` validates, so the two hosts cannot disagree on what a form means.
// Nothing here validates values: empty inputs are dropped (so the definition's defaults apply) and
// everything else is passed on for the block schema to coerce and range-check with clear errors.
import type { FieldMeta } from '../blocks/fields';
import { subFieldKey, subFieldsOf, type SubField } from './subfields';

export type FormValues = Record<string, unknown>;

/** The columns of the variables table (seed 002). */
export const VARIABLE_COLUMNS = ['name', 'type', 'description', 'example', 'required', 'default'] as const;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a, b\nc" → ["a", "b", "c"]; arrays pass through without empty entries. */
export function splitList(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : String(value).split(/[,\n]/);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * Rows of the variables table → seed 002 variable definitions. Accepts an array of rows, JSON text of
 * one, or n8n's fixedCollection shape (`{variable: [...]}` / `{variables: [...]}`). Rows with every
 * cell empty are dropped (the blank last row of an editor); empty cells are left out so defaults
 * apply; a row with cells but no name goes on, so the block schema names the missing `name`.
 */
export function variablesFromRows(value: unknown): unknown {
  if (isEmpty(value)) return undefined;
  let rows: unknown = value;
  if (typeof rows === 'string') {
    try {
      rows = JSON.parse(rows);
    } catch {
      return value; // the block schema reports the invalid JSON with its path
    }
  }
  if (isPlainObject(rows)) rows = rows.variable ?? rows.variables ?? rows.rows ?? rows;
  if (!Array.isArray(rows)) return rows;
  return rows
    .filter((row) => !(isPlainObject(row) && Object.values(row).every((cell) => isEmpty(cell) || cell === false)))
    .map((row) => {
      if (!isPlainObject(row)) return row;
      const variable: Record<string, unknown> = {};
      for (const [key, cell] of Object.entries(row)) {
        if (isEmpty(cell) && key !== 'name') continue;
        variable[key] = key === 'required' ? cell === true || cell === 'true' : cell;
      }
      return variable;
    });
}

function subFieldValue(sub: SubField, raw: unknown): unknown {
  if (isEmpty(raw)) return undefined;
  if (sub.kind === 'list') {
    const list = splitList(raw);
    return list.length > 0 ? list : undefined;
  }
  if (sub.kind === 'boolean') return raw === true || raw === 'true' ? true : raw === false || raw === 'false' ? false : raw;
  return raw;
}

/**
 * `filter` / `retry`: a whole value (object or JSON text) wins; otherwise the flat `<name>_<sub>`
 * inputs are folded into one object, left out entirely when none is set.
 */
function structuredValue(field: FieldMeta, subFields: readonly SubField[], values: FormValues): unknown {
  const whole = values[field.name];
  if (!isEmpty(whole) && !(isPlainObject(whole) && Object.keys(whole).length === 0)) return whole;
  const folded: Record<string, unknown> = {};
  for (const sub of subFields) {
    const value = subFieldValue(sub, values[subFieldKey(field.name, sub)]);
    if (value !== undefined) folded[sub.key] = value;
  }
  return Object.keys(folded).length > 0 ? folded : undefined;
}

/** One field's form value → its block parameter value (undefined = leave the parameter out). */
export function parameterFromForm(field: FieldMeta, values: FormValues): unknown {
  const subFields = subFieldsOf(field.kind);
  if (subFields) return structuredValue(field, subFields, values);
  const value = values[field.name];
  if (field.kind === 'variables') return variablesFromRows(value);
  if (isEmpty(value)) return undefined;
  // Block JSON carries JSON parameters as text (seed 001); hosts may hand us parsed objects.
  if (field.kind === 'json' && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** All of an action's form values → block parameters (only fields the definition declares). */
export function paramsFromForm(fields: readonly FieldMeta[], values: FormValues): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of fields) {
    const value = parameterFromForm(field, values);
    if (value !== undefined) params[field.name] = value;
  }
  return params;
}
