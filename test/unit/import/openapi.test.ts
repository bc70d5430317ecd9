// importOpenApi on real published descriptions and on small hand-written 3.0 / 3.1 / 2.0 / YAML cases.
// Real descriptions (from npm packages, devDependencies):
// - GitHub's REST API: npm @octokit/openapi 23.0.2, generated/api.github.com.json (OpenAPI 3.0.3, 13 MB),
//   built from github/rest-api-description (descriptions/api.github.com/api.github.com.json).
// - ReadMe's own API: npm @readme/oas-examples 8.2.2, 3.1/json/readme.json (OpenAPI 3.1).
// - Swagger Petstore: npm @readme/oas-examples 8.2.2, 2.0/yaml/petstore.yaml (Swagger 2.0, YAML), the
//   description petstore.swagger.io publishes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBlock } from '../../../src/blocks';
import { previewBlock } from '../../../src/actions';
import { createRuntime } from '../../../src/runtime';
import { importOpenApi } from '../../../src/import';
import type { ImportedBlock } from '../../../src/import';

const root = join(__dirname, '../../..');
const GITHUB = join(root, 'node_modules/@octokit/openapi/generated/api.github.com.json');
const README_31 = join(root, 'node_modules/@readme/oas-examples/3.1/json/readme.json');
const PETSTORE_20_YAML = join(root, 'node_modules/@readme/oas-examples/2.0/yaml/petstore.yaml');
const ORDERS_YAML = join(root, 'test/fixtures/openapi/orders-3.0.yaml');

const byId = (blocks: ImportedBlock[], id: string) => {
  const block = blocks.find((b) => b.id === id);
  if (!block) throw new Error(`no block ${id} among ${blocks.map((b) => b.id).join(', ')}`);
  return block;
};

