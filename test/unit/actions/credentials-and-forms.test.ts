// Query and headers credentials, credentials bound to hosts (allowed_hosts), and form / multipart bodies,
// end to end through executeBlock against real node:http servers on 127.0.0.1. The multipart body is
// read back by undici's own FormData parser (Response.formData, the WHATWG Fetch standard's), the
// urlencoded one by URLSearchParams (the WHATWG URL standard's parser).
import { executeBlock, previewBlock } from '../../../src/actions';
import { parseBlock } from '../../../src/blocks';
import type { Credential } from '../../../src/credentials';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { relaisRejection } from '../../support/rejection';
import { startTestServer, type TestServer } from '../../support/servers';

const QUERY_KEY = 'query-key-7c1e9a3f5b';
const HEADER_ID = 'client-id-2b4d6f8a0c';
const HEADER_KEY = 'header-key-9d7b5f3a1e';
const BOUND_TOKEN = 'bound-token-4f6a8c0e2b';
const FORM_KEY = 'form-key-1a3c5e7b9d';

let a: TestServer;
let b: TestServer;
let runtime: Runtime;

beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer();
  const credentials: Record<string, Credential> = {
    query: { type: 'query', name: 'api_key', value: QUERY_KEY },
    headers: { type: 'headers', headers: { 'X-Client-Id': HEADER_ID, 'X-Api-Key': HEADER_KEY } },
    bound: { type: 'bearer', token: BOUND_TOKEN, allowed_hosts: [`127.0.0.1:${a.port}`] },
    form: { type: 'body', name: 'api_key', value: FORM_KEY },
  };
  runtime = createRuntime({ credentials, network: { allowed_hosts: ['127.0.0.1'] } });
});

afterAll(async () => {
  await runtime.close();
  await a.close();
  await b.close();
});

function block(parameters: Record<string, unknown>) {
  return parseBlock({ id: 'call', type: 'action', data: { label: 'Call', parameters: { action_type: 'http_request', http_method: 'GET', allow_http: 'true', ...parameters } } });
}

function assertNoSecret(value: unknown): void {
  const text = JSON.stringify(value);
  for (const secret of [QUERY_KEY, HEADER_ID, HEADER_KEY, BOUND_TOKEN, FORM_KEY]) expect(text).not.toContain(secret);
}

describe('query and headers credentials', () => {
  it('puts the key in the query, replacing a parameter of the same name, and redacts it', async () => {
    const result = await executeBlock(block({ url: `${a.origin}/echo?api_key=from-template&x=1`, credential: 'query' }), { variables: {} }, runtime);
    const seen = new URL(a.requests[a.requests.length - 1].url, a.origin);
    expect(seen.searchParams.getAll('api_key')).toEqual([QUERY_KEY]);
    expect(seen.searchParams.get('x')).toBe('1');
    expect(result.meta.request?.url).toContain('api_key=[redacted]');
    assertNoSecret(result);
  });

  it('sends every header of a headers credential and masks them', async () => {
    const result = await executeBlock(block({ url: `${a.origin}/echo`, credential: 'headers', headers_json: '{"X-Api-Key": "written-in-block"}' }), { variables: {} }, runtime);
    const headers = a.requests[a.requests.length - 1].headers;
    expect(headers['x-client-id']).toBe(HEADER_ID);
    expect(headers['x-api-key']).toBe(HEADER_KEY);
    assertNoSecret(result);
  });
});

