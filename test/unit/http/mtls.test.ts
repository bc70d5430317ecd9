// TLS material on a credential and on the runtime: a private CA and a client certificate (mTLS) against
// a real node:https server that requires one. Every certificate is made by the test with openssl (a CA,
// a server certificate for 127.0.0.1 signed by it, a client certificate signed by it, an encrypted key).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { executeBlock } from '../../../src/actions';
import { parseBlock } from '../../../src/blocks';
import type { Credential } from '../../../src/credentials';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { describeWhen } from '../../support/prerequisites';
import { relaisRejection } from '../../support/rejection';

const openssl = ['/usr/bin/openssl', '/usr/local/bin/openssl'].find((p) => existsSync(p));
const PASSPHRASE = 'key-passphrase-6e2a9c4f';

describeWhen(openssl !== undefined, 'private CA and mTLS', 'openssl (apt-get install openssl)', () => {
  let dir: string;
  let pem: Record<'ca' | 'clientCert' | 'clientKey' | 'encryptedKey' | 'otherCa', string>;
  let server: Server;
  let origin: string;
  const peers: (string | undefined)[] = [];
  const runtimes: Runtime[] = [];
  const run = (args: string[]) => execFileSync(openssl as string, args, { cwd: dir, stdio: 'ignore' });
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-mtls-'));
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=Relais Test CA']);
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.pem', '-days', '1', '-subj', '/CN=Other CA']);
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
    // The server certificate names its IP in subjectAltName (what TLS clients check).
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'san.ext']);
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=relais-client']);
    run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.pem', '-days', '1']);
    run(['pkey', '-in', 'client.key', '-aes256', '-passout', `pass:${PASSPHRASE}`, '-out', 'client.enc.key']);
    pem = { ca: read('ca.pem'), clientCert: read('client.pem'), clientKey: read('client.key'), encryptedKey: read('client.enc.key'), otherCa: read('other.pem') };
    server = createServer({ key: read('server.key'), cert: read('server.pem'), ca: pem.ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      peers.push(String((req.socket as TLSSocket).getPeerCertificate().subject?.CN));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ client: (req.socket as TLSSocket).getPeerCertificate().subject?.CN }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.close()));
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const runtimeWith = (credentials: Record<string, Credential>, tls?: { ca?: string; cert?: string; key?: string }) => {
    const runtime = createRuntime({ credentials, network: { allowed_hosts: ['127.0.0.1'] }, ...(tls ? { tls } : {}) });
    runtimes.push(runtime);
    return runtime;
  };
  const call = (runtime: Runtime, credential?: string) =>
    executeBlock(parseBlock({ id: 'm', type: 'action', data: { label: 'M', parameters: { action_type: 'http_request', http_method: 'GET', url: `${origin}/who`, ...(credential ? { credential } : {}) } } }), { variables: {} }, runtime);

  it('a credential with the private CA and a client certificate reaches the mTLS server', async () => {
    const runtime = runtimeWith({ internal: { type: 'bearer', token: 'internal-token-1234', tls: { ca: pem.ca, cert: pem.clientCert, key: pem.clientKey } } });
    const result = await call(runtime, 'internal');
    expect(result.data).toEqual({ client: 'relais-client' });
  });

  it('an encrypted client key with its passphrase works; the passphrase and key never show', async () => {
    const runtime = runtimeWith({ internal: { type: 'bearer', token: 'internal-token-1234', tls: { ca: pem.ca, cert: pem.clientCert, key: pem.encryptedKey, passphrase: PASSPHRASE } } });
    const result = await call(runtime, 'internal');
    expect(result.data).toEqual({ client: 'relais-client' });
    expect(JSON.stringify(result)).not.toContain(PASSPHRASE);
  });

  it('the runtime\'s tls applies to calls without a credential of their own', async () => {
    const runtime = runtimeWith({}, { ca: pem.ca, cert: pem.clientCert, key: pem.clientKey });
    expect((await call(runtime)).data).toEqual({ client: 'relais-client' });
  });

  it('without the client certificate the server refuses the handshake; without the CA the certificate is refused', async () => {
    const noCert = runtimeWith({ internal: { type: 'bearer', token: 'internal-token-1234', tls: { ca: pem.ca } } });
    expect((await relaisRejection(call(noCert, 'internal'))).code).toBe('connect_failed');
    const wrongCa = runtimeWith({ internal: { type: 'bearer', token: 'internal-token-1234', tls: { ca: pem.otherCa, cert: pem.clientCert, key: pem.clientKey } } });
    const error = await relaisRejection(call(wrongCa, 'internal'));
    expect(error.code).toBe('connect_failed');
    expect(error.message).toMatch(/certificate|TLS/);
  });

  it('connections are not shared between credentials with different certificates', async () => {
    const runtime = runtimeWith({ withCert: { type: 'bearer', token: 'internal-token-1234', tls: { ca: pem.ca, cert: pem.clientCert, key: pem.clientKey } }, withoutCert: { type: 'bearer', token: 'internal-token-5678', tls: { ca: pem.ca } } });
    expect((await call(runtime, 'withCert')).data).toEqual({ client: 'relais-client' });
    expect((await relaisRejection(call(runtime, 'withoutCert'))).code).toBe('connect_failed');
  });

  describe('a PEM that does not load is an invalid_block naming the field', () => {
    const cases: Array<[string, () => Record<string, string>, string]> = [
      ['a CA that is not a certificate', () => ({ ca: 'not a certificate' }), 'credential.tls.ca'],
      ['a corrupt CA certificate', () => ({ ca: pem.ca.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!') }), 'credential.tls.ca'],
      ['a key that is not a key', () => ({ cert: pem.clientCert, key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }), 'credential.tls.key'],
      ['a certificate without its key', () => ({ cert: pem.clientCert }), 'credential.tls.key'],
      ['a key that does not belong to the certificate', () => ({ cert: pem.otherCa, key: pem.clientKey }), 'credential.tls.key'],
      ['an encrypted key without its passphrase', () => ({ cert: pem.clientCert, key: pem.encryptedKey }), 'credential.tls.passphrase'],
      ['a wrong passphrase', () => ({ cert: pem.clientCert, key: pem.encryptedKey, passphrase: 'wrong-passphrase' }), 'credential.tls.passphrase'],
    ];
    it.each(cases)('%s', async (_title, tls, path) => {
      const runtime = runtimeWith({ internal: { type: 'bearer', token: 'internal-token-1234', tls: tls() } });
      const before = peers.length;
      const error = await relaisRejection(call(runtime, 'internal'));
      expect(error.code).toBe('invalid_block');
      expect(error.issues[0].path).toBe(path);
      expect(peers.length).toBe(before);
      const text = JSON.stringify(error.toJSON());
      for (const material of [pem.clientKey, pem.encryptedKey, pem.clientCert]) expect(text).not.toContain(material.split('\n')[2]);
    });

    it('on the runtime: createRuntime refuses it, naming tls.ca', () => {
      expect(() => createRuntime({ tls: { ca: 'nope' } })).toThrow(expect.objectContaining({ code: 'invalid_block', issues: [expect.objectContaining({ path: 'tls.ca' })] }));
    });
  });
});
