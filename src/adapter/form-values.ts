// Host form values → block parameters. Both hosts keep their node settings flat, keyed by
// `FieldMeta.name` (src/blocks): the variables table as rows, `filter`/`retry` as `<name>_<sub>`
// sub-fields (src/adapter/subfields.ts), JSON as text or as objects. This turns them into the
// parameters `buildBlock` validates, so the two hosts cannot disagree on what a form means.
// Nothing here validates values: empty inputs are dropped (so the definition's defaults apply) and
// everything else is passed on for the block schema to coerce and range-check with clear errors.
// "Empty" is what a host stores for a setting nobody touched: undefined, null, blank text, and an
// empty list or object — n8n fills an omitted collection or fixedCollection with `{}` when it runs a
// workflow (its editor leaves parameters at their defaults out of the saved JSON), Node-RED keeps an
// untouched table as `[]`.
import type { FieldMeta } from '../blocks/fields';
import { subFieldKey, subFieldsOf, type SubField } from './subfields';

export type FormValues = Record<string, unknown>;

/** The columns of the variables table (seed 002). */
export const VARIABLE_COLUMNS = ['name', 'type', 'description', 'example', 'required', 'default'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value the host leaves when nothing was set (see the header). */
function isUnset(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/** A table row nobody filled in (the blank row an editor adds): every cell empty or unticked. */
export function isBlankRow(row: unknown): boolean {
  return isPlainObject(row) && Object.values(row).every((cell) => isUnset(cell) || cell === false);
}

/** "a, b\nc" → ["a", "b", "c"]; arrays pass through without empty entries. */
export function splitList(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : String(value).split(/[,\n]/);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * Rows of the variables table → seed 002 variable definitions. Accepts an array of rows, JSON text of
 * one, or n8n's fixedCollection shape (`{variable: [...]}` / `{variables: [...]}`, and `{}` when no row
 * was added). No rows → undefined (no variables). Rows with every cell empty are dropped (the blank
 * last row of an editor); empty cells are left out so defaults apply; a row with cells but no name
 * goes on, so the block schema names the missing `name`.
 */
export function variablesFromRows(value: unknown): unknown {
  if (isUnset(value)) return undefined;
  let rows: unknown = value;
  if (typeof rows === 'string') {
    try {
      rows = JSON.parse(rows);
    } catch {
      return value; // the block schema reports the invalid JSON with its path
    }
  }
  if (isPlainObject(rows)) rows = rows.variable ?? rows.variables ?? rows.rows ?? rows;
  if (isUnset(rows)) return undefined;
  if (!Array.isArray(rows)) return rows;
  return rows
    .filter((row) => !isBlankRow(row))
    .map((row) => {
      if (!isPlainObject(row)) return row;
      const variable: Record<string, unknown> = {};
      for (const [key, cell] of Object.entries(row)) {
        if (isUnset(cell) && key !== 'name') continue;
        variable[key] = key === 'required' ? cell === true || cell === 'true' : cell;
      }
      return variable;
    });
}

function subFieldValue(sub: SubField, raw: unknown): unknown {
  if (isUnset(raw)) return undefined;
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
  if (!isUnset(whole)) return whole;
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
  // Block JSON carries JSON parameters as text (seed 001); hosts may hand us parsed objects. A parsed
  // `{}` is JSON someone wrote (an empty body is still a body), not an untouched setting.
  if (field.kind === 'json' && typeof value === 'object' && value !== null) return JSON.stringify(value);
  if (isUnset(value)) return undefined;
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
