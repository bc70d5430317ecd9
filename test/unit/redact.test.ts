import fc from 'fast-check';
import { createRedactor, redactDeep, redactHeaders, redactSerialisedValue, REDACTED } from '../../src/redact';

describe('createRedactor', () => {
  const redact = createRedactor(['s3cr3t-t0ken/+=', 'abc']);

  it('replaces every occurrence of a secret', () => {
    expect(redact('a s3cr3t-t0ken/+= b s3cr3t-t0ken/+=')).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it('replaces the URL-encoded, JSON-escaped and base64 forms', () => {
    expect(redact(`?token=${encodeURIComponent('s3cr3t-t0ken/+=')}`)).toBe(`?token=${REDACTED}`);
    expect(redact(Buffer.from('s3cr3t-t0ken/+=').toString('base64'))).toBe(REDACTED);
    const quoted = createRedactor(['pa"ss\\word']);
    expect(quoted(JSON.stringify({ p: 'pa"ss\\word' }))).toBe(`{"p":"${REDACTED}"}`);
  });

  it('ignores secrets shorter than 4 characters (documented)', () => {
    expect(redact('abc abcd')).toBe('abc abcd');
  });

  it('treats regular-expression characters in secrets literally', () => {
    const r = createRedactor(['a.b*c(d)']);
    expect(r('a.b*c(d) axbbbc(d)')).toBe(`${REDACTED} axbbbc(d)`);
  });

  it('takes a secret holding a lone surrogate (no URL-encoded form) without throwing', () => {
    const odd = 'key-\ud800-tail';
    expect(createRedactor([odd])(`x ${odd} y`)).toBe(`x ${REDACTED} y`);
  });

  it('is the identity without secrets', () => {
    expect(createRedactor([])('anything')).toBe('anything');
  });

  it('never hands one list of secrets the redactor built for another that joins to the same text', () => {
    // Redactors are kept by their secrets NUL-joined: ["ab\0cd"] and ["ab", "cd"] join alike.
    expect(createRedactor(['left-part\u0000right-part'])('left-part alone')).toBe('left-part alone');
    expect(createRedactor(['left-part', 'right-part'])('left-part alone')).toBe(`${REDACTED} alone`);
    // A number where a secret belongs (plain JavaScript callers) is skipped, never cached as its text.
    expect(createRedactor([12345678 as unknown as string])('12345678')).toBe('12345678');
    expect(createRedactor(['12345678'])('12345678')).toBe(REDACTED);
  });
});

describe('redactHeaders', () => {
  it('masks credential headers and redacts the others', () => {
    const redact = createRedactor(['tok-12345']);
    expect(
      redactHeaders(
        { Authorization: 'Bearer x', Cookie: 'a=b', 'X-API-Key': 'k', 'X-Auth-Token': 't', 'X-Client-Secret': 's', Accept: 'application/json', 'X-Trace': 'id tok-12345' },
        redact,
      ),
    ).toEqual({
      Authorization: REDACTED,
      Cookie: REDACTED,
      'X-API-Key': REDACTED,
      'X-Auth-Token': REDACTED,
      'X-Client-Secret': REDACTED,
      Accept: 'application/json',
      'X-Trace': `id ${REDACTED}`,
    });
  });
});

describe('redactDeep', () => {
  it('redacts strings anywhere in a JSON value without mutating it', () => {
    const redact = createRedactor(['hunter22']);
    const input = { a: ['x hunter22', 1, null, { hunter22: true, b: 'hunter22' }] };
    expect(redactDeep(input, redact)).toEqual({ a: [`x ${REDACTED}`, 1, null, { [REDACTED]: true, b: REDACTED }] });
    expect(input.a[0]).toBe('x hunter22');
  });

  it('redacts very deep values too', () => {
    const redact = createRedactor(['hunter22']);
    let deep: unknown = 'hunter22';
    for (let i = 0; i < 500; i++) deep = [deep];
    expect(JSON.stringify(redactDeep(deep, redact))).not.toContain('hunter22');
  });
});

describe('redaction properties', () => {
  it('no secret of 4+ characters survives, in any of its encoded forms, wherever it is placed', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 24 }), fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (secret, before, after) => {
        const redact = createRedactor([secret]);
        for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
          const out = redact(`${before}${form}${after}`);
          expect(out).not.toContain(form === secret ? secret : form);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('redactSerialisedValue (a request body whose JSON text is at hand)', () => {
  it('returns the very value when its JSON text holds no secret, and a redacted copy when it does', () => {
    const redact = createRedactor(['hunter22']);
    const clean = { a: ['x', 1, { b: 'y' }] };
    expect(redactSerialisedValue(clean, JSON.stringify(clean), redact)).toBe(clean);
    const dirty = { a: ['x hunter22', { hunter22: 'y' }] };
    expect(redactSerialisedValue(dirty, JSON.stringify(dirty), redact)).toEqual({ a: [`x ${REDACTED}`, { [REDACTED]: 'y' }] });
  });

  it('finds secrets that JSON escapes (quotes, backslashes, control characters) in keys and values', () => {
    for (const secret of ['pa"ss\\word', 'line\nbreak', 'tab\there', 'é-ünïcode-ß']) {
      const redact = createRedactor([secret]);
      for (const value of [{ k: `before ${secret} after` }, { [secret]: 1 }, [[`${secret}`]]]) {
        const out = redactSerialisedValue(value, JSON.stringify(value), redact);
        expect(JSON.stringify(out)).not.toContain(JSON.stringify(secret).slice(1, -1));
        expect(out).toEqual(redactDeep(value, redact));
      }
    }
  });

  it('gives exactly what redactDeep gives, for any JSON value and secret (including escaped and encoded forms)', () => {
    const secretArb = fc.oneof(fc.string({ minLength: 4, maxLength: 12 }), fc.string({ minLength: 4, maxLength: 12, unit: 'binary' }), fc.constantFrom('a"b\\c', 'x\u0001yz', 'pass word', '\ud83d\ude00key'));
    const valueWith = (secret: string) =>
      fc.letrec((tie) => ({
        text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')), fc.tuple(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 })).map(([a, b]) => `${a}${secret}${b}`)),
        value: fc.oneof({ depthSize: 'small' }, tie('text'), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(tie('text') as fc.Arbitrary<string>, tie('value'), { maxKeys: 4 })),
      })).value;
    fc.assert(
      fc.property(secretArb.chain((secret) => fc.tuple(fc.constant(secret), valueWith(secret))), ([secret, value]) => {
        const redact = createRedactor([secret]);
        const expected = redactDeep(value, redact);
        const actual = redactSerialisedValue(value, JSON.stringify(value), redact);
        expect(actual).toEqual(expected);
        if (expected === value) expect(actual).toBe(value);
      }),
      { numRuns: 1500 },
    );
  });
});
