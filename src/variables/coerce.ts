// Coercion of raw values (text from a model, a form or a flow; or already-typed JSON values) to a
// variable's type. One function per type, all pure; `coerceValue` reports failures as data so that
// callers choose the error (invalid_variable at run time, invalid_block for a bad default).
//
// Choices (documented in docs/blocks.md):
// - integer: "42", " 42 ", "42.0" and 42 → 42; "4.2", "1e3", "0x10", "" are refused.
// - float: "3.5", "-0.25", "1e3" and "3,5" (a French decimal comma, when it is the only separator)
//   → number; thousands separators ("1,234.5", "1 234") are refused rather than guessed.
// - boolean: true/false, yes/no, oui/non, vrai/faux, on/off, 1/0 (any case) and JSON booleans.
// - date: ISO 8601 calendar date ("2026-11-21") or date-time ("2026-11-21T17:30:00Z", offsets and
//   fractions allowed), checked to be a real date; the trimmed text is kept as written.
// - email: trimmed, one "@", a dotted domain, no spaces; the domain is lower-cased.
// - phone: E.164, see phone.ts.
import { normalisePhone } from './phone';
import type { TypedValue, VariableType } from './types';

export type Coerced = { ok: true; value: TypedValue } | { ok: false; expected: string };

const EXPECTED: Record<VariableType, string> = {
  string: 'text',
  integer: 'a whole number such as 42',
  float: 'a number such as 3.5',
  boolean: 'true or false (yes/no, oui/non, 1/0)',
  date: 'an ISO 8601 date such as 2026-11-21 or 2026-11-21T17:30:00Z',
  email: 'an email address such as name@example.com',
  phone: 'a phone number in international form such as +33612345678',
};

/** The same, in French, for the French of error messages (Node-RED in French). */
const EXPECTED_FR: Record<VariableType, string> = {
  string: 'du texte',
  integer: 'un nombre entier comme 42',
  float: 'un nombre comme 3.5',
  boolean: 'vrai ou faux (true/false, yes/no, oui/non, 1/0)',
  date: 'une date ISO 8601 comme 2026-11-21 ou 2026-11-21T17:30:00Z',
  email: 'une adresse e-mail comme nom@example.com',
  phone: 'un numéro de téléphone au format international comme +33612345678',
};

export function expectedFor(type: VariableType): string {
  return EXPECTED[type];
}

export function expectedForFr(type: VariableType): string {
  return EXPECTED_FR[type];
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'oui', 'vrai', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'non', 'faux', 'off', '0']);
const MAX_TEXT = 100_000;

export function coerceValue(type: VariableType, raw: unknown): Coerced {
  const value = COERCERS[type](raw);
  return value === undefined ? { ok: false, expected: EXPECTED[type] } : { ok: true, value };
}

const COERCERS: Record<VariableType, (raw: unknown) => TypedValue | undefined> = {
  string: (raw) => {
    if (typeof raw === 'string') return raw.length <= MAX_TEXT ? raw : undefined;
    if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
    if (typeof raw === 'boolean') return String(raw);
    return undefined;
  },
  integer: (raw) => {
    const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+(\.0+)?\s*$/.test(raw) ? Number(raw) : NaN;
    return Number.isSafeInteger(number) ? number : undefined;
  },
  float: (raw) => {
    if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
    if (typeof raw !== 'string') return undefined;
    let text = raw.trim();
    if (/^-?\d+,\d+$/.test(text)) text = text.replace(',', '.');
    if (!/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
    const number = Number(text);
    return Number.isFinite(number) ? number : undefined;
  },
  boolean: (raw) => {
    if (typeof raw === 'boolean') return raw;
    if (raw === 1 || raw === 0) return raw === 1;
    if (typeof raw !== 'string') return undefined;
    const word = raw.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    return undefined;
  },
  date: (raw) => (typeof raw === 'string' && isIsoDate(raw.trim()) ? raw.trim() : undefined),
  email: (raw) => (typeof raw === 'string' ? normaliseEmail(raw) : undefined),
  phone: (raw) => (typeof raw === 'string' ? normalisePhone(raw) : typeof raw === 'number' && Number.isSafeInteger(raw) ? normalisePhone(`+${raw}`) : undefined),
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, y, m, d, hh, mm, ss, zone] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || (ss !== undefined && Number(ss) > 59))) return false;
  if (zone && zone !== 'Z') {
    const digits = zone.replace(':', '');
    if (Number(digits.slice(1, 3)) > 23 || Number(digits.slice(3)) > 59) return false;
  }
  return true;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$/;

function normaliseEmail(raw: string): string | undefined {
  const text = raw.trim();
  if (text.length > 254) return undefined;
  const match = EMAIL.exec(text);
  if (!match) return undefined;
  const at = text.lastIndexOf('@');
  return `${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`;
}
