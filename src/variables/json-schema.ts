// The JSON Schema of an action's variables, for AI tool use (n8n's AI Agent, any function-calling
// model): one property per variable with its type, description, example and format. Only required
// variables are listed in `required`: optional ones stay optional (n8n's $fromAI would make them all
// required, which forces a model to invent values).
import { coerceValue, expectedFor } from './coerce';
import type { VariableDefinition, VariableType } from './types';

export interface JsonSchemaObject {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required: string[];
  additionalProperties: false;
}

const BASE: Record<VariableType, Record<string, unknown>> = {
  string: { type: 'string' },
  integer: { type: 'integer' },
  float: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string' },
  email: { type: 'string', format: 'email' },
  phone: { type: 'string' },
};

export function variablesJsonSchema(variables: readonly VariableDefinition[]): JsonSchemaObject {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const variable of variables) {
    const property: Record<string, unknown> = { ...BASE[variable.type] };
    if (variable.type === 'date') property.format = variable.example && /T|\d:\d/.test(variable.example) ? 'date-time' : 'date';
    const hint = variable.type === 'string' ? '' : ` (${expectedFor(variable.type)})`;
    property.description = `${variable.description}${hint}`.trim();
    if (variable.example !== undefined && variable.example !== '') {
      const typed = coerceValue(variable.type, variable.example);
      property.examples = [typed.ok ? typed.value : variable.example];
    }
    if (!variable.required && variable.default !== undefined && variable.default !== null) property.default = variable.default;
    properties[variable.name] = property;
  }
  return { type: 'object', properties, required: variables.filter((v) => v.required).map((v) => v.name), additionalProperties: false };
}
