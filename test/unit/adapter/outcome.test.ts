import { FALLBACK_LINES, RelaisError } from '../../../src/errors';
import { describeUnexpected, hostError, outputFromResult, toRelaisError } from '../../../src/adapter/outcome';
import { leakIn, SECRET, SPELLINGS } from '../../support/echoed-secret';

describe('outcome shaping', () => {
  it('puts the result data on payload and the meta on relais', () => {
    const meta = { action_type: 'http_request' as const, status: 200, duration_ms: 12, truncated: false };
    expect(outputFromResult({ ok: true, data: { a: 1 }, meta })).toEqual({ payload: { a: 1 }, relais: meta });
  });

  it('keeps a RelaisError as it is and shapes it as {code, status, message, fallback, issues}', () => {
    const error = new RelaisError('http_404', 'Not found at /orders/A-1', { status: 404 });
    expect(toRelaisError(error, 'connect_failed')).toBe(error);
    expect(hostError(error)).toEqual({ code: 'http_404', status: 404, message: 'Not found at /orders/A-1', fallback: FALLBACK_LINES.http_404.en });
    const invalid = new RelaisError('invalid_block', 'bad', { issues: [{ path: 'data.parameters.url', message: 'required' }] });
    expect(hostError(invalid).issues).toEqual([{ path: 'data.parameters.url', message: 'required' }]);
  });

  it('gives the French fallback line when asked, unless the error carries its own', () => {
    expect(hostError(new RelaisError('timeout', 't'), 'fr').fallback).toBe(FALLBACK_LINES.timeout.fr);
    expect(hostError(new RelaisError('timeout', 't', { fallback: 'Custom.' }), 'fr').fallback).toBe('Custom.');
  });

  it('turns an unexpected error into a generic one that does not repeat its text', () => {
    const leaky = new TypeError('cannot read https://user:hunter2@crm.test/x');
    const safe = toRelaisError(leaky, 'store_error', 'the sales task');
    expect(safe).toBeInstanceOf(RelaisError);
    expect(safe.code).toBe('store_error');
    expect(safe.message).toContain('the sales task');
    expect(JSON.stringify(hostError(safe))).not.toContain('hunter2');
    expect(toRelaisError('a string', 'ai_error').code).toBe('ai_error');
  });

  it('redacts known secrets from the log line of an unexpected error', () => {
    expect(describeUnexpected(new TypeError('token hunter2 refused'), ['hunter2'])).toBe('TypeError: token [redacted] refused');
    expect(describeUnexpected(42, [])).toBe('number: 42');
  });

  it('uses the one redactor for that log line: every spelling a secret was echoed in (issue 14)', () => {
    for (const spelling of Object.values(SPELLINGS)) {
      const line = describeUnexpected(new Error(`upstream said {"token": "${spelling}"}`), [SECRET]);
      expect({ spelling, leak: leakIn(line) }).toEqual({ spelling, leak: undefined });
    }
  });
});