describe('importOpenApi on real published descriptions', () => {
  it("imports every operation of GitHub's description, each block accepted by parseBlock", async () => {
    const document = JSON.parse(readFileSync(GITHUB, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(document.paths).reduce((n, item) => n + ['get', 'post', 'put', 'patch', 'delete'].filter((m) => m in item).length, 0);
    const result = await importOpenApi(GITHUB);
    expect(operations).toBeGreaterThan(1000);
    // One operation uploads raw bytes (application/octet-stream): left out with a warning naming it.
    const skipped = result.warnings.filter((w) => w.includes('was not imported'));
    expect(skipped).toEqual([expect.stringMatching(/^repos\/upload-release-asset .*application\/octet-stream/)]);
    expect(result.blocks).toHaveLength(operations - 1);
    for (const block of result.blocks) expect(() => parseBlock(block)).not.toThrow();
    const repo = byId(result.blocks, 'repos/get');
    expect(repo.data.parameters.url).toBe('https://api.github.com/repos/{{owner}}/{{repo}}');
    expect(repo.data.parameters.variables.map((v) => [v.name, v.type, v.required])).toEqual([
      ['owner', 'string', true],
      ['repo', 'string', true],
    ]);
    expect(repo.data.parameters.filter).toEqual({ include: expect.arrayContaining(['id', 'full_name', 'private', 'html_url', 'description']) });
    expect((repo.data.parameters.filter as { include: string[] }).include).not.toContain('archive_url');
    // GitHub's issue title is oneOf string | integer: a string variable, required, in the JSON body.
    const issue = byId(result.blocks, 'issues/create');
    expect(issue.data.parameters.http_method).toBe('POST');
    expect(issue.data.parameters.variables.find((v) => v.name === 'title')).toMatchObject({ type: 'string', required: true });
    expect(JSON.parse(issue.data.parameters.body_json!.replace(/\{\{(\w+)\}\}/g, '"$1"'))).toMatchObject({ title: 'title', body: 'body' });
    const list = byId(result.blocks, 'issues/list-for-repo');
    expect(JSON.parse(list.data.parameters.query_json!)).toMatchObject({ state: '{{state}}', per_page: '{{per_page}}' });
    expect(list.data.parameters.variables.find((v) => v.name === 'state')?.description).toMatch(/One of: open, closed, all/);
    expect(list.data.parameters.variables.find((v) => v.name === 'per_page')).toMatchObject({ type: 'integer', default: 30 });
    expect(list.data.parameters.variables.find((v) => v.name === 'since')).toMatchObject({ type: 'date' });
    for (const block of result.blocks) {
      expect(block.data.description.length).toBeGreaterThanOrEqual(10);
      expect(block.data.description.length).toBeLessThanOrEqual(200);
    }
  }, 60_000);

  it("imports ReadMe's OpenAPI 3.1 description with its bearer credential stub; multipart uploads are left out by name", async () => {
    const result = await importOpenApi(README_31);
    expect(result.blocks.length).toBeGreaterThan(20);
    for (const block of result.blocks) expect(() => parseBlock(block)).not.toThrow();
    expect(result.credentials).toEqual([{ name: 'read_me_api_bearer', type: 'bearer', credential: { type: 'bearer', token: '' }, description: 'security scheme "bearer" (bearer token)' }]);
    // Three operations declare `security: []` (public): no credential.
    expect(result.blocks.filter((b) => b.data.parameters.credential !== 'read_me_api_bearer').map((b) => b.id)).toEqual(['getOpenRoles', 'applyToReadMe', 'getOutboundIPs']);
    expect(result.blocks.every((b) => b.data.parameters.url.startsWith('https://api.readme.com/v2/'))).toBe(true);
    expect(result.warnings.filter((w) => w.includes('was not imported'))).toEqual(
      ['createAPI', 'updateAPI', 'uploadImage', 'validateAPI'].map((id) => expect.stringMatching(new RegExp(`^${id} .*multipart/form-data body`))),
    );
  });

  it('imports the Swagger 2.0 Petstore from YAML: host + basePath, body parameter, api_key header and OAuth2 stubs', async () => {
    const result = await importOpenApi(PETSTORE_20_YAML);
    for (const block of result.blocks) expect(() => parseBlock(block)).not.toThrow();
    const get = byId(result.blocks, 'getPetById');
    // The published Petstore 2.0 lists only the http scheme: kept, with a warning (allow_http needed).
    expect(get.data.parameters.url).toBe('http://petstore.swagger.io/v2/pet/{{pet_id}}');
    expect(result.warnings).toContain('the server URL http://petstore.swagger.io/v2 is http://: an action refuses it unless allow_http is set (prefer an https:// server URL, --server-url)');
    expect(get.data.parameters.variables[0]).toMatchObject({ name: 'pet_id', type: 'integer', required: true });
    expect(result.credentials.find((c) => c.name === get.data.parameters.credential)?.credential).toEqual({ type: 'header', name: 'api_key', value: '' });
    const add = byId(result.blocks, 'addPet');
    expect(add.data.parameters.variables.find((v) => v.name === 'name')).toMatchObject({ type: 'string', required: true });
    expect(add.data.parameters.body_json).toContain('"name": {{name}}');
    // petstore_auth is an implicit OAuth2 flow (a user's consent): a bearer stub and a warning.
    expect(result.credentials.find((c) => c.name === add.data.parameters.credential)?.type).toBe('bearer');
    expect(result.warnings.join('\n')).toMatch(/petstore_auth.*user's consent/);
    // uploadFile takes a form body: left out, with a warning naming it.
    expect(result.blocks.some((b) => b.id === 'uploadFile')).toBe(false);
    expect(result.warnings.join('\n')).toMatch(/uploadFile .*not imported.*form body/);
  });
});

describe('importOpenApi on hand-written descriptions', () => {
  it('maps a 3.0 YAML description: server variables, typed variables, nested body, every credential kind, a filter', async () => {
    const result = await importOpenApi(ORDERS_YAML);
    const get = byId(result.blocks, 'getOrder');
    expect(get.data.parameters.url).toBe('https://eu.orders.example.com/v1/orders/{{order_number}}');
    expect(get.data.description).toBe('Look up an order. Use when the customer asks about the status of an order.');
    expect(get.data.parameters.variables).toEqual([
      { name: 'order_number', type: 'string', description: "Customer's order number", example: 'ORD-12345', required: true },
      { name: 'include_items', type: 'boolean', description: '', required: false, default: false },
      { name: 'x_request_id', type: 'string', description: '', required: true },
    ]);
    expect(JSON.parse(get.data.parameters.headers_json!)).toEqual({ 'X-Request-Id': '{{x_request_id}}' });
    expect(get.data.parameters.filter).toEqual({ include: ['id', 'status', 'tracking', 'total'] });

    const create = byId(result.blocks, 'createOrder');
    expect(create.data.description).toBe('Create (POST /orders)');
    const types = Object.fromEntries(create.data.parameters.variables.map((v) => [v.name, v.type]));
    expect(types).toEqual({ email: 'email', quantity: 'integer', unit_price: 'float', gift: 'boolean', delivery_date: 'date', priority: 'string', address_city: 'string', address_zip: 'string' });
    expect(create.data.parameters.variables.find((v) => v.name === 'priority')?.description).toBe('One of: low, normal, high.');
    expect(create.data.parameters.variables.find((v) => v.name === 'quantity')).toMatchObject({ required: true, default: 1 });
    expect(create.data.parameters.body_json).toBe(
      '{"email": {{email}}, "quantity": {{quantity}}, "unit_price": {{unit_price}}, "gift": {{gift}}, "delivery_date": {{delivery_date}}, "priority": {{priority}}, "address": {"city": {{address_city}}, "zip": {{address_zip}}}}',
    );
    expect(create.data.parameters.filter).toEqual({ expression: '[].{id: id, status: status, tracking: tracking, total: total}', max_items: 10 });

    const list = byId(result.blocks, 'listOrders');
    expect(JSON.parse(list.data.parameters.query_json!)).toEqual({ status: '{{status}}', since: '{{since}}', 'per-page': '{{per_page}}' });
    const credentials = Object.fromEntries(result.credentials.map((c) => [c.name, c.credential]));
    expect(credentials[get.data.parameters.credential!]).toEqual({ type: 'bearer', token: '' });
    expect(credentials[create.data.parameters.credential!]).toEqual({ type: 'header', name: 'X-API-Key', value: '' });
    expect(credentials[list.data.parameters.credential!]).toEqual({ type: 'query', name: 'api_key', value: '' });
    expect(credentials[byId(result.blocks, 'purge').data.parameters.credential!]).toEqual({
      type: 'oauth2_client_credentials',
      token_url: 'https://auth.example.com/oauth/token',
      client_id: '',
      client_secret: '',
      scope: 'orders:write',
    });
  });

  it('an imported block renders: an absent optional query parameter is left out of the URL', async () => {
    const result = await importOpenApi(ORDERS_YAML, { operations: ['listOrders'] });
    const block = parseBlock({ ...result.blocks[0], data: { ...result.blocks[0].data, parameters: { ...result.blocks[0].data.parameters, credential: undefined } } });
    const runtime = createRuntime();
    try {
      const preview = await previewBlock(block, { variables: { status: 'open' } }, runtime);
      expect(preview.request?.url).toBe('https://eu.orders.example.com/v1/orders?status=open&per-page=30');
    } finally {
      await runtime.close();
    }
  });

  it('maps a 3.1 description given as a parsed object (type arrays, examples[]) without changing it', async () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 'Tickets', version: '1' },
      servers: [{ url: 'https://support.example.com/api' }],
      paths: {
        '/tickets/{id}': {
          patch: {
            operationId: 'updateTicket',
            description: 'x'.repeat(400),
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', examples: [42] } }],
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Patch' } } } },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
      components: { schemas: { Patch: { type: 'object', properties: { note: { type: ['string', 'null'] }, due: { type: 'string', format: 'date-time' } } } } },
    };
    const copy = structuredClone(document);
    const result = await importOpenApi(document);
    expect(document).toEqual(copy);
    const block = result.blocks[0];
    expect(block.data.parameters.variables).toEqual([
      { name: 'id', type: 'integer', description: '', example: '42', required: true },
      { name: 'note', type: 'string', description: '', required: false },
      { name: 'due', type: 'date', description: '', required: false },
    ]);
    expect(block.data.description).toHaveLength(200);
    expect(block.data.description.endsWith('…')).toBe(true);
  });

  it('imports only the operations asked for, and says which id does not exist', async () => {
    const result = await importOpenApi(ORDERS_YAML, { operations: ['purge'] });
    expect(result.blocks.map((b) => b.id)).toEqual(['purge']);
    expect(result.credentials).toHaveLength(1);
    await expect(importOpenApi(ORDERS_YAML, { operations: ['nope'] })).rejects.toMatchObject({ code: 'invalid_block', message: expect.stringContaining('"nope"') });
  });
});
