// Reading placeholder values from a template scope. Only the scope's own properties are visible (no
// prototype chain, no functions), and a name that is not there is an error naming it: a typo in a
// template must not silently send an empty value.
import { RelaisError } from '../errors';
import { templateMessageFr } from './messages-fr';
import type { PlaceholderPart } from './parse';

/** What templates can read: typed variables, `contact`, `agent_id`, … (see context-scope.ts). */
export type TemplateScope = Readonly<Record<string, unknown>>;

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/** The value of a placeholder; throws invalid_block naming an unknown name and what is available. */
export function lookupPlaceholder(scope: TemplateScope, part: PlaceholderPart, where: string): unknown {
  let current: unknown = scope;
  for (let i = 0; i < part.path.length; i++) {
    const segment = part.path[i];
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !hasOwn(current, segment)) {
      const parent = part.path.slice(0, i).join('.');
      const known = current !== null && typeof current === 'object' && !Array.isArray(current) ? Object.keys(current).sort() : [];
      const hint = known.length > 0 ? ` Known names${parent ? ` in ${parent}` : ''}: ${known.join(', ')}.` : '';
      const message = `unknown placeholder {{${part.name}}}: declare a variable named "${part.path[0]}" or use a context name.${hint}`;
      throw new RelaisError('invalid_block', `${where}: ${message}`, { fr: `${where} : ${templateMessageFr(message)}`, issues: [{ path: where, message, fr: templateMessageFr(message) }] });
    }
    current = (current as Record<string, unknown>)[segment];
  }
  if (typeof current === 'function') {
    const message = `{{${part.name}}} cannot be used in a template`;
    throw new RelaisError('invalid_block', `${where}: ${message}`, { fr: `${where} : ${templateMessageFr(message)}`, issues: [{ path: where, message, fr: templateMessageFr(message) }] });
  }
  return current;
}

/** The text of a value placed inside text (a URL, a header, a string): empty for null. */
export function placeholderText(value: unknown, part: PlaceholderPart, where: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const message = `{{${part.name}}} is an object and cannot be written as text; use one of its fields (e.g. {{${part.name}.${Object.keys(value as object)[0] ?? 'field'}}})`;
  throw new RelaisError('invalid_block', `${where}: ${message}`, { fr: `${where} : ${templateMessageFr(message)}`, issues: [{ path: where, message, fr: templateMessageFr(message) }] });
}

/** The error for a value that cannot go where its placeholder stands (CR/LF in a header, ".." in a path). */
export function valueRefused(part: PlaceholderPart, message: string): RelaisError {
  const full = `The value of {{${part.name}}} ${message}`;
  return new RelaisError('invalid_variable', full, {
    fr: `La valeur de {{${part.name}}} ${templateMessageFr(message)}`,
    issues: [{ path: `variables.${part.name}`, message: full, fr: `La valeur de {{${part.name}}} ${templateMessageFr(message)}` }],
  });
}
