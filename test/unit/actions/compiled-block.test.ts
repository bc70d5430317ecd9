// parseBlock/buildBlock compile an http_request block once (src/actions/http/compile.ts): the compiled
// form is made when the block is parsed, is immutable, and is what executeBlock renders from; parameters
// that did not come from parseBlock are compiled on each use. A part that does not compile is reported
// where rendering always reported it (after the variables), never when the block is parsed.
import { previewBlock } from '../../../src/actions';
import { compileHttpRequest, compiledOf } from '../../../src/actions/http/compile';
import { buildBlock, parseBlock, type HttpRequestParams } from '../../../src/blocks';
import { createRuntime } from '../../../src/runtime';
import { relaisRejection } from '../../support/rejection';

const runtime = createRuntime({ credentials: { api: { type: 'bearer', token: 'tok-compiled-0123456789' } } });

function httpBlock(parameters: Record<string, unknown>): unknown {
  return { id: 'compiled', type: 'action', data: { parameters: { action_type: 'http_request', http_method: 'GET', ...parameters } } };
}

const paramsOf = (block: unknown) => parseBlock(block).data.parameters as HttpRequestParams;

describe('the compiled form of an http_request block', () => {
  it('is made when the block is parsed, once, frozen, and reused by every call', () => {
    const params = paramsOf(httpBlock({ url: 'https://api.example.com/orders', headers_json: { Authorization: 'Bearer tok-written-55667788', 'X-Version': '2' } }));
    const compiled = compiledOf(params);
    expect(compiledOf(params)).toBe(compiled);
    expect(Object.isFrozen(compiled)).toBe(true);
    expect(Object.isFrozen(compiled.staticHeaders)).toBe(true);
    expect(compiled.staticUrl).toBe('https://api.example.com/orders');
    // Its parts, read without parsing, are frozen strings shared by every call (never a mutable URL).
    expect(compiled.staticParts).not.toBeInstanceOf(URL);
    expect(Object.isFrozen(compiled.staticParts)).toBe(true);
    const parsed = new URL('https://api.example.com/orders');
    expect({ ...compiled.staticParts }).toEqual({ href: parsed.href, origin: parsed.origin, protocol: parsed.protocol, host: parsed.host, hostname: parsed.hostname, port: parsed.port, username: '', password: '', pathname: parsed.pathname, search: parsed.search });
    // A URL the parser would rewrite keeps only its text: each call's transport parses it.
    const rewritten = compiledOf(paramsOf(httpBlock({ url: 'https://api.example.com/a b/./c' })));
    expect(rewritten.staticUrl).toBe('https://api.example.com/a b/./c');
    expect(rewritten.staticParts).toBeUndefined();
    expect(compiled.staticHeaders?.headers).toEqual({ Authorization: 'Bearer tok-written-55667788', 'X-Version': '2' });
    expect(compiled.staticHeaders?.secrets).toEqual(['Bearer tok-written-55667788', 'tok-written-55667788']);
    // buildBlock is the other maker of parsed blocks: its blocks are compiled too.
    const built = buildBlock('http_request', { http_method: 'GET', url: 'https://api.example.com/built' }).data.parameters;
    expect(compiledOf(built)).toBe(compiledOf(built));
    expect(compiledOf(built).staticUrl).toBe('https://api.example.com/built');
  });

  it('holds the query plan, the body template and whether templates read only declared variables', () => {
    const variables = [{ name: 'order', type: 'string', required: true }];
    const declared = compiledOf(paramsOf(httpBlock({ http_method: 'POST', url: 'https://api.example.com/orders/{{order}}', query_json: { api_key: 'k-{{order}}', q: '{{order}}' }, body_json: '{"id": "{{order}}"}', variables })));
    expect(declared.staticUrl).toBeUndefined();
    expect(declared.query.map((item) => [item.name, item.sensitive, item.only?.name])).toEqual([
      ['api_key', true, undefined],
      ['q', false, 'order'],
    ]);
    expect(declared.body?.kind).toBe('object');
    expect(declared.readsOnlyVariables).toBe(true);
    const context = compiledOf(paramsOf(httpBlock({ url: 'https://api.example.com/c/{{contact.id}}', variables })));
    expect(context.readsOnlyVariables).toBe(false);
  });

  it('compiles parameters that did not come from parseBlock on each use (they may change between calls)', () => {
    const params = { ...paramsOf(httpBlock({ url: 'https://api.example.com/a' })) };
    const first = compiledOf(params);
    expect(compiledOf(params)).not.toBe(first);
    params.url = 'https://api.example.com/b';
    expect(compiledOf(params).staticUrl).toBe('https://api.example.com/b');
    expect(compileHttpRequest(params)).toEqual(compiledOf(params));
  });

  it('leaves out a part that does not compile, and rendering reports it after the variables, as before', async () => {
    const variables = [{ name: 'order', type: 'string', required: true }];
    const block = parseBlock(httpBlock({ url: 'http://api.example.com/orders', variables }));
    // http:// without allow_http: parsing accepts the block, its static URL is not compiled…
    expect(compiledOf(block.data.parameters as HttpRequestParams).staticUrl).toBeUndefined();
    // …a missing variable is still the first problem reported, and the URL the next one, at every call.
    expect((await relaisRejection(previewBlock(block, { variables: {} }, runtime))).code).toBe('missing_variable');
    for (let call = 0; call < 2; call++) expect((await relaisRejection(previewBlock(block, { variables: { order: 'A-1' } }, runtime))).code).toBe('insecure_url');
  });

  it('renders the same request as before for a block with written and credential headers', async () => {
    const block = parseBlock(httpBlock({ http_method: 'POST', url: 'https://api.example.com/orders', credential: 'api', headers_json: { authorization: 'Bearer written-0000', 'X-Version': '2' }, body_json: '{"a": 1}' }));
    const preview = await previewBlock(block, {}, runtime);
    // The credential's Authorization replaces the written one, whatever its case; Content-Type and Accept added.
    expect(preview.request?.headers).toEqual({ 'X-Version': '2', Authorization: '[redacted]', 'Content-Type': 'application/json', Accept: 'application/json, text/plain;q=0.9, */*;q=0.5' });
    expect(preview.request?.body).toEqual({ a: 1 });
  });
});
