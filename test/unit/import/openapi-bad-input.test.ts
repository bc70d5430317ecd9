// importOpenApi on bad input: every failure is a RelaisError (invalid_block, blocked_url, insecure_url,
// too_large) naming what and where; nothing untyped is thrown and nothing hangs. URL sources are served
// by a loopback server and fetched through the runtime's guarded transport.
import { startTestServer, type TestServer } from '../../support/servers';
import { relaisRejection } from '../../support/rejection';
import { createRuntime } from '../../../src/runtime';
import { importOpenApi } from '../../../src/import';

const minimal = (extra: Record<string, unknown> = {}) => ({
  openapi: '3.0.3',
  info: { title: 'T', version: '1' },
  servers: [{ url: 'https://api.example.com' }],
  paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok' } } } } },
  ...extra,
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res, _body, url) => {
    if (url.pathname === '/spec.yaml') {
      res.writeHead(200, { 'content-type': 'application/yaml' }).end('openapi: 3.1.0\ninfo: {title: Y, version: "1"}\npaths:\n  /orders/{id}:\n    get:\n      operationId: getOrder\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {"200": {description: ok}}\n');
      return true;
    }
    if (url.pathname === '/never') return true; // never answers
    return false;
  });
});
afterAll(() => server.close());

describe('importOpenApi refuses bad input clearly', () => {
  it('not an OpenAPI document', async () => {
    const error = await relaisRejection(importOpenApi({ hello: 'world' }));
    expect(error.code).toBe('invalid_block');
    expect(error.message).toBe('the document is not an OpenAPI description: it has no "openapi" (3.x) or "swagger" (2.0) field at the top.');
    expect((await relaisRejection(importOpenApi('[1, 2]'))).message).toMatch(/description text is not an OpenAPI description: it holds a list/);
    expect((await relaisRejection(importOpenApi('{"openapi": '))).message).toMatch(/^the description text is not valid JSON/);
    expect((await relaisRejection(importOpenApi('openapi: [unclosed\n  - x: {'))).message).toMatch(/^the description text is neither JSON nor YAML that can be read/);
  });

  it('an unsupported version', async () => {
    const error = await relaisRejection(importOpenApi(minimal({ openapi: '4.0.0' })));
    expect(error).toMatchObject({ code: 'invalid_block', issues: [{ path: 'openapi' }] });
    expect(error.message).toBe('the document is OpenAPI 4.0.0, which is not supported: Relais imports OpenAPI 3.0, 3.1 and Swagger 2.0.');
    expect((await relaisRejection(importOpenApi({ swagger: '1.2', paths: {} }))).message).toMatch(/Swagger 1\.2, which is not supported/);
  });

  it('a $ref loop: the operation is named, nothing hangs', async () => {
    const looped = minimal({
      paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/L1' } } } } }, parameters: [{ $ref: '#/components/parameters/P1' }] } } },
      components: { schemas: { L1: { $ref: '#/components/schemas/L2' }, L2: { $ref: '#/components/schemas/L1' } }, parameters: { P1: { $ref: '#/components/parameters/P2' }, P2: { $ref: '#/components/parameters/P1' } } },
    });
    const error = await relaisRejection(importOpenApi(looped));
    expect(error.code).toBe('invalid_block');
    expect(error.message).toMatch(/getA: the \$ref "#\/components\/parameters\/P\d" at paths\.\/a\.get\.parameters\[0\] is part of a loop of references/);
  });

  it('a recursive schema (a tree) is not a loop: imported, bounded', async () => {
    const tree = minimal({
      paths: { '/nodes': { post: { operationId: 'addNode', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } }, responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } } } } },
      components: { schemas: { Node: { type: 'object', properties: { name: { type: 'string' }, parent: { $ref: '#/components/schemas/Node' } } } } },
    });
    const result = await importOpenApi(tree);
    expect(result.blocks[0].data.parameters.body_json).toBe('{"name": {{name}}, "parent": {"name": {{parent_name}}, "parent": {"name": {{parent_parent_name}}}}}');
    expect(result.blocks[0].data.parameters.filter).toEqual({ include: ['name'] });
  });

  it('an external $ref is refused, naming the reference and where it is', async () => {
    const external = minimal({ paths: { '/a': { get: { operationId: 'getA', parameters: [{ $ref: 'https://example.com/params.yaml#/Id' }], responses: {} } } } });
    const error = await relaisRejection(importOpenApi(external));
    expect(error.message).toContain('external $ref "https://example.com/params.yaml#/Id" at paths./a.get.parameters[0]: only references inside the document are followed');
  });

  it('an operation without a server URL', async () => {
    const error = await relaisRejection(importOpenApi(minimal({ servers: undefined })));
    expect(error.message).toContain('getA: the description declares no server URL (servers), so the operation has nowhere to go');
    expect(error.issues[0].path).toBe('paths./a.get');
    const fixed = await importOpenApi(minimal({ servers: undefined }), { server_url: 'https://sandbox.example.com/v2' });
    expect(fixed.blocks[0].data.parameters.url).toBe('https://sandbox.example.com/v2/a');
  });

  it('a spec URL on a private address is blocked_url before anything is read', async () => {
    const error = await relaisRejection(importOpenApi(`${server.origin.replace('http:', 'https:')}/spec.yaml`));
    expect(error.code).toBe('blocked_url');
    expect(server.requests.length).toBe(0);
  });

  it('a spec URL fetched through the runtime (opted in for loopback): YAML, relative server resolved against the URL', async () => {
    const runtime = createRuntime({ network: { allowed_hosts: [`127.0.0.1:${server.port}`] } });
    try {
      const result = await importOpenApi(`${server.origin}/spec.yaml`, { runtime, allow_http: true });
      expect(result.blocks[0].data.parameters.url).toBe(`${server.origin}/orders/{{id}}`);
      expect((await relaisRejection(importOpenApi(`${server.origin}/missing.yaml`, { runtime, allow_http: true }))).code).toBe('http_404');
      expect((await relaisRejection(importOpenApi(`${server.origin}/spec.yaml`, { runtime }))).code).toBe('insecure_url');
      const slow = await relaisRejection(importOpenApi(`${server.origin}/never`, { runtime, allow_http: true, timeout_ms: 300 }));
      expect(slow.code).toBe('timeout');
      expect((await relaisRejection(importOpenApi(`${server.origin}/spec.yaml`, { runtime, allow_http: true, max_bytes: 100 }))).code).toBe('too_large');
    } finally {
      await runtime.close();
    }
  });

  it('a missing file names the file', async () => {
    const error = await relaisRejection(importOpenApi('/nonexistent/openapi.yaml'));
    expect(error.message).toBe('The OpenAPI description file /nonexistent/openapi.yaml cannot be read (ENOENT).');
  });
});