describe('a credential bound to hosts (allowed_hosts)', () => {
  it('is sent to its host', async () => {
    await executeBlock(block({ url: `${a.origin}/json`, credential: 'bound' }), { variables: {} }, runtime);
    expect(a.requests[a.requests.length - 1].headers.authorization).toBe(`Bearer ${BOUND_TOKEN}`);
  });

  it('never reaches another host: refused before anything is sent (B sees no request), preview too', async () => {
    const before = b.requests.length;
    const error = await relaisRejection(executeBlock(block({ url: `${b.origin}/json`, credential: 'bound' }), { variables: {} }, runtime));
    expect(error.code).toBe('blocked_url');
    expect(error.issues[0].path).toBe('credential.allowed_hosts');
    expect((await relaisRejection(previewBlock(block({ url: `${b.origin}/json`, credential: 'bound' }), { variables: {} }, runtime))).code).toBe('blocked_url');
    expect(b.requests.length).toBe(before);
    assertNoSecret(error.toJSON());
  });

  it('a redirect from its host to another one that would carry the secret is refused before it is sent', async () => {
    const before = b.requests.length;
    // The server echoes the token into the Location's query: the hop to B would carry it.
    const to = encodeURIComponent(`${b.origin}/json?leak=${BOUND_TOKEN}`);
    const error = await relaisRejection(executeBlock(block({ url: `${a.origin}/redirect?to=${to}`, credential: 'bound' }), { variables: {} }, runtime));
    expect(error.code).toBe('blocked_url');
    expect(b.requests.length).toBe(before);
    assertNoSecret(error.toJSON());
  });

  it('a redirect to another host without the secret is followed (the credential stays behind)', async () => {
    const before = b.requests.length;
    await executeBlock(block({ url: `${a.origin}/redirect?to=${encodeURIComponent(`${b.origin}/json`)}`, credential: 'bound' }), { variables: {} }, runtime);
    expect(b.requests.length).toBe(before + 1);
    expect(b.requests[b.requests.length - 1].headers.authorization).toBeUndefined();
  });
});

describe('form and multipart bodies', () => {
  const variables = [
    { name: 'name', type: 'string', required: true },
    { name: 'count', type: 'integer', required: true },
    { name: 'vip', type: 'boolean', required: true },
  ];
  const body_json = '{"name": "{{name}}", "count": "{{count}}", "vip": "{{vip}}", "tags": ["a", "b"], "note": null}';
  const injection = { name: 'a&b=c', count: '3', vip: 'oui' };

  it('form: a model-filled "a&b=c" arrives as one field; typed values as text; the credential as a field', async () => {
    const result = await executeBlock(block({ http_method: 'POST', url: `${a.origin}/echo`, content_type: 'form', body_json, variables, credential: 'form' }), { variables: injection }, runtime);
    const seen = a.requests[a.requests.length - 1];
    expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const fields = new URLSearchParams(seen.body);
    expect([...fields.keys()]).toEqual(['api_key', 'name', 'count', 'vip', 'tags', 'tags', 'note']);
    expect(fields.get('name')).toBe('a&b=c');
    expect(fields.has('b')).toBe(false);
    expect(fields.get('count')).toBe('3');
    expect(fields.get('vip')).toBe('true');
    expect(fields.getAll('tags')).toEqual(['a', 'b']);
    expect(fields.get('note')).toBe('');
    expect(fields.get('api_key')).toBe(FORM_KEY);
    // The preview / meta shows the fields, redacted.
    expect(result.meta.request?.body).toEqual({ api_key: '[redacted]', name: 'a&b=c', count: '3', vip: 'true', tags: ['a', 'b'], note: '' });
    assertNoSecret(result);
  });

  it('multipart: each field on its own, read back by the standard FormData parser', async () => {
    const value = 'a&b=c\r\n--boundary\r\nContent-Disposition: form-data; name="evil"\r\n\r\nx';
    await executeBlock(block({ http_method: 'POST', url: `${a.origin}/echo`, content_type: 'multipart', body_json, variables, headers_json: '{"Content-Type": "text/plain"}' }), { variables: { ...injection, name: value } }, runtime);
    const seen = a.requests[a.requests.length - 1];
    expect(seen.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(seen.body, { headers: { 'content-type': seen.headers['content-type'] as string } }).formData();
    expect([...form.keys()]).toEqual(['name', 'count', 'vip', 'tags', 'tags', 'note']);
    expect(form.get('name')).toBe(value);
    expect(form.has('evil')).toBe(false);
    expect(form.get('vip')).toBe('true');
  });

  it('a form body_json that is not an object is a clear invalid_block', async () => {
    const error = await relaisRejection(executeBlock(block({ http_method: 'POST', url: `${a.origin}/echo`, content_type: 'form', body_json: '["a"]' }), { variables: {} }, runtime));
    expect(error.code).toBe('invalid_block');
    expect(error.issues[0].path).toBe('data.parameters.body_json');
  });
});
