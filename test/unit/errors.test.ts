import { codeForStatus, ERROR_CODES, FALLBACK_LINES, RelaisError } from '../../src/errors';

describe('RelaisError', () => {
  it('maps HTTP statuses to the contract codes', () => {
    expect([401, 403, 404, 409, 422, 429, 400, 418, 500, 503].map(codeForStatus)).toEqual([
      'http_401',
      'http_403',
      'http_404',
      'http_409',
      'http_422',
      'http_429',
      'http_4xx',
      'http_4xx',
      'http_5xx',
      'http_5xx',
    ]);
  });

  it('has a fallback line in English and French for every code', () => {
    for (const code of ERROR_CODES) {
      expect(FALLBACK_LINES[code].en.length).toBeGreaterThan(10);
      expect(FALLBACK_LINES[code].fr.length).toBeGreaterThan(10);
    }
  });

  it('serialises without its cause and caps the body at 2000 characters', () => {
    const error = new RelaisError('http_404', 'Not found: check the order number.', {
      status: 404,
      body: 'x'.repeat(5000),
      cause: new Error('secret-token-123'),
    });
    const json = JSON.stringify(error);
    expect(json).not.toContain('secret-token-123');
    expect(error.toJSON().body).toHaveLength(2000);
    expect(error.fallback).toBe(FALLBACK_LINES.http_404.en);
    expect(error).toBeInstanceOf(Error);
  });
});
