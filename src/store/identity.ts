// The two identities of a contact, normalised with the typed-variable coercion of src/variables, so an
// email or a phone number means the same thing in a block variable and in the store (E.164 phones,
// French national numbers → +33, domains lower-cased).
import { RelaisError } from '../errors';
import { coerceValue, expectedFor, expectedForFr } from '../variables/coerce';

function coerce(type: 'email' | 'phone', value: string, field: string): string {
  const result = coerceValue(type, value);
  if (result.ok && typeof result.value === 'string') return result.value;
  const message = `"${value.slice(0, 100)}" is not ${expectedFor(type)}${type === 'phone' ? ' (or a French number like 06 12 34 56 78)' : ''}`;
  const fr = `"${value.slice(0, 100)}" n'est pas ${expectedForFr(type)}${type === 'phone' ? ' (ni un numéro français comme 06 12 34 56 78)' : ''}`;
  throw new RelaisError('invalid_variable', `${field}: ${message}`, { fr: `${field} : ${fr}`, issues: [{ path: field, message, fr }] });
}

export function coerceContactEmail(value: string, field: string): string {
  return coerce('email', value, field);
}

export function coerceContactPhone(value: string, field: string): string {
  return coerce('phone', value, field);
}
