// Typed variables (seed 002): definitions, coercion, defaults and required checks, the JSON Schema for
// AI tool use, and the call context with the template scope built from it.
export { VARIABLE_TYPES, type TypedValue, type VariableDefinition, type VariableType } from './types';
export { coerceValue, expectedFor, type Coerced } from './coerce';
export { normalisePhone } from './phone';
export { CONTEXT_NAMES, variableDefinitionSchema, variableDefinitionsSchema } from './definition';
export { resolveVariables, type ResolvedVariables } from './resolve';
export { variablesJsonSchema, type JsonSchemaObject } from './json-schema';
export { contextFromInput, templateScope, type ContextInput } from './context';
