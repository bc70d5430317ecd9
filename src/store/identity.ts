// The two identities of a contact, normalised with the typed-variable coercion of src/variables so an
// email or a phone number means the same thing in a block variable and in the store.
// TEMPORARY stand-in until src/variables lands (helper "blocks"); then these delegate to it.
import { RelaisError } from '../errors';

function invalid(field: string, message: string): RelaisError {
  return new RelaisError('invalid_variable', `${field}: ${message}`, { issues: [{ path: field, message }] });
}

export function coerceContactEmail(value: string, field: string): string {
  const text = value.trim();
  const at = text.lastIndexOf('@');
  if (at < 1 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) throw invalid(field, `"${text}" is not a valid email address (expected e.g. jeanne@example.com)`);
  return `${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`;
}

export function coerceContactPhone(value: string, field: string): string {
  let digits = value.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (/^0[1-9]\d{8}$/.test(digits)) digits = `+33${digits.slice(1)}`;
  if (!/^\+[1-9]\d{6,14}$/.test(digits)) throw invalid(field, `"${value}" is not a valid phone number (expected E.164 like +33612345678 or a French number like 06 12 34 56 78)`);
  return digits;
}
