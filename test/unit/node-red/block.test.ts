// relais-block in a real Node-RED runtime: the seed 001 blocks verbatim (from config or msg.block),
// a credential named by the block, and invalid blocks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../support/servers';
import { firstOf, helper, helperNode, relaisNodes, tempUserDir } from './support/harness';

jest.setTimeout(120_000);

const FIXTURES = join(__dirname, '../../fixtures/blocks');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const userDir = tempUserDir();
let api: TestServer;

beforeAll(async () => {
  relaisNodes();
  api = await startTestServer();
  helper.settings({ userDir: userDir.dir, relais: { allowed_hosts: [`127.0.0.1:${api.port}`] } });
  await helper.startServer();
});

afterEach(async () => {
  await helper.unload();
});

afterAll(async () => {
  await helper.stopServer();
  await api.close();
  userDir.remove();
});

function blockFlow(config: Record<string, unknown>) {
  return [
    { id: 'b1', type: 'relais-block', wires: [['ok'], ['failed']], ...config },
    { id: 'auth1', type: 'relais-auth', kind: 'header', field: 'X-API-Key' },
    helperNode('ok'),
    helperNode('failed'),
  ];
}

describe('relais-block', () => {
  it('runs the seed 001 tag block from its config against the default sqlite store', async () => {
    await helper.load(relaisNodes(), blockFlow({ block: fixture('seed001-tag-contact.json') }));
    const out = firstOf(['ok', 'failed']);
    helper.getNode('b1').receive({ contact: { email: 'paul@example.com' } });
    const { id, msg } = await out;
    expect(id).toBe('ok');
    expect(msg.payload).toMatchObject({ tag: 'relance_envoyee' });
    expect(msg.relais.action_type).toBe('tag_contact');
  });

  it('prefers msg.block, and registers the selected auth under the credential name the block uses', async () => {
    await helper.load(relaisNodes(), blockFlow({ block: fixture('seed001-tag-contact.json'), credential: 'auth1', credential_name: 'inventory' }), {
      auth1: { value: 'inv-Secret-4242' },
    });
    const block = JSON.parse(fixture('seed002-inventory.json'));
    block.data.parameters.url = `${api.origin}/echo/products/{{sku}}`;
    block.data.parameters.allow_http = true;
    const out = firstOf(['ok', 'failed']);
    helper.getNode('b1').receive({ block, variables: { sku: 'PROD-1' } });
    const { id, msg } = await out;
    expect(id).toBe('ok');
    expect(msg.relais.action_type).toBe('http_request');
    const sent = api.requests.at(-1);
    expect(sent?.url).toBe('/echo/products/PROD-1');
    expect(sent?.headers['x-api-key']).toBe('inv-Secret-4242');
    expect(JSON.stringify(msg)).not.toContain('inv-Secret-4242');
  });

  it('fails with invalid_block naming the path for a bad block, and for text that is not JSON without quoting it', async () => {
    await helper.load(relaisNodes(), blockFlow({}));
    const bad = firstOf(['ok', 'failed']);
    helper.getNode('b1').receive({ block: { id: 'x', type: 'action', data: { parameters: { action_type: 'http_request', http_method: 'GET', url: 'https://a.test', timeout_seconds: '99' } } } });
    const first = await bad;
    expect(first.id).toBe('failed');
    expect(first.msg.error.code).toBe('invalid_block');
    expect(JSON.stringify(first.msg.error.issues)).toContain('timeout_seconds');

    const notJson = firstOf(['ok', 'failed']);
    helper.getNode('b1').receive({ block: '{"token": "tok-Secret-1", oops' });
    const second = await notJson;
    expect(second.id).toBe('failed');
    expect(second.msg.error.code).toBe('invalid_block');
    expect(JSON.stringify(second.msg.error)).not.toContain('tok-Secret-1');
  });

  it('says where to put a block when there is none', async () => {
    await helper.load(relaisNodes(), blockFlow({ block: '' }));
    const out = firstOf(['ok', 'failed']);
    helper.getNode('b1').receive({ payload: 1 });
    const { id, msg } = await out;
    expect(id).toBe('failed');
    expect(msg.error.code).toBe('invalid_block');
    expect(msg.error.message).toContain('msg.block');
  });
});
