import { RelaisError } from '../../../src/errors';
import { applyCredential } from '../../../src/http/auth';

const base = { headers: { Accept: 'application/json', authorization: 'old' }, body: undefined as unknown };

describe('applyCredential', () => {
  it('passes the request through without a credential', () => {
    expect(applyCredential(undefined, { headers: { A: '1' }, body: { x: 1 } })).toEqual({ headers: { A: '1' }, body: { x: 1 }, secrets: [] });
  });

  it('bearer sets Authorization (replacing any case) and reports the token as secret', () => {
    const out = applyCredential({ type: 'bearer', token: 'tok-123456' }, base);
    expect(out.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer tok-123456' });
    expect(out.secrets).toContain('tok-123456');
  });

  it('basic encodes user:password', () => {
    const out = applyCredential({ type: 'basic', username: 'ann', password: 'pw-secret' }, base);
    expect(out.headers.Authorization).toBe(`Basic ${Buffer.from('ann:pw-secret').toString('base64')}`);
    expect(out.secrets).toEqual(expect.arrayContaining(['pw-secret', Buffer.from('ann:pw-secret').toString('base64')]));
  });

  it('basic refuses a username with ":"', () => {
    expect(() => applyCredential({ type: 'basic', username: 'a:b', password: 'x' }, base)).toThrow(RelaisError);
  });

  it('header sets the named header', () => {
    const out = applyCredential({ type: 'header', name: 'X-API-Key', value: 'k-987654' }, base);
    expect(out.headers['X-API-Key']).toBe('k-987654');
  });

  it('header refuses a name that is not an HTTP token and a value with CR/LF, without quoting the value', () => {
    expect(() => applyCredential({ type: 'header', name: 'X Bad', value: 'v' }, base)).toThrow(/not a valid HTTP header name/);
    try {
      applyCredential({ type: 'header', name: 'X-Key', value: 'secret\r\nX-Evil: 1' }, base);
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(RelaisError);
      expect((error as RelaisError).code).toBe('invalid_block');
      expect((error as RelaisError).message).not.toContain('secret');
    }
  });

  it('body merges into a JSON object body; the credential wins over a body key of the same name', () => {
    const cred = { type: 'body' as const, name: 'api_key', value: 'b-secret' };
    expect(applyCredential(cred, { headers: {}, body: { q: 1, api_key: 'model-chosen' } }).body).toEqual({ api_key: 'b-secret', q: 1 });
    expect(applyCredential(cred, { headers: {}, body: undefined }).body).toEqual({ api_key: 'b-secret' });
  });

  it('body refuses a non-object body with invalid_block', () => {
    const cred = { type: 'body' as const, name: 'api_key', value: 'b-secret' };
    for (const body of ['text', [1, 2], 42]) {
      expect(() => applyCredential(cred, { headers: {}, body })).toThrow(/JSON object body/);
    }
  });
});
