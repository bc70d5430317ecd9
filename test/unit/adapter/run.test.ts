// runForm / runBlockJson: the whole host path (form values → block → context → execute → outcome)
// against a real loopback server, and the never-throw contract.
import { fixedFormRunner, runBlockJson, runForm, UNEXPECTED_ERROR_CODE } from '../../../src/adapter/run';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { startTestServer, type TestServer } from '../../support/servers';

let api: TestServer;
let runtime: Runtime;

beforeAll(async () => {
  api = await startTestServer();
  runtime = createRuntime({ network: { allowed_hosts: [`127.0.0.1:${api.port}`] }, credentials: { crm: { type: 'bearer', token: 'tok-Secret-31' } } });
});

afterAll(async () => {
  await runtime.close();
  await api.close();
});

describe('runForm', () => {
  it('runs flat form values with table rows and sub-fields, and shapes the success', async () => {
    const outcome = await runForm(
      'http_request',
      {
        http_method: 'POST',
        url: `${api.origin}/echo`,
        allow_http: true,
        credential: 'crm',
        body_json: '{"qty": "{{qty}}", "who": "{{contact.first_name}}"}',
        variables: [{ name: 'qty', type: 'integer', description: 'How many', example: '2', required: true, default: '' }, { name: '' }],
        filter_include: 'body, method',
        retry_attempts: '',
      },
      { payload: { qty: '3' }, contact: { first_name: 'Ana' } },
      runtime,
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.relais).toMatchObject({ action_type: 'http_request', status: 200 });
    const sent = JSON.parse(api.requests.at(-1)?.body ?? '{}');
    expect(sent).toEqual({ qty: 3, who: 'Ana' });
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer tok-Secret-31');
    expect(JSON.stringify(outcome)).not.toContain('tok-Secret-31');
  });

  it('resolves (never rejects) with the error shape for invalid values', async () => {
    const outcome = await runForm('sales_task', { priorite: 'urgente' }, {}, runtime);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalid_block');
    expect(JSON.stringify(outcome.error.issues)).toContain('priorite');
    expect(outcome.cause.code).toBe('invalid_block');
  });

  it('turns an unexpected throw into the action\'s generic code and tells the host', async () => {
    const seen: unknown[] = [];
    const input = Object.defineProperty({}, 'variables', {
      enumerable: true,
      get() {
        throw new RangeError('internal detail with secret-xyz');
      },
    });
    const outcome = await runForm('tag_contact', { tag: 'vip' }, input, runtime, { language: 'fr', onUnexpected: (error) => seen.push(error) });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe(UNEXPECTED_ERROR_CODE.tag_contact);
    expect(outcome.error.fallback).toMatch(/enregistrer/);
    expect(JSON.stringify(outcome.error)).not.toContain('secret-xyz');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(RangeError);
  });
});

describe('runBlockJson', () => {
  it('runs a block given as text', async () => {
    const block = JSON.stringify({ id: 'x', type: 'action', data: { parameters: { action_type: 'http_request', http_method: 'GET', url: `${api.origin}/json`, allow_http: true } } });
    const outcome = await runBlockJson(block, {}, runtime);
    expect(outcome.ok).toBe(true);
  });

  it('refuses text that is not JSON without quoting it', async () => {
    const outcome = await runBlockJson('{"headers_json": "Bearer tok-Secret-31", oops', {}, runtime);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalid_block');
    expect(JSON.stringify(outcome.error)).not.toContain('tok-Secret-31');
  });
});

describe('fixedFormRunner', () => {
  /** Form values whose url is read through a counting getter: how often the form was turned into a block. */
  function countingValues(url: string): { values: Record<string, unknown>; reads: () => number } {
    let reads = 0;
    const values: Record<string, unknown> = { http_method: 'GET', allow_http: true, variables: [{ name: 'q', type: 'string', description: 'Query', example: 'x', required: true, default: '' }] };
    Object.defineProperty(values, 'url', { enumerable: true, get: () => ((reads += 1), url) });
    return { values, reads: () => reads };
  }

  it('builds the block once and serves every call from it, each with its own input', async () => {
    const { values, reads } = countingValues(`${api.origin}/echo?q={{q}}`);
    const runOnce = fixedFormRunner('http_request', values, { id: 'node-1' });
    const first = await runOnce({ variables: { q: 'a' } }, runtime);
    const second = await runOnce({ variables: { q: 'b' } }, runtime);
    expect(reads()).toBe(1);
    expect([first.ok, second.ok]).toEqual([true, true]);
    expect(api.requests.slice(-2).map((r) => r.url)).toEqual(['/echo?q=a', '/echo?q=b']);
    // runForm, for comparison, reads the form on every call.
    await runForm('http_request', values, { variables: { q: 'c' } }, runtime);
    expect(reads()).toBe(2);
  });

  it('does not keep a failed build: every call reports the error', async () => {
    const { values, reads } = countingValues('ftp://example.com/x');
    const runOnce = fixedFormRunner('http_request', values);
    const outcomes = [await runOnce({ variables: { q: 'a' } }, runtime), await runOnce({ variables: { q: 'a' } }, runtime)];
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['invalid_block', 'invalid_block']);
    expect(reads()).toBe(2);
  });
});
