// What Node-RED makes of the installed package: all 14 node types loaded from the module without error,
// English and French catalogues served by the admin API, the examples offered to the editor's
// Import → Examples, and every Relais secret (relais-auth, relais-agent-platform, relais-ai-provider,
// relais-contact-store, relais-agent-events) encrypted in flows_cred.json and never returned by GET /flows.
import { createDecipheriv, createHash } from 'node:crypto';
import { relaisTarball } from '../../support/tarball';
import { NODE_RED_CREDENTIAL_SECRET, readCredentialsFile, startNodeRed, type NodeRed } from '../../support/node-red';

const MODULE = '@relais/n8n-nodes-agent-actions';
const NODE_TYPES = [
  'relais-sales-task',
  'relais-http-request',
  'relais-crm-upsert',
  'relais-ai-reply',
  'relais-tag-contact',
  'relais-block',
  'relais-conversation',
  'relais-agent-events',
  'relais-agent-reply',
  'relais-mcp-server',
  'relais-auth',
  'relais-agent-platform',
  'relais-ai-provider',
  'relais-contact-store',
];

const SECRETS = {
  token: 'tok-e2e-9d1f0c',
  password: 'pw-e2e-4be2a7',
  header: 'hdr-e2e-77aa01',
  apiKey: 'platform-key-e2e-3c9d',
  aiKey: 'sk-ai-e2e-5f01',
  postgres: 'postgres://relais:pg-e2e-secret-61@127.0.0.1:5/relais',
  webhook: 'webhook-secret-e2e-0b7e',
  clientSecret: 'oauth2-client-secret-e2e-8c1f',
  clientKey: 'client-key-e2e-2d9a6b',
  mcp: 'mcp-token-e2e-2f8c',
};

/** Node-RED's own scheme (runtime/lib/nodes/credentials.js): aes-256-ctr, key sha256(secret), iv in front. */
function decrypt(file: string): Record<string, Record<string, string>> {
  const stored = JSON.parse(file) as { $: string };
  const decipher = createDecipheriv('aes-256-ctr', createHash('sha256').update(NODE_RED_CREDENTIAL_SECRET).digest(), Buffer.from(stored.$.slice(0, 32), 'hex'));
  return JSON.parse(decipher.update(stored.$.slice(32), 'base64', 'utf8') + decipher.final('utf8'));
}

