import { createRedactor } from '../../../src/redact';
import { decodeBody, errorForResponse } from '../../../src/http/response';
import { htmlToText } from '../../../src/http/html';
import type { HttpResponse } from '../../../src/http/types';

function response(status: number, body: string | Buffer, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body: Buffer.isBuffer(body) ? body : Buffer.from(body), url: 'https://api.company.com/orders/1?k=v', duration_ms: 1, attempts: 1, redirects: 0 };
}
const none = createRedactor([]);

describe('errorForResponse', () => {
  it('builds a model-safe message, code, fallback and body', () => {
    const error = errorForResponse(response(404, '{"message":"Order not found"}', { 'content-type': 'application/json' }), none);
    expect(error.code).toBe('http_404');
    expect(error.status).toBe(404);
    expect(error.message).toBe('HTTP 404 Not Found from api.company.com: the resource does not exist — check the identifiers sent. The service said: "Order not found"');
    expect(error.fallback).toBe("I don't see a record matching that.");
    expect(error.body).toBe('{"message":"Order not found"}');
  });

  it('maps statuses to codes', () => {
    const codes = [401, 403, 409, 422, 429, 418, 500, 503].map((s) => errorForResponse(response(s, ''), none).code);
    expect(codes).toEqual(['http_401', 'http_403', 'http_409', 'http_422', 'http_429', 'http_4xx', 'http_5xx', 'http_5xx']);
  });

  it('keeps at most 2000 redacted characters of the body and never the secret', () => {
    const secret = 'sk-live-abcdef';
    const error = errorForResponse(response(500, `{"error":{"message":"bad key ${secret}"},"pad":"${'x'.repeat(5000)}"}`), createRedactor([secret]));
    expect(error.body?.length).toBe(2000);
    expect(JSON.stringify(error.toJSON())).not.toContain(secret);
    expect(error.message).toContain('bad key [redacted]');
  });

  it('mentions Retry-After on 429', () => {
    expect(errorForResponse(response(429, '', { 'retry-after': '30' }), none).message).toContain('Retry-After: 30');
  });
});

describe('decodeBody', () => {
  it('parses JSON by content-type and redacts it', () => {
    const out = decodeBody(response(200, '{"token":"tok-secret1","n":1}', { 'content-type': 'application/vnd.api+json; charset=utf-8' }), { expectJson: false, htmlToText: true }, createRedactor(['tok-secret1']));
    expect(out).toEqual({ data: { token: '[redacted]', n: 1 }, warnings: [] });
  });

  it('parses JSON when expected even without a content-type', () => {
    expect(decodeBody(response(200, '[1,2]', { 'content-type': 'text/plain' }), { expectJson: true, htmlToText: true }, none).data).toEqual([1, 2]);
  });

  it('keeps malformed JSON as text with an invalid_json warning, never {}', () => {
    const out = decodeBody(response(200, '{"a":', { 'content-type': 'application/json' }), { expectJson: false, htmlToText: true }, none);
    expect(out).toEqual({ data: '{"a":', warnings: ['invalid_json'] });
  });

  it('reduces HTML to text when asked, and keeps it otherwise', () => {
    const html = '<html><head><title>Status</title><style>p{color:red}</style></head><body><script>alert(1)</script><p>Order &amp; co&#233;</p><p>shipped&nbsp;today</p></body></html>';
    expect(decodeBody(response(200, html, { 'content-type': 'text/html' }), { expectJson: false, htmlToText: true }, none).data).toBe('Status\nOrder & coé\nshipped today');
    expect(decodeBody(response(200, html, { 'content-type': 'text/html' }), { expectJson: false, htmlToText: false }, none).data).toBe(html);
  });

  it('an HTML error page where JSON was expected is text plus invalid_json', () => {
    const out = decodeBody(response(200, '<h1>Bad gateway</h1>', { 'content-type': 'text/html' }), { expectJson: true, htmlToText: true }, none);
    expect(out).toEqual({ data: 'Bad gateway', warnings: ['invalid_json'] });
  });

  it('decodes declared charsets, strips a BOM, and describes binary bodies', () => {
    expect(decodeBody(response(200, Buffer.from([0x63, 0x61, 0x66, 0xe9]), { 'content-type': 'text/plain; charset=iso-8859-1' }), { expectJson: false, htmlToText: true }, none).data).toBe('café');
    expect(decodeBody(response(200, '\ufeff{"a":1}', { 'content-type': 'application/json' }), { expectJson: false, htmlToText: true }, none).data).toEqual({ a: 1 });
    expect(decodeBody(response(200, Buffer.from([1, 2, 3]), { 'content-type': 'image/png' }), { expectJson: true, htmlToText: true }, none)).toEqual({ data: '[binary image/png body, 3 bytes]', warnings: ['binary_body'] });
  });

  it('an empty body is null', () => {
    expect(decodeBody(response(204, ''), { expectJson: true, htmlToText: true }, none)).toEqual({ data: null, warnings: [] });
  });
});

describe('htmlToText', () => {
  it('handles comments, unclosed scripts, lone "<" and entities in linear time', () => {
    expect(htmlToText('a < b <!-- hidden --> c &lt;d&gt; &unknown;')).toBe('a < b c <d> &unknown;');
    expect(htmlToText('text<script>never closed')).toBe('text');
    const hostile = '<script>'.repeat(100_000);
    const started = Date.now();
    htmlToText(hostile);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
