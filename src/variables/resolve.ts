// The values of an action's variables for one call: each declared variable coerced to its type, the
// default applied when an optional one is missing, a missing required one refused. When a block
// declares no variables (seed 001 blocks, simple flows), the caller's plain values pass through as
// they are, so `{{order_number}}` still works with msg.payload = {order_number: "…"}.
import { RelaisError } from '../errors';
import { FORBIDDEN_SEGMENTS } from '../template/parse';
import { coerceValue, expectedForFr } from './coerce';
import { CONTEXT_NAMES } from './definition';
import type { TypedValue, VariableDefinition } from './types';

export interface ResolvedVariables {
  values: Record<string, TypedValue>;
  /** Names the caller gave that the block does not declare (not usable in templates). */
  ignored: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Sets an own property; "__proto__" (refused as a variable name, but resolveVariables may be handed
 * unchecked definitions) stays an ordinary key and never sets the prototype. */
function setValue(values: Record<string, TypedValue>, name: string, value: TypedValue): void {
  if (name === '__proto__') Object.defineProperty(values, name, { value, enumerable: true, writable: true, configurable: true });
  else values[name] = value;
}

const isMissing = (raw: unknown): boolean => raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');

function example(definition: VariableDefinition): string {
  return definition.example ? ` (example: ${definition.example})` : '';
}

function exampleFr(definition: VariableDefinition): string {
  return definition.example ? ` (exemple : ${definition.example})` : '';
}

export function resolveVariables(definitions: readonly VariableDefinition[], raw: Readonly<Record<string, unknown>> | undefined): ResolvedVariables {
  const given = raw ?? {};
  // An ordinary object (a fast shape, cheap to read and copy); keys are set with setValue.
  const values: Record<string, TypedValue> = {};
  if (definitions.length === 0) return passThrough(given);
  for (const definition of definitions) {
    // Own properties only (an inherited "toString" is not a value the caller gave).
    const input = Object.prototype.hasOwnProperty.call(given, definition.name) ? given[definition.name] : undefined;
    if (isMissing(input)) {
      if (definition.required) {
        const what = definition.description ? `: ${definition.description}` : '';
        const message = `The variable ${definition.name} is required${what}${example(definition)}.`;
        const fr = `La variable ${definition.name} est obligatoire${definition.description ? ` : ${definition.description}` : ''}${exampleFr(definition)}.`;
        throw new RelaisError('missing_variable', message, { fr, issues: [{ path: `variables.${definition.name}`, message, fr }] });
      }
      setValue(values, definition.name, definition.default ?? null);
      continue;
    }
    const coerced = coerceValue(definition.type, input);
    if (!coerced.ok) {
      const message = `The variable ${definition.name} must be ${coerced.expected}${example(definition)}; the value given is not of type ${definition.type}.`;
      const fr = `La variable ${definition.name} doit être ${expectedForFr(definition.type)}${exampleFr(definition)} ; la valeur donnée n'est pas de type ${definition.type}.`;
      throw new RelaisError('invalid_variable', message, { fr, issues: [{ path: `variables.${definition.name}`, message, fr }] });
    }
    setValue(values, definition.name, coerced.value);
  }
  // A plain scan: blocks declare a handful of variables, and this runs on every call.
  const ignored: string[] = [];
  // for…in over own keys (Object.keys' keys, in its order), no key array nor closure per call.
  for (const name in given) {
    if (!Object.prototype.hasOwnProperty.call(given, name)) continue;
    let declared = false;
    for (let i = 0; i < definitions.length; i++) {
      if (definitions[i].name === name) {
        declared = true;
        break;
      }
    }
    if (!declared) ignored.push(name);
  }
  return { values, ignored };
}

/** Undeclared variables: plain values with identifier names, as given; anything else is ignored. */
function passThrough(given: Readonly<Record<string, unknown>>): ResolvedVariables {
  // An ordinary object (a fast shape, cheap to read and copy); keys are set with setValue.
  const values: Record<string, TypedValue> = {};
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(given)) {
    const plain = value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (plain && NAME.test(name) && !(CONTEXT_NAMES as readonly string[]).includes(name) && !FORBIDDEN_SEGMENTS.has(name)) setValue(values, name, value as TypedValue);
    else ignored.push(name);
  }
  return { values, ignored };
}
