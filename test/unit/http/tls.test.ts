// HTTPS through the pinned connection: the guarded lookup connects to the checked address while TLS still
// uses the URL's host name for SNI and certificate verification. Uses a throwaway certificate made by
// openssl for api.relais.test (and a substitute resolver mapping that name to 127.0.0.1).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RelaisError } from '../../../src/errors';
import { createHttpClient } from '../../../src/http/client';
import type { Resolver } from '../../../src/http/guard';
import type { HttpClient } from '../../../src/http/types';
import { describeWhen } from '../../support/prerequisites';

const openssl = ['/usr/bin/openssl', '/usr/local/bin/openssl'].find((p) => existsSync(p));

describeWhen(openssl !== undefined, 'HTTPS with the SSRF guard', 'openssl (apt-get install openssl)', () => {
  let dir: string;
  let cert: string;
  let server: Server;
  let port: number;
  const servernames: (string | false | null)[] = [];
  const clients: HttpClient[] = [];
  const resolver: Resolver = async (hostname) => {
    if (hostname.endsWith('.relais.test')) return [{ address: '127.0.0.1', family: 4 }];
    throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
  };
  const client = (allowed: string[]) => {
    const created = createHttpClient({ allow_private_network: false, allowed_hosts: allowed, max_response_bytes: 1 << 20 }, { resolver, ca: cert });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-tls-'));
    execFileSync(openssl as string, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=api.relais.test', '-addext', 'subjectAltName=DNS:api.relais.test'], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
      servernames.push((req.socket as TLSSocket).servername);
      if (req.url?.startsWith('/to-http')) {
        res.writeHead(302, { location: `http://api.relais.test:${port}/plain` });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ host: req.headers.host }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects to the checked address with the right SNI, certificate name and Host header', async () => {
    const response = await client(['api.relais.test']).request({ method: 'GET', url: `https://api.relais.test:${port}/`, timeout_ms: 3000 });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ host: `api.relais.test:${port}` });
    expect(servernames).toContain('api.relais.test');
  });

  it('still verifies the certificate against the host name', async () => {
    const error = await client(['wrong.relais.test']).request({ method: 'GET', url: `https://wrong.relais.test:${port}/`, timeout_ms: 3000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelaisError);
    expect((error as RelaisError).code).toBe('connect_failed');
    expect((error as RelaisError).message).toMatch(/TLS certificate/);
  });

  it('refuses the loopback address behind the name without an opt-in', async () => {
    const error = await client([]).request({ method: 'GET', url: `https://api.relais.test:${port}/`, timeout_ms: 3000 }).catch((e: unknown) => e);
    expect((error as RelaisError).code).toBe('blocked_url');
  });

  it('refuses a redirect from https down to http', async () => {
    const error = await client(['api.relais.test']).request({ method: 'GET', url: `https://api.relais.test:${port}/to-http`, timeout_ms: 3000 }).catch((e: unknown) => e);
    expect((error as RelaisError).code).toBe('insecure_url');
  });
});
