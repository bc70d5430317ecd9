// Reading OpenAPI / JSON Schema objects (3.0, 3.1, and Swagger 2.0's parameter objects, which carry
// type and format themselves): the scalar type of a value, as one of seed 002's variable types, and
// the parts of a schema an object template is made of. Schemas arrive dereferenced, so they may be
// cyclic (a tree node whose children are nodes): every walk here is bounded.
import { coerceValue } from '../variables/coerce';
import type { VariableType } from '../variables/types';
import { cut, plainText } from './names';
import type { ImportedVariable } from './types';

export type Schema = Record<string, unknown>;

export const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A `$ref` the parser could not replace: external (another file or URL) or part of a loop. */
export function unresolvedRef(value: unknown): string | undefined {
  return isObject(value) && typeof value.$ref === 'string' ? value.$ref : undefined;
}

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

/** The schema's own type, with 3.1's ["string", "null"] and allOf/oneOf/anyOf read through: one shape
 * gives that shape; a choice that includes a scalar (GitHub's title: string or integer) gives the first
 * scalar, since a variable can only be one. */
export function schemaType(schema: Schema | undefined, depth = 0): string | undefined {
  if (!schema || depth > 8) return undefined;
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((t) => typeof t === 'string' && SCALARS.has(t)) ?? type.find((t) => t !== 'null')) as string | undefined;
  if (isObject(schema.properties)) return 'object';
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const list = schema[key];
    if (Array.isArray(list)) {
      const types = list.filter(isObject).map((s) => schemaType(s, depth + 1)).filter((t): t is string => t !== undefined && t !== 'null');
      if (new Set(types).size === 1) return types[0];
      const scalar = types.find((t) => SCALARS.has(t));
      if (key !== 'allOf' && scalar !== undefined) return scalar;
    }
  }
  return undefined;
}

/** The member of a oneOf/anyOf that gives the schema its type (for its format), else the schema. */
export function typedSchema(schema: Schema): Schema {
  if (schema.type !== undefined) return schema;
  const type = schemaType(schema);
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const list = schema[key];
    if (Array.isArray(list)) {
      const member = list.filter(isObject).find((s) => schemaType(s) === type);
      if (member) return { ...member, description: schema.description ?? member.description, default: schema.default ?? member.default, example: schema.example ?? member.example };
    }
  }
  return schema;
}

/** The properties of an object schema, allOf members merged (bounded). */
export function objectProperties(schema: Schema, depth = 0): { properties: Record<string, Schema>; required: Set<string> } {
  const properties: Record<string, Schema> = {};
  const required = new Set<string>();
  if (depth > 8) return { properties, required };
  if (isObject(schema.properties)) for (const [name, value] of Object.entries(schema.properties)) if (isObject(value)) properties[name] = value;
  if (Array.isArray(schema.required)) for (const name of schema.required) if (typeof name === 'string') required.add(name);
  if (Array.isArray(schema.allOf)) {
    for (const member of schema.allOf.filter(isObject)) {
      const inner = objectProperties(member, depth + 1);
      Object.assign(properties, inner.properties);
      inner.required.forEach((name) => required.add(name));
    }
  }
  return { properties, required };
}

/** seed 002's type for a scalar schema: string, integer, float, boolean, date, email. */
export function variableType(given: Schema): VariableType {
  const schema = typedSchema(given);
  const type = schemaType(schema);
  const format = typeof schema.format === 'string' ? schema.format : undefined;
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'float';
  if (type === 'boolean') return 'boolean';
  if (format === 'date' || format === 'date-time') return 'date';
  if (format === 'email') return 'email';
  return 'string';
}

export const isScalar = (schema: Schema): boolean => {
  const type = schemaType(schema);
  return type === 'string' || type === 'integer' || type === 'number' || type === 'boolean' || (type === undefined && Array.isArray(schema.enum));
};

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** The first example a schema or parameter gives (example, examples[], examples{…}.value). */
function exampleOf(...sources: Array<Record<string, unknown> | undefined>): string | undefined {
  for (const source of sources) {
    if (!source) continue;
    const direct = scalarText(source.example);
    if (direct !== undefined) return direct;
    if (Array.isArray(source.examples)) {
      const first = source.examples.map(scalarText).find((e) => e !== undefined);
      if (first !== undefined) return first;
    } else if (isObject(source.examples)) {
      for (const example of Object.values(source.examples)) {
        const value = isObject(example) ? scalarText(example.value) : undefined;
        if (value !== undefined) return value;
      }
    }
  }
  return undefined;
}

/** A variable for one scalar value: type from the schema, description with its enum values, required,
 * example and default kept (a default or example that does not fit the type is dropped). */
export function toVariable(name: string, given: Schema, info: { description?: unknown; required: boolean; source?: Record<string, unknown> }): ImportedVariable {
  const schema = typedSchema(given);
  const type = variableType(schema);
  const parts: string[] = [];
  const description = typeof info.description === 'string' && info.description.trim() !== '' ? info.description : typeof schema.description === 'string' ? schema.description : '';
  if (description) parts.push(cut(plainText(description), 300));
  const values = Array.isArray(schema.enum) ? schema.enum.map(scalarText).filter((v): v is string => v !== undefined) : [];
  if (values.length > 0) parts.push(`One of: ${cut(values.join(', '), 200)}.`);
  const variable: ImportedVariable = { name, type, description: parts.join(' '), required: info.required };
  const example = exampleOf(info.source, schema) ?? values[0];
  if (example !== undefined && coerceValue(type, example).ok) variable.example = example;
  const fallback = schema.default;
  if (fallback !== undefined && fallback !== null && (typeof fallback !== 'object') && coerceValue(type, fallback).ok) variable.default = fallback as string | number | boolean;
  return variable;
}
