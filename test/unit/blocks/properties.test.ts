// Property-based tests over the block schemas and variable coercion: any input, thousands of times,
// yields a Block or a RelaisError — never an untyped exception — and accepted values respect the
// ranges (nothing is clamped).
import fc from 'fast-check';
import { ACTION_DEFINITIONS, parseBlock } from '../../../src/blocks';
import { ACTION_TYPES } from '../../../src/blocks/fields';
import { RelaisError } from '../../../src/errors';
import { coerceValue, resolveVariables, VARIABLE_TYPES, variableDefinitionsSchema } from '../../../src/variables';

const RUNS = 2000;

/** Values as they arrive in blocks: text (often numeric-looking), numbers, booleans, JSON, junk. */
const rawValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', '10', '0', '61', '0.4', '1,5', '-1', 'true', 'false', 'GET', 'post', 'json', 'haute', '{}', '[]', '{"a":1}', 'null', 'NaN', '1e400'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

function expectOnlyRelaisErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof RelaisError)) throw error;
    expect(error.code).toMatch(/^(invalid_block|invalid_variable|missing_variable)$/);
  }
}

describe('block schema properties', () => {
  it.each([...ACTION_TYPES])('%s: random parameter values give a block or invalid_block', (actionType) => {
    const names = ACTION_DEFINITIONS[actionType].fields.map((f) => f.name);
    const parameters = fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })), rawValue, { maxKeys: 8 });
    fc.assert(
      fc.property(parameters, fc.boolean(), (params, declare) => {
        expectOnlyRelaisErrors(() => {
          const block = parseBlock({ id: 'b', type: 'action', data: { parameters: declare ? { ...params, action_type: actionType } : params } });
          const p = block.data.parameters as Record<string, unknown>;
          if (block.action_type === 'http_request') {
            expect(p.timeout_seconds).toBeGreaterThanOrEqual(1);
            expect(p.timeout_seconds).toBeLessThanOrEqual(60);
          }
          if (block.action_type === 'ai_reply') {
            expect(p.temperature).toBeGreaterThanOrEqual(0);
            expect(p.temperature).toBeLessThanOrEqual(1);
            expect(Number.isInteger(p.max_output_tokens) && (p.max_output_tokens as number) <= 2000).toBe(true);
          }
        });
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('any JSON value as a block gives a block or invalid_block', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.string(), fc.anything()), (value) => expectOnlyRelaisErrors(() => parseBlock(value))),
      { numRuns: RUNS },
    );
  });

  it('variable definitions: random ones parse or are invalid_block-ready zod issues', () => {
    const definition = fc.record(
      { name: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('order_number', 'contact', '__proto__', '1a')), type: fc.oneof(fc.constantFrom(...VARIABLE_TYPES), fc.string({ maxLength: 6 })), required: rawValue, default: rawValue, example: rawValue, description: rawValue },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(definition, { maxLength: 4 }), (definitions) => {
        expectOnlyRelaisErrors(() => parseBlock({ id: 'b', type: 'action', data: { parameters: { action_type: 'http_request', http_method: 'GET', url: 'https://a.example/x', variables: definitions } } }));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('coercion properties', () => {
  it('coerceValue never throws, and what it accepts has the declared JSON type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VARIABLE_TYPES), fc.oneof(rawValue, fc.anything()), (type, raw) => {
        const result = coerceValue(type, raw);
        if (!result.ok) return;
        const value = result.value;
        if (type === 'integer') expect(Number.isSafeInteger(value)).toBe(true);
        else if (type === 'float') expect(Number.isFinite(value)).toBe(true);
        else if (type === 'boolean') expect(typeof value).toBe('boolean');
        else expect(typeof value).toBe('string');
        if (type === 'phone') expect(value).toMatch(/^\+[1-9]\d{6,14}$/);
        if (type === 'email') expect(value).toMatch(/^[^@\s]+@[^@\s]+\.[^@\s]+$/);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('integers and floats round-trip through their text', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(coerceValue('integer', String(n))).toEqual({ ok: true, value: n });
        expect(coerceValue('float', String(n))).toEqual({ ok: true, value: n });
      }),
      { numRuns: RUNS },
    );
  });

  it('resolveVariables gives typed values or missing/invalid_variable errors', () => {
    const definitions = variableDefinitionsSchema.parse(VARIABLE_TYPES.map((type, i) => ({ name: `v${i}`, type, required: i % 2 === 0 })));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...definitions.map((d) => d.name)), fc.oneof(rawValue, fc.anything())), (raw) => {
        expectOnlyRelaisErrors(() => resolveVariables(definitions, raw));
      }),
      { numRuns: RUNS },
    );
  });
});
