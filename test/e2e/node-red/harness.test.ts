// The harness itself, proven with Node-RED's core nodes: a real runtime started from the devDependency,
// the packed Relais installed by npm, a flow deployed through the admin API and answered through an
// `http in` endpoint, credentials encrypted on disk and never returned by the admin API.
import { createDecipheriv, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { relaisTarball } from '../../support/tarball';
import { NODE_RED_CREDENTIAL_SECRET, readCredentialsFile, startNodeRed, type NodeRed } from '../../support/node-red';

/** Node-RED's own scheme (runtime/lib/nodes/credentials.js): aes-256-ctr, key sha256(secret), iv in front. */
function decryptCredentials(file: string, secret: string): Record<string, Record<string, string>> {
  const stored = JSON.parse(file) as { $: string };
  const key = createHash('sha256').update(secret).digest();
  const iv = Buffer.from(stored.$.slice(0, 32), 'hex');
  const decipher = createDecipheriv('aes-256-ctr', key, iv);
  const clear = decipher.update(stored.$.slice(32), 'base64', 'utf8') + decipher.final('utf8');
  return JSON.parse(clear) as Record<string, Record<string, string>>;
}

const SECRET_PASSWORD = 'harness-secret-Zq81';

const flows = [
  { id: 'tab1', type: 'tab', label: 'harness' },
  { id: 'in1', type: 'http in', z: 'tab1', url: '/harness/echo', method: 'post', wires: [['fn1']] },
  { id: 'fn1', type: 'function', z: 'tab1', func: 'msg.payload = { got: msg.payload, twice: msg.payload.n * 2 };\nreturn msg;', outputs: 1, wires: [['out1']] },
  { id: 'out1', type: 'http response', z: 'tab1', statusCode: '', headers: {}, wires: [] },
  // A core node with credentials: the basic-auth password must end up encrypted in flows_cred.json.
  { id: 'req1', type: 'http request', z: 'tab1', method: 'GET', url: 'http://127.0.0.1:9/', authType: 'basic', credentials: { user: 'harness-user', password: SECRET_PASSWORD }, wires: [[]] },
];

describe('Node-RED harness (core nodes)', () => {
  let red: NodeRed;

  beforeAll(async () => {
    red = await startNodeRed({ tarball: relaisTarball() });
    await red.deploy(flows);
  }, 240_000);

  afterAll(async () => {
    await red?.stop();
  });

  it('installed the packed Relais into the userDir', () => {
    expect(existsSync(join(red.userDir, 'node_modules/@relais/n8n-nodes-agent-actions/package.json'))).toBe(true);
  });

  it('refuses the admin API without the token', async () => {
    const reply = await fetch(`${red.url}/flows`);
    expect(reply.status).toBe(401);
  });

  it('runs a deployed flow behind an http in endpoint', async () => {
    const reply = await red.http('POST', '/harness/echo', { n: 21 });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ got: { n: 21 }, twice: 42 });
  });

  it('encrypts credentials in flows_cred.json and never returns them from GET /flows', async () => {
    const file = readCredentialsFile(red.userDir);
    expect(file).not.toContain(SECRET_PASSWORD);
    expect(decryptCredentials(file, NODE_RED_CREDENTIAL_SECRET).req1).toEqual({ user: 'harness-user', password: SECRET_PASSWORD });
    const { flows: deployed } = await red.flows();
    expect(JSON.stringify(deployed)).not.toContain(SECRET_PASSWORD);
    expect(deployed.find((n) => n.id === 'req1')).toBeDefined();
  });

  it('lists the core node sets and serves French catalogues', async () => {
    const sets = await red.nodeSets();
    expect(sets.flatMap((s) => s.types)).toEqual(expect.arrayContaining(['http in', 'http response', 'function']));
    // The core catalogue is served to the editor (GET /nodes/messages lists only installed modules).
    const fr = (await red.admin('GET', '/locales/node-red?lng=fr')).json as { inject?: { inject?: string } };
    expect(fr.inject?.inject).toBe('Injecter');
    expect(await red.messages('fr')).toEqual(expect.any(Object));
  });

  it('stops on SIGTERM', async () => {
    const pid = red.pid;
    await red.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
