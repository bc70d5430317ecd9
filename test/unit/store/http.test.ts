// The store contract on the http backend, against a local in-memory REST CRM (test/support/crm-server.ts)
// reached through the real transport (createRuntime's HttpClient, loopback opted in per store).
import { createRuntime, type Runtime } from '../../../src/runtime';
import { openStore } from '../../../src/store/open';
import type { HttpStoreOptions } from '../../../src/store/types';
import { startCrmServer, type CrmServer } from '../../support/crm-server';
import { runStoreContract } from './contract';

const TOKEN = 'crm-token-7f3a9c2e51';
let crm: CrmServer;
let runtime: Runtime;
const options = (): HttpStoreOptions => ({ backend: 'http', base_url: crm.baseUrl, credential: { type: 'bearer', token: TOKEN }, allow_http: true, allow_private_network: true });

beforeAll(async () => {
  runtime = createRuntime();
});
afterAll(async () => {
  await runtime.close();
});

describe('http contact store', () => {
  beforeEach(async () => {
    crm = await startCrmServer({ token: TOKEN });
  });
  afterEach(async () => {
    await crm.close();
  });

  runStoreContract({
    open: () => openStore(options(), runtime.http),
    reopen: () => openStore(options(), runtime.http),
  });

  it('sends the default requests with the bearer credential and the CRM field names', async () => {
    const store = await openStore(options(), runtime.http);
    const { contact } = await store.upsertContact({ email: 'Jeanne@Example.com', phone: '06 12 34 56 78', fields: { company: 'ACME' }, email_field: 'email', phone_field: 'phone' });
    await store.tagContact(contact.id, 'relance envoyée/1');
    const [upsert, tag] = crm.requests;
    expect(upsert).toMatchObject({ method: 'POST', url: '/api/contacts/upsert', body: { email: 'Jeanne@example.com', phone: '+33612345678', company: 'ACME' } });
    expect(upsert.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(upsert.headers['content-type']).toBe('application/json');
    expect(tag).toMatchObject({ method: 'POST', url: `/api/contacts/${contact.id}/tags`, body: { tag: 'relance envoyée/1' } });
    await store.untagContact(contact.id, 'relance envoyée/1');
    // The tag is one encoded path segment: its "/" cannot add a segment.
    expect(crm.requests[2]).toMatchObject({ method: 'DELETE', url: `/api/contacts/${contact.id}/tags/relance%20envoy%C3%A9e%2F1` });
  });

  it('uses overridden operations and field names, and filters lists again', async () => {
    await crm.close();
    crm = await startCrmServer({ token: TOKEN, emailField: 'courriel', phoneField: 'mobile' });
    const store = await openStore(
      {
        ...options(),
        contact_fields: { email: 'courriel', phone: 'mobile' },
        operations: { find_contacts: { url: '/contacts', query: { tag: '{{tag}}' } } },
      },
      runtime.http,
    );
    const { contact } = await store.upsertContact({ email: 'a@example.com', phone: '+33611111111', email_field: 'courriel', phone_field: 'mobile' });
    expect(contact).toMatchObject({ email: 'a@example.com', phone: '+33611111111' });
    expect(crm.requests[0].body).toEqual({ courriel: 'a@example.com', mobile: '+33611111111' });
    await store.upsertContact({ email: 'b@example.com', email_field: 'courriel' });
    // find_contacts now sends no email filter: the CRM returns both contacts, the backend keeps the match.
    const found = await store.findContacts({ email: 'B@example.com' });
    expect(found.map((c) => c.email)).toEqual(['b@example.com']);
    expect(crm.requests[crm.requests.length - 1].url).toBe('/api/contacts');
  });

  it('turns a refused credential into store_error without the token', async () => {
    const store = await openStore({ ...options(), credential: { type: 'bearer', token: 'wrong-token-abcdef123' } }, runtime.http);
    const error = await store.upsertContact({ email: 'x@example.com' }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'store_error', status: 401 });
    expect(JSON.stringify(error)).not.toContain('wrong-token-abcdef123');
    expect((error as Error).message).toContain('[redacted]');
  });

  it('reports an unreachable CRM as store_error', async () => {
    const { port } = new URL(crm.baseUrl);
    await crm.close();
    const store = await openStore({ ...options(), base_url: `http://127.0.0.1:${port}/api`, timeout_ms: 2000 }, runtime.http);
    await expect(store.findContacts({ email: 'x@example.com' })).rejects.toMatchObject({ code: 'store_error', message: expect.stringMatching(/could not be reached for find_contacts/) });
    crm = await startCrmServer({ token: TOKEN });
  });

  it('refuses loopback without the opt-in and http:// without allow_http', async () => {
    const guarded = await openStore({ ...options(), allow_private_network: false }, runtime.http);
    await expect(guarded.findContacts({})).rejects.toMatchObject({ code: 'store_error', message: expect.stringMatching(/find_contacts/) });
    const plain = await openStore({ ...options(), allow_http: false }, runtime.http);
    await expect(plain.findContacts({})).rejects.toMatchObject({ code: 'insecure_url' });
    expect(crm.requests).toHaveLength(0);
  });
});

describe('http contact store options', () => {
  it('names unknown options, operations and fields instead of ignoring them, never quoting values', async () => {
    const error = await openStore(
      {
        backend: 'http',
        base_url: 'https://crm.example.com',
        tokn: 's3cret-value-123',
        operations: { upsert: { url: '/x' }, tag_contact: { methd: 'POST', method: 'FETCH' } },
        contact_fields: { mail: 'courriel' },
      } as never,
      runtime.http,
    ).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'invalid_block' });
    const paths = (error as unknown as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
    expect(paths).toEqual(['store.tokn', 'store.contact_fields.mail', 'store.operations.upsert', 'store.operations.tag_contact.methd', 'store.operations.tag_contact.method']);
    expect(JSON.stringify(error)).not.toContain('s3cret-value-123');
  });

  it('requires base_url and checks the operation templates when opened', async () => {
    await expect(openStore({ backend: 'http', base_url: '' }, runtime.http)).rejects.toMatchObject({ code: 'invalid_block', message: expect.stringMatching(/store\.base_url/) });
    await expect(openStore({ backend: 'http', base_url: 'https://crm.example.com', operations: { get_contact: { url: '/contacts/{{id' } } }, runtime.http)).rejects.toMatchObject({
      code: 'invalid_block',
      message: expect.stringMatching(/store\.operations\.get_contact\.url/),
    });
  });
});
