import { parseUrlCached } from '../../../src/http/parsed-url';

describe('parseUrlCached', () => {
  it('gives the same object for the same text, a new one for another text', () => {
    const a = parseUrlCached('https://api.example.com/orders');
    expect(parseUrlCached('https://api.example.com/orders')).toBe(a);
    expect(parseUrlCached('https://api.example.com/other').pathname).toBe('/other');
  });

  it('parses again when the object it gave was changed since', () => {
    const a = parseUrlCached('https://api.example.com/orders');
    a.hostname = '169.254.169.254';
    const b = parseUrlCached('https://api.example.com/orders');
    expect(b).not.toBe(a);
    expect(b.hostname).toBe('api.example.com');
  });

  it('throws as new URL does on text that is not a URL', () => {
    expect(() => parseUrlCached('not a url')).toThrow(/Invalid URL/);
  });
});
