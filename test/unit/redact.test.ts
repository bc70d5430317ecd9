import fc from 'fast-check';
import { createRedactor, redactDeep, redactHeaders, REDACTED } from '../../src/redact';

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

  it('is the identity without secrets', () => {
    expect(createRedactor([])('anything')).toBe('anything');
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
