// runtime.credentialPart: what a credential adds to a request (its headers, its secrets, their redactor),
// built once per credential value — by value, not by object: a resolver handing a fresh object per call
// gets the same part, a credential changed in place gets a new one. A value that cannot be sent is
// refused each time (failures are not kept).
import fc from 'fast-check';
import { buildCredentialPart, sameJsonValue, type CredentialPart } from '../../../src/credential-part';
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

describe('runtime.credentialPart, looked up by object while its value stays the same', () => {
  it('does not serialise the same unchanged credential again, and sees every in-place change', () => {
    const runtime = createRuntime();
    const credential = { type: 'header', name: 'X-Api-Key', value: 'key-part-0123456789', allowed_hosts: ['api.example.com'] } as Credential & { allowed_hosts: string[] };
    const first = runtime.credentialPart(credential);
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      expect(runtime.credentialPart(credential)).toBe(first);
      expect(stringify).not.toHaveBeenCalled();
      // Nested and top-level changes, in place: each is seen at the next lookup.
      credential.allowed_hosts.push('other.example.com');
      const moved = runtime.credentialPart(credential); // a new value (its text names both hosts): looked up by that text
      expect(stringify).toHaveBeenCalled();
      expect(moved.headers).toEqual(first.headers);
      stringify.mockClear();
      expect(runtime.credentialPart(credential)).toBe(moved);
      expect(stringify).not.toHaveBeenCalled();
      (credential as { name: string }).name = 'X-Other-Key';
      expect(runtime.credentialPart(credential).headers).toEqual({ 'X-Other-Key': 'key-part-0123456789' });
      (credential as { name: string }).name = 'X-Api-Key';
      expect(runtime.credentialPart(credential)).toBe(moved);
    } finally {
      stringify.mockRestore();
    }
  });

  it('gives the part of the current value after any sequence of in-place changes (property)', () => {
    // A credential object changed in place between lookups (fields set, deleted, set to values JSON
    // drops or changes, nested arrays and objects edited): each lookup returns the part built from its
    // current JSON text, as a fresh copy of it would get.
    const field = fc.constantFrom('token', 'name', 'value', 'allowed_hosts', 'tls', 'headers', 'extra');
    const value = fc.oneof(
      fc.constantFrom('tok-prop-0123456789', 'tok-prop-9876543210', 'X-Api-Key', 'X-Key-Two'),
      fc.constantFrom(undefined, null, Number.NaN, 0, -0, 1),
      fc.array(fc.constantFrom('a.example.com', 'b.example.com'), { maxLength: 2 }),
      fc.record({ ca: fc.constantFrom('ca-one', 'ca-two') }),
      fc.dictionary(fc.constantFrom('X-One', 'X-Two'), fc.constantFrom('hdr-value-0123456789', 'hdr-value-9876543210')),
    );
    const change = fc.oneof(
      fc.record({ op: fc.constant('set' as const), field, value }),
      fc.record({ op: fc.constant('delete' as const), field }),
      fc.record({ op: fc.constant('push' as const), host: fc.constantFrom('a.example.com', 'c.example.com') }),
      fc.record({ op: fc.constant('type' as const), type: fc.constantFrom('bearer', 'header', 'headers') }),
      fc.record({ op: fc.constant('header' as const), name: fc.constantFrom('X-One', 'X-Two'), value: fc.constantFrom('hdr-value-0123456789', 'hdr-value-9876543210', undefined) }),
    );
    fc.assert(
      fc.property(fc.array(change, { maxLength: 8 }), (changes) => {
        const runtime = createRuntime();
        const credential: Record<string, unknown> = { type: 'bearer', token: 'tok-prop-0123456789', name: 'X-Api-Key', value: 'tok-prop-0123456789', allowed_hosts: ['a.example.com'], headers: { 'X-One': 'hdr-value-0123456789' } };
        const outcome = (read: () => CredentialPart) => {
          try {
            const part = read();
            return { headers: part.headers, secrets: part.secrets };
          } catch (error) {
            return { error: (error as Error).message };
          }
        };
        for (const step of [undefined, ...changes]) {
          if (step?.op === 'set') credential[step.field] = step.value;
          if (step?.op === 'delete') delete credential[step.field];
          if (step?.op === 'push' && Array.isArray(credential.allowed_hosts)) (credential.allowed_hosts as string[]).push(step.host);
          if (step?.op === 'type') credential.type = step.type;
          if (step?.op === 'header' && typeof credential.headers === 'object' && credential.headers !== null) {
            if (step.value === undefined) delete (credential.headers as Record<string, unknown>)[step.name];
            else (credential.headers as Record<string, unknown>)[step.name] = step.value;
          }
          const expected = outcome(() => buildCredentialPart(JSON.parse(JSON.stringify(credential)) as Credential));
          expect(outcome(() => runtime.credentialPart(credential as unknown as Credential))).toEqual(expected);
          expect(outcome(() => runtime.credentialPart(credential as unknown as Credential))).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is not fooled by values JSON changes or drops (toJSON, class instances)', () => {
    const runtime = createRuntime();
    let token = 'tok-json-0123456789';
    const withToJson = { type: 'bearer', token: 'ignored-value', toJSON: () => ({ type: 'bearer', token }) } as unknown as Credential;
    expect(runtime.credentialPart(withToJson).headers).toEqual({ Authorization: 'Bearer tok-json-0123456789' });
    token = 'tok-json-9876543210';
    expect(runtime.credentialPart(withToJson).headers).toEqual({ Authorization: 'Bearer tok-json-9876543210' });
  });

  /** JSON text with object keys sorted. */
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_key, node: unknown) =>
      typeof node === 'object' && node !== null && !Array.isArray(node) ? Object.fromEntries(Object.entries(node).sort(([a], [b]) => (a < b ? -1 : 1))) : node,
    );

  it('sameJsonValue: true exactly when the current value serialises as the copy did (property)', () => {
    // Any JSON value, its copy made as the runtime makes it, then changed in place or not: equal only when
    // the texts are equal (never a false "same"), and always equal when nothing changed.
    const edit = fc.oneof(fc.constant(undefined), fc.jsonValue(), fc.constantFrom(Number.NaN, undefined, -0, Infinity));
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.tuple(fc.nat(), edit), { maxLength: 4 }), (original, edits) => {
        const text = JSON.stringify(original);
        const copy: unknown = JSON.parse(text);
        const current: unknown = JSON.parse(text);
        expect(sameJsonValue(current, copy)).toBe(true);
        // Walk to a container inside `current` and change one of its entries.
        for (const [at, value] of edits) {
          const containers: Array<Record<string, unknown> | unknown[]> = [];
          const collect = (node: unknown) => {
            if (typeof node !== 'object' || node === null) return;
            containers.push(node as Record<string, unknown>);
            for (const child of Object.values(node)) collect(child);
          };
          collect(current);
          if (containers.length === 0) continue;
          const target = containers[at % containers.length];
          const keys = Object.keys(target);
          if (Array.isArray(target)) target[keys.length === 0 ? 0 : at % (target.length + 1)] = value;
          else if (keys.length > 0 && at % 3 === 0) delete target[keys[at % keys.length]];
          else target[keys.length > 0 && at % 2 === 0 ? keys[at % keys.length] : `k${at % 5}`] = value;
        }
        // Key order aside (a part reads fields by name): the same text.
        if (sameJsonValue(current, copy)) expect(canonical(current)).toBe(canonical(copy));
      }),
      { numRuns: 1000 },
    );
  });
});