describe('the Relais module in a real Node-RED', () => {
  let red: NodeRed;

  beforeAll(async () => {
    red = await startNodeRed({ tarball: relaisTarball() });
    await red.deploy([
      { id: 'reg.tab', type: 'tab', label: 'credentials' },
      { id: 'reg.bearer', type: 'relais-auth', name: 'bearer', kind: 'bearer', credentials: { token: SECRETS.token } },
      { id: 'reg.basic', type: 'relais-auth', name: 'basic', kind: 'basic', username: 'ada', credentials: { password: SECRETS.password } },
      { id: 'reg.header', type: 'relais-auth', name: 'header', kind: 'header', field: 'X-Api-Key', credentials: { value: SECRETS.header } },
      {
        id: 'reg.oauth2',
        type: 'relais-auth',
        name: 'oauth2',
        kind: 'oauth2',
        token_url: 'https://login.example.com/oauth2/token',
        client_id: 'relais',
        allowed_hosts: 'api.example.com',
        credentials: { client_secret: SECRETS.clientSecret, passphrase: SECRETS.clientKey },
      },
      { id: 'reg.platform', type: 'relais-agent-platform', base_url: 'https://api.ultimate.ai', bot_id: 'bot-1', credentials: { api_key: SECRETS.apiKey } },
      { id: 'reg.ai', type: 'relais-ai-provider', base_url: 'https://api.openai.com/v1', model: 'gpt-4o-mini', credentials: { api_key: SECRETS.aiKey } },
      { id: 'reg.pg', type: 'relais-contact-store', backend: 'postgres', credentials: { connection_string: SECRETS.postgres } },
      { id: 'reg.events', type: 'relais-agent-events', z: 'reg.tab', platform: 'reg.platform', path: '/reg/agent', credentials: { secret: SECRETS.webhook }, wires: [[]] },
      { id: 'reg.http', type: 'relais-http-request', z: 'reg.tab', http_method: 'GET', url: 'https://api.example.com/x', credential: 'reg.bearer', wires: [[], []] },
      { id: 'reg.mcp', type: 'relais-mcp-server', z: 'reg.tab', path: '/reg/mcp', actions: ['reg.http'], credentials: { token: SECRETS.mcp } },
    ]);
  }, 240_000);

  afterAll(async () => {
    await red?.stop();
  });

  it('loads all 14 node types from the module, without error', async () => {
    const sets = (await red.nodeSets()).filter((set) => set.module === MODULE);
    expect(sets.flatMap((set) => set.types).sort()).toEqual([...NODE_TYPES].sort());
    for (const set of sets) expect({ id: set.id, enabled: set.enabled, err: set.err }).toEqual({ id: set.id, enabled: true, err: undefined });
  });

  it('serves the French catalogue for lng=fr and the English one by default', async () => {
    const fr = (await red.messages('fr')) as Record<string, Record<string, { paletteLabel?: string; fields?: Record<string, { label: string }> }>>;
    const en = (await red.messages('en-US')) as typeof fr;
    const httpFr = fr[`${MODULE}/relais-http-request`]?.['relais-http-request'];
    const httpEn = en[`${MODULE}/relais-http-request`]?.['relais-http-request'];
    expect(httpFr?.fields?.http_method.label).toBe('Méthode');
    expect(httpEn?.fields?.http_method.label).toBe('Method');
    // Every Relais set has a French catalogue of its own.
    const relaisSets = Object.keys(fr).filter((key) => key.startsWith(`${MODULE}/`));
    expect(relaisSets).toHaveLength(14);
    for (const key of relaisSets) expect(Object.keys(fr[key]).length).toBeGreaterThan(0);
    expect(JSON.stringify(fr[`${MODULE}/relais-http-request`])).not.toEqual(JSON.stringify(en[`${MODULE}/relais-http-request`]));
  });

  it('offers the example flows to Import → Examples', async () => {
    const modules = (await red.admin('GET', '/library/examples/flows/')).json;
    expect(modules).toContain(MODULE);
    // Entries with `fn` are flows; folders (`dn`) are sub-folders of examples/ (the n8n examples live in examples/n8n).
    const listing = (await red.admin('GET', `/library/examples/flows/${MODULE}`)).json as Array<{ fn?: string }>;
    expect(listing.flatMap((entry) => (entry.fn ? [entry.fn] : []))).toEqual(['01-order-status-agent-tool', '02-verify-then-lookup', '03-lead-follow-up', '04-run-any-block', '05-chat-bridge', '06-ai-reply-with-tools', '07-mcp-server']);
    const flow = (await red.admin('GET', `/library/examples/flows/${MODULE}/01-order-status-agent-tool`)).json as Array<{ type: string }>;
    expect(flow.map((n) => n.type)).toContain('relais-http-request');
  });

  it('keeps every secret encrypted in flows_cred.json', () => {
    const file = readCredentialsFile(red.userDir);
    for (const secret of Object.values(SECRETS)) expect(file).not.toContain(secret);
    const clear = decrypt(file);
    expect(clear['reg.bearer']).toEqual({ token: SECRETS.token });
    expect(clear['reg.basic']).toEqual({ password: SECRETS.password });
    expect(clear['reg.platform']).toEqual({ api_key: SECRETS.apiKey });
    expect(clear['reg.pg']).toEqual({ connection_string: SECRETS.postgres });
    expect(clear['reg.events']).toEqual({ secret: SECRETS.webhook });
    expect(clear['reg.oauth2']).toEqual({ client_secret: SECRETS.clientSecret, passphrase: SECRETS.clientKey });
    expect(clear['reg.mcp']).toEqual({ token: SECRETS.mcp });
  });

  it('never returns a secret from GET /flows, only that it is set', async () => {
    const { flows } = await red.flows();
    const text = JSON.stringify(flows);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(flows.find((n) => n.id === 'reg.platform')).toMatchObject({ bot_id: 'bot-1' });
    const credentials = (await red.admin('GET', '/credentials/relais-auth/reg.bearer')).json as Record<string, unknown>;
    expect(credentials).toMatchObject({ has_token: true });
    expect(JSON.stringify(credentials)).not.toContain(SECRETS.token);
  });
});
