// Coercion of raw values to each variable type, and the required/default/invalid rules.
import { RelaisError } from '../../../src/errors';
import { coerceValue, normalisePhone, resolveVariables, type VariableDefinition } from '../../../src/variables';

const ok = (type: Parameters<typeof coerceValue>[0], raw: unknown) => {
  const result = coerceValue(type, raw);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(raw)} to be a ${type}`);
  return result.value;
};
const refused = (type: Parameters<typeof coerceValue>[0], raw: unknown) => coerceValue(type, raw).ok === false;

describe('coerceValue', () => {
  it('integer', () => {
    expect(ok('integer', '42')).toBe(42);
    expect(ok('integer', ' -7 ')).toBe(-7);
    expect(ok('integer', '42.0')).toBe(42);
    expect(ok('integer', 42)).toBe(42);
    for (const bad of ['4.2', '1e3', '0x10', '', 'abc', 4.5, '99999999999999999999', true, null, {}]) expect(refused('integer', bad)).toBe(true);
  });

  it('float, with a French decimal comma', () => {
    expect(ok('float', '3.5')).toBe(3.5);
    expect(ok('float', '3,5')).toBe(3.5);
    expect(ok('float', '-0.25')).toBe(-0.25);
    expect(ok('float', '1e3')).toBe(1000);
    expect(ok('float', 2)).toBe(2);
    for (const bad of ['1,234.5', '1 234', '3,5,1', 'NaN', 'Infinity', '', Infinity, '1e999']) expect(refused('float', bad)).toBe(true);
  });

  it('boolean in English and French', () => {
    for (const yes of ['true', 'TRUE', 'yes', 'oui', 'vrai', '1', 'on', true, 1]) expect(ok('boolean', yes)).toBe(true);
    for (const no of ['false', 'no', 'Non', 'faux', '0', 'off', false, 0]) expect(ok('boolean', no)).toBe(false);
    for (const bad of ['maybe', '', 2, null]) expect(refused('boolean', bad)).toBe(true);
  });

  it('date: ISO 8601 calendar dates and date-times that exist', () => {
    for (const good of ['2026-11-21', '2026-11-21T17:30:00Z', '2026-11-21T17:30:00.123+01:00', '2024-02-29', '2026-11-21T17:30']) expect(ok('date', good)).toBe(good);
    for (const bad of ['2026-02-30', '2025-02-29', '21/11/2026', '2026-13-01', '2026-11-21T25:00:00Z', 'tomorrow', '']) expect(refused('date', bad)).toBe(true);
  });

  it('email: trimmed, domain lower-cased', () => {
    expect(ok('email', '  Jean.Dupont@Exemple.FR ')).toBe('Jean.Dupont@exemple.fr');
    for (const bad of ['jean', 'jean@', '@exemple.fr', 'jean@exemple', 'a b@c.fr', 'a@b@c.fr', 'x@-bad.fr']) expect(refused('email', bad)).toBe(true);
  });

  it('phone: E.164, French national numbers normalised', () => {
    expect(ok('phone', '06 12 34 56 78')).toBe('+33612345678');
    expect(ok('phone', '06.12.34.56.78')).toBe('+33612345678');
    expect(ok('phone', '+33 (0)6 12 34 56 78')).toBe('+33612345678');
    expect(ok('phone', '0033 6 12 34 56 78')).toBe('+33612345678');
    expect(ok('phone', '+1 (415) 555-0100')).toBe('+14155550100');
    for (const bad of ['12345', '+0 123 456 789', '+123456789012345678', 'call me', '6 12 34 56 78']) expect(refused('phone', bad)).toBe(true);
    expect(normalisePhone('01 23 45 67 89')).toBe('+33123456789');
  });

  it('string: text, numbers and booleans as text; objects refused', () => {
    expect(ok('string', 'ORD-12345')).toBe('ORD-12345');
    expect(ok('string', 12345)).toBe('12345');
    expect(refused('string', { a: 1 })).toBe(true);
    expect(refused('string', ['a'])).toBe(true);
  });
});

const defs: VariableDefinition[] = [
  { name: 'order_number', type: 'string', description: "Customer's order number", example: 'ORD-12345', required: true },
  { name: 'quantity', type: 'integer', description: 'How many', example: '3', required: false, default: 1 },
  { name: 'email', type: 'email', description: 'Contact email', required: false, default: 'not-provided@example.com' },
  { name: 'note', type: 'string', description: '', required: false },
];

describe('resolveVariables', () => {
  it('coerces, applies defaults and leaves optional ones without default null', () => {
    const { values, ignored } = resolveVariables(defs, { order_number: 'ORD-1', quantity: '4', extra: 'x' });
    expect({ ...values }).toEqual({ order_number: 'ORD-1', quantity: 4, email: 'not-provided@example.com', note: null });
    expect(ignored).toEqual(['extra']);
  });

  it('a missing required variable is missing_variable naming it and its description', () => {
    for (const raw of [{}, { order_number: '' }, { order_number: '   ' }, { order_number: null }, undefined]) {
      try {
        resolveVariables(defs, raw);
        throw new Error('expected missing_variable');
      } catch (error) {
        expect(error).toBeInstanceOf(RelaisError);
        expect((error as RelaisError).code).toBe('missing_variable');
        expect((error as RelaisError).message).toBe("The variable order_number is required: Customer's order number (example: ORD-12345).");
        expect((error as RelaisError).issues[0].path).toBe('variables.order_number');
      }
    }
  });

  it('a bad value is invalid_variable naming the variable, the type and the example', () => {
    expect(() => resolveVariables(defs, { order_number: 'A', quantity: 'three' })).toThrow(
      expect.objectContaining({ code: 'invalid_variable', message: expect.stringMatching(/^The variable quantity must be a whole number such as 42 \(example: 3\)/) }),
    );
  });

  it('does not read inherited properties as values', () => {
    const raw = Object.create({ order_number: 'inherited' }) as Record<string, unknown>;
    expect(() => resolveVariables(defs, raw)).toThrow(expect.objectContaining({ code: 'missing_variable' }));
  });

  it('passes undeclared plain values through when the block declares none', () => {
    const { values, ignored } = resolveVariables([], { order_number: 'ORD-9', n: 3, ok: true, nested: { a: 1 }, 'bad name': 'x', contact: 'x' });
    expect({ ...values }).toEqual({ order_number: 'ORD-9', n: 3, ok: true });
    expect(ignored.sort()).toEqual(['bad name', 'contact', 'nested']);
  });
});
