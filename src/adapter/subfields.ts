// The sub-fields of the two structured parameters of an http_request action (`filter` and `retry`).
// Both hosts show them as separate form inputs named `<parameter>_<sub-field>` (e.g.
// `filter_max_items`, `retry_attempts`) and `paramsFromForm` folds them back into one object, so the
// forms and the folding come from this one list.
import type { Text } from '../blocks/fields';
import { RETRY_LIMITS } from '../blocks/http-request';
import { FILTER_LIMITS } from '../filter/schema';

export type SubFieldKind = 'string' | 'number' | 'boolean' | 'list';

export interface SubField {
  /** The key inside the parameter object (filterSchema / RetryPolicy). */
  key: string;
  kind: SubFieldKind;
  label: Text;
  help: Text;
  placeholder?: string;
  min?: number;
  max?: number;
}

export const FILTER_SUBFIELDS: readonly SubField[] = [
  {
    key: 'expression',
    kind: 'string',
    label: { en: 'Projection (JMESPath)', fr: 'Projection (JMESPath)' },
    help: { en: 'Applied first, e.g. orders[].{id: id, status: status}', fr: "Appliquée d'abord, ex. orders[].{id: id, status: status}" },
    placeholder: 'orders[].{id: id, status: status}',
  },
  {
    key: 'include',
    kind: 'list',
    label: { en: 'Keep only these paths', fr: 'Ne garder que ces chemins' },
    help: { en: 'Dot paths separated by commas or new lines, e.g. order.status, order.tracking', fr: 'Chemins à points séparés par des virgules ou des retours à la ligne, ex. order.status, order.tracking' },
    placeholder: 'order.status, order.tracking',
  },
  {
    key: 'exclude',
    kind: 'list',
    label: { en: 'Drop these paths', fr: 'Retirer ces chemins' },
    help: { en: 'Dot paths separated by commas or new lines, e.g. customer.ssn, items.*.internal_notes', fr: 'Chemins à points séparés par des virgules ou des retours à la ligne, ex. customer.ssn, items.*.internal_notes' },
    placeholder: 'customer.ssn',
  },
  {
    key: 'max_items',
    kind: 'number',
    label: { en: 'Max items per list', fr: "Nombre max d'éléments par liste" },
    help: { en: 'Keep the first N items of every array.', fr: 'Garde les N premiers éléments de chaque tableau.' },
    min: 0,
    max: FILTER_LIMITS.max_items,
  },
  {
    key: 'max_string_length',
    kind: 'number',
    label: { en: 'Max text length', fr: 'Longueur max des textes' },
    help: { en: 'Cut every string longer than this many characters.', fr: 'Coupe chaque texte plus long que ce nombre de caractères.' },
    min: 0,
    max: FILTER_LIMITS.max_string_length,
  },
  {
    key: 'max_chars',
    kind: 'number',
    label: { en: 'Total budget (characters)', fr: 'Budget total (caractères)' },
    help: { en: 'Budget of the whole serialised result given to the model.', fr: 'Budget du résultat sérialisé entier transmis au modèle.' },
    min: 0,
    max: FILTER_LIMITS.max_chars,
  },
  {
    key: 'html_to_text',
    kind: 'boolean',
    label: { en: 'HTML to text', fr: 'HTML en texte' },
    help: { en: 'Reduce HTML responses to their text (on by default).', fr: 'Réduit les réponses HTML à leur texte (activé par défaut).' },
  },
];

export const RETRY_SUBFIELDS: readonly SubField[] = [
  {
    key: 'attempts',
    kind: 'number',
    label: { en: 'Retries', fr: 'Nouvelles tentatives' },
    help: {
      en: 'Extra attempts after the first when the connection fails or the API answers 429, 502, 503 or 504 (0 to 5); only for GET, HEAD, PUT and DELETE, or POST and PATCH with an Idempotency-Key header.',
      fr: "Tentatives supplémentaires après la première quand la connexion échoue ou que l'API répond 429, 502, 503 ou 504 (0 à 5) ; seulement pour GET, HEAD, PUT et DELETE, ou POST et PATCH avec un en-tête Idempotency-Key.",
    },
    min: 0,
    max: RETRY_LIMITS.attempts,
  },
  {
    key: 'base_delay_ms',
    kind: 'number',
    label: { en: 'First backoff (ms)', fr: 'Premier délai (ms)' },
    help: { en: 'Doubled at each attempt; a Retry-After header wins.', fr: "Doublé à chaque tentative ; un en-tête Retry-After l'emporte." },
    min: 0,
    max: RETRY_LIMITS.base_delay_ms,
  },
];

/** The sub-fields of a structured field kind, or undefined for plain kinds. */
export function subFieldsOf(kind: string): readonly SubField[] | undefined {
  if (kind === 'filter') return FILTER_SUBFIELDS;
  if (kind === 'retry') return RETRY_SUBFIELDS;
  return undefined;
}

/** The flat form key of a sub-field, e.g. `filter_max_items`. */
export function subFieldKey(parameter: string, sub: SubField): string {
  return `${parameter}_${sub.key}`;
}
