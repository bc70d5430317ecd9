// The typed variables of seed 002's Variables tab.

export const VARIABLE_TYPES = ['string', 'integer', 'float', 'boolean', 'date', 'email', 'phone'] as const;

export type VariableType = (typeof VARIABLE_TYPES)[number];

/** A variable's value after coercion: what lands in templates (integer/float → number, …). */
export type TypedValue = string | number | boolean | null;

export interface VariableDefinition {
  /** Identifier-like: letters, digits and "_", not starting with a digit. */
  name: string;
  type: VariableType;
  /** What the variable is for; the model reads it. */
  description: string;
  /** An example value; the model reads it and errors quote it. */
  example?: string;
  /** A model must collect it before the action runs. */
  required: boolean;
  /** Used when the variable is optional and not provided (already coerced to the type). */
  default?: TypedValue;
}
