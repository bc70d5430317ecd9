// runtime.credentialPart: what a credential adds to a request (its headers, its secrets, their redactor),
// built once per credential value — by value, not by object: a resolver handing a fresh object per call
// gets the same part, a credential changed in place gets a new one. A value that cannot be sent is
// refused each time (failures are not kept).
import type { Credential } from '../../../src/credentials';
import { createRuntime } from '../../../src/runtime';

describe('runtime.credentialPart', () => {
  it('is the same frozen part for equal credential values, a new one when a value changes', () => {
    const runtime = createRuntime();
    const part = runtime.credentialPart({ type: 'bearer', token: 'tok-part-0123456789' });
    expect(Object.isFrozen(part)).toBe(true);
    expect(Object.isFrozen(part.headers)).toBe(true);
    expect(part.headers).toEqual({ Authorization: 'Bearer tok-part-0123456789' });
    expect(part.secrets).toEqual(['tok-part-0123456789']);
    expect(part.redact('x tok-part-0123456789 y')).toBe('x [redacted] y');
    expect(runtime.credentialPart({ type: 'bearer', token: 'tok-part-0123456789' })).toBe(part);
    const changing: Credential = { type: 'bearer', token: 'tok-part-0123456789' };
    expect(runtime.credentialPart(changing)).toBe(part);
    (changing as { token: string }).token = 'tok-part-9876543210';
    const changed = runtime.credentialPart(changing);
    expect(changed.headers).toEqual({ Authorization: 'Bearer tok-part-9876543210' });
    expect(changed.redact('tok-part-9876543210')).toBe('[redacted]');
  });

  it('applies an access token as part of the value, and has no header for body and query credentials', () => {
    const runtime = createRuntime();
    const oauth = { type: 'oauth2_client_credentials', token_url: 'https://auth.example.com/token', client_id: 'c', client_secret: 'client-secret-4455' } as Credential;
    const first = runtime.credentialPart(oauth, 'access-token-aaaa1111');
    const second = runtime.credentialPart(oauth, 'access-token-bbbb2222');
    expect(first.headers).toEqual({ Authorization: 'Bearer access-token-aaaa1111' });
    expect(second.headers).toEqual({ Authorization: 'Bearer access-token-bbbb2222' });
    expect(second.secrets).toContain('client-secret-4455');
    expect(runtime.credentialPart(oauth, 'access-token-aaaa1111')).toBe(first);
    expect(runtime.credentialPart({ type: 'query', name: 'api_key', value: 'query-secret-7788' }).headers).toEqual({});
    expect(runtime.credentialPart({ type: 'body', name: 'api_key', value: 'body-secret-7788' }).secrets).toEqual(['body-secret-7788']);
    expect(runtime.credentialPart(undefined).headers).toEqual({});
  });

  it('refuses a value that cannot be sent, every time, without quoting it', () => {
    const runtime = createRuntime();
    for (let call = 0; call < 2; call++) {
      expect(() => runtime.credentialPart({ type: 'bearer', token: 'tok-line\nbreak-secret' })).toThrow(/line break/);
      try {
        runtime.credentialPart({ type: 'bearer', token: 'tok-line\nbreak-secret' });
      } catch (error) {
        expect(JSON.stringify(error)).not.toContain('break-secret');
      }
    }
  });
});
