// Zod builders for block parameters. Seed 001 blocks carry every value as text ("10", "0.4", "true"),
// host forms send typed values; each builder accepts both, applies the default when the value is
// absent or empty text, and rejects anything else with a message that says what is allowed.
// Out-of-range values are errors, never clamped.
import { z } from 'zod/v4';

const isAbsent = (raw: unknown): boolean => raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');

/** Text; numbers and booleans are turned into text. `trim` for names, not for templates. */
export function text(options: { default?: string; trim?: boolean; max?: number } = {}) {
  const max = options.max ?? 100_000;
  return z.unknown().transform((raw, ctx): string => {
    if (raw === undefined || raw === null) return options.default ?? '';
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      ctx.addIssue({ code: 'custom', continue: false, message: 'must be text' });
      return z.NEVER;
    }
    const value = options.trim ? String(raw).trim() : String(raw);
    if (value.length > max) {
      ctx.addIssue({ code: 'custom', continue: false, message: `must be at most ${max} characters (got ${value.length})` });
      return z.NEVER;
    }
    return value === '' && options.default !== undefined ? options.default : value;
  });
}

/** Text that must be present and not blank. */
export function requiredText(what: string, options: { trim?: boolean; max?: number } = {}) {
  // A transform, not .refine: zod still runs refinements after a failed transform (on z.NEVER).
  return text(options).transform((value, ctx) => {
    if (value.trim() !== '') return value;
    ctx.addIssue({ code: 'custom', continue: false, message: `is required: ${what}` });
    return z.NEVER;
  });
}

interface NumberOptions<D> {
  min: number;
  max: number;
  default: D;
  integer?: boolean;
}

/** A number, from a number or text ("10", "0.4", "0,4"); absent or empty → default (may be undefined). */
export function numberFromText<D extends number | undefined>(options: NumberOptions<D>) {
  const range = `${options.integer ? 'a whole number' : 'a number'} from ${options.min} to ${options.max}`;
  return z.unknown().transform((raw, ctx): number | D => {
    if (isAbsent(raw)) return options.default;
    const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?(\d+([.,]\d*)?|[.,]\d+)\s*$/.test(raw) ? Number(raw.trim().replace(',', '.')) : NaN;
    if (!Number.isFinite(number)) {
      ctx.addIssue({ code: 'custom', continue: false, message: `must be ${range} (got ${describeValue(raw)})` });
      return z.NEVER;
    }
    if ((options.integer && !Number.isInteger(number)) || number < options.min || number > options.max) {
      ctx.addIssue({ code: 'custom', continue: false, message: `must be ${range} (got ${number})` });
      return z.NEVER;
    }
    return number;
  });
}

/** A boolean, from a boolean or the text "true"/"false"; absent or empty → default. */
export function booleanFromText(defaultValue: boolean) {
  return z.unknown().transform((raw, ctx): boolean => {
    if (isAbsent(raw)) return defaultValue;
    if (typeof raw === 'boolean') return raw;
    if (typeof raw === 'string' && /^\s*(true|false)\s*$/i.test(raw)) return raw.trim().toLowerCase() === 'true';
    ctx.addIssue({ code: 'custom', continue: false, message: `must be true or false (got ${describeValue(raw)})` });
    return z.NEVER;
  });
}

/** One of `values` (matched ignoring case, returned as written in `values`); absent → default. */
export function oneOf<const V extends readonly [string, ...string[]]>(values: V, defaultValue?: V[number]) {
  return z.unknown().transform((raw, ctx): V[number] => {
    if (isAbsent(raw)) {
      if (defaultValue !== undefined) return defaultValue;
      ctx.addIssue({ code: 'custom', continue: false, message: `is required; allowed values: ${values.join(', ')}` });
      return z.NEVER;
    }
    const found = typeof raw === 'string' ? values.find((v) => v.toLowerCase() === raw.trim().toLowerCase()) : undefined;
    if (found === undefined) {
      ctx.addIssue({ code: 'custom', continue: false, message: `must be one of ${values.join(', ')} (got ${describeValue(raw)})` });
      return z.NEVER;
    }
    return found;
  });
}

/**
 * A JSON value given as text (seed 001's `headers_json`) or already parsed (host forms), checked by
 * `schema`. Absent or empty text → undefined.
 */
export function jsonFromText<T extends z.ZodType>(schema: T, example: string) {
  return z
    .unknown()
    .transform((raw, ctx): unknown => {
      if (isAbsent(raw)) return undefined;
      if (typeof raw !== 'string') return raw;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        // JSON.parse's message quotes the text, which may hold a token (headers_json): never echo it.
        ctx.addIssue({ code: 'custom', continue: false, message: `must be JSON text, e.g. ${example}` });
        return z.NEVER;
      }
    })
    .pipe(schema.optional());
}

/** How a raw value is quoted in messages (short; values in block parameters are not secrets, but
 * stay cautious and never echo long text). */
export function describeValue(raw: unknown): string {
  if (typeof raw === 'string') return raw.length > 40 ? `text of ${raw.length} characters` : JSON.stringify(raw);
  if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return Array.isArray(raw) ? 'an array' : typeof raw === 'object' ? 'an object' : typeof raw;
}
