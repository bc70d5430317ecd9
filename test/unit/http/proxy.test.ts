// Calls through a real forward proxy (Debian's tinyproxy, started by the test on 127.0.0.1) with the
// SSRF guard still in charge: the target name is resolved and judged by Relais, the proxy is asked to
// CONNECT to the judged address (its log shows the authority it was given), TLS runs end to end with
// the original name (SNI and certificate check), and a refused target never reaches the proxy.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { executeBlock } from '../../../src/actions';
import { parseBlock } from '../../../src/blocks';
import { createHttpClient } from '../../../src/http/client';
import type { Resolver } from '../../../src/http/guard';
import type { HttpClient, NetworkPolicy } from '../../../src/http/types';
import { createRuntime } from '../../../src/runtime';
import { describeWhen } from '../../support/prerequisites';
import { relaisRejection } from '../../support/rejection';
import { startTestServer, type TestServer } from '../../support/servers';
import { startTinyproxy, TINYPROXY, type Tinyproxy } from '../../support/tinyproxy';

const openssl = ['/usr/bin/openssl', '/usr/local/bin/openssl'].find((p) => existsSync(p));

describeWhen(TINYPROXY !== undefined && openssl !== undefined, 'calls through a forward proxy', 'tinyproxy and openssl (apt-get install tinyproxy openssl)', () => {
  let proxy: Tinyproxy;
  let plain: TestServer;
  let https: Server;
  let httpsPort: number;
  let ca: string;
  let dir: string;
  const sni: (string | false | null)[] = [];
  const clients: HttpClient[] = [];
  const resolver: Resolver = async (hostname) => {
    if (hostname === 'api.relais.test') return [{ address: '127.0.0.1', family: 4 }];
    if (hostname === 'intranet.relais.test') return [{ address: '10.1.2.3', family: 4 }];
    if (hostname === 'metadata.relais.test') return [{ address: '169.254.169.254', family: 4 }];
    if (hostname === '127.0.0.1') return [{ address: '127.0.0.1', family: 4 }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  };
  const client = (policy: Partial<NetworkPolicy>) => {
    const created = createHttpClient({ allow_private_network: false, allowed_hosts: [], max_response_bytes: 1 << 20, ...policy }, { resolver, tls: { ca } });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-proxy-'));
    execFileSync(openssl as string, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=api.relais.test', '-addext', 'subjectAltName=DNS:api.relais.test'], { stdio: 'ignore' });
    ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
    https = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: ca }, (req, res) => {
      sni.push((req.socket as TLSSocket).servername);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ host: req.headers.host, path: req.url }));
    });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    httpsPort = (https.address() as AddressInfo).port;
    plain = await startTestServer();
    proxy = await startTinyproxy();
  }, 30_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await proxy?.close();
    await plain?.close();
    https?.closeAllConnections();
    await new Promise((resolve) => https?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
    delete process.env.HTTPS_PROXY;
    delete process.env.NO_PROXY;
  });

  it('https: the proxy is asked to CONNECT to the judged address; TLS keeps the name (SNI, certificate)', async () => {
    const response = await client({ proxy: proxy.url, allowed_hosts: ['api.relais.test'] }).request({ method: 'GET', url: `https://api.relais.test:${httpsPort}/orders`, timeout_ms: 5000 });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ host: `api.relais.test:${httpsPort}`, path: '/orders' });
    expect(sni[sni.length - 1]).toBe('api.relais.test');
    expect(proxy.requestLines()).toContain(`CONNECT 127.0.0.1:${httpsPort} HTTP/1.1`);
    expect(proxy.requestLines().some((line) => line.includes('api.relais.test'))).toBe(false);
  });

  it('http targets are tunnelled too (one guarded path), and an action runs through the proxy', async () => {
    const runtime = createRuntime({ network: { proxy: proxy.url, allowed_ranges: ['127.0.0.0/8'] } });
    try {
      const block = parseBlock({ id: 'p', type: 'action', data: { label: 'P', parameters: { action_type: 'http_request', http_method: 'GET', url: `${plain.origin}/json`, allow_http: 'true' } } });
      const result = await executeBlock(block, { variables: {} }, runtime);
      expect(result.meta.status).toBe(200);
      expect(proxy.requestLines()).toContain(`CONNECT 127.0.0.1:${plain.port} HTTP/1.1`);
    } finally {
      await runtime.close();
    }
  });

  it('SSRF refusals still hold through the proxy: nothing reaches it', async () => {
    const before = proxy.requestLines().length;
    const proxied = client({ proxy: proxy.url });
    for (const url of [`https://intranet.relais.test/`, `https://metadata.relais.test/`, 'http://169.254.169.254/latest/meta-data/', `https://api.relais.test:${httpsPort}/`]) {
      const error = await relaisRejection(proxied.request({ method: 'GET', url, timeout_ms: 3000, allow_http: true }));
      expect(error.code).toBe('blocked_url');
    }
    // allowed_ranges never opens metadata addresses, through the proxy either.
    const ranged = client({ proxy: proxy.url, allowed_ranges: ['169.254.0.0/16', '10.0.0.0/8'] });
    expect((await relaisRejection(ranged.request({ method: 'GET', url: 'https://metadata.relais.test/', timeout_ms: 3000 }))).code).toBe('blocked_url');
    expect(proxy.requestLines().length).toBe(before);
  });

  it('HTTPS_PROXY and NO_PROXY are used when use_env_proxy is set, and only then', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = 'localhost,.internal.example';
    try {
      let before = proxy.requestLines().length;
      await client({ use_env_proxy: true, allowed_hosts: ['api.relais.test'] }).request({ method: 'GET', url: `https://api.relais.test:${httpsPort}/env`, timeout_ms: 5000 });
      expect(proxy.requestLines().length).toBe(before + 1);
      before = proxy.requestLines().length;
      await client({ allowed_hosts: ['api.relais.test'] }).request({ method: 'GET', url: `https://api.relais.test:${httpsPort}/direct`, timeout_ms: 5000 });
      process.env.NO_PROXY = 'relais.test';
      await client({ use_env_proxy: true, allowed_hosts: ['api.relais.test'] }).request({ method: 'GET', url: `https://api.relais.test:${httpsPort}/no-proxy`, timeout_ms: 5000 });
      expect(proxy.requestLines().length).toBe(before);
    } finally {
      delete process.env.HTTPS_PROXY;
      delete process.env.NO_PROXY;
    }
  });

  it('a proxy that is down is connect_failed naming the proxy', async () => {
    const error = await relaisRejection(client({ proxy: 'http://127.0.0.1:9', allowed_hosts: ['api.relais.test'] }).request({ method: 'GET', url: `https://api.relais.test:${httpsPort}/`, timeout_ms: 5000 }));
    expect(error.code).toBe('connect_failed');
    expect(error.message).toContain('through the proxy 127.0.0.1:9');
  });

  describe('a bad proxy setting is an invalid_block naming it', () => {
    it.each([
      ['http://proxy.internal:3128/path', 'network.proxy'],
      ['http://proxy.internal:3128/?x=1', 'network.proxy'],
      ['socks5://proxy.internal:1080', 'network.proxy'],
      ['http://[::1', 'network.proxy'],
    ])('%s', (value, path) => {
      expect(() => createRuntime({ network: { proxy: value } })).toThrow(expect.objectContaining({ code: 'invalid_block', issues: [expect.objectContaining({ path })] }));
    });

    it('HTTPS_PROXY with a path, when use_env_proxy is set', () => {
      process.env.HTTPS_PROXY = 'http://proxy.internal:3128/squid';
      try {
        expect(() => createRuntime({ network: { use_env_proxy: true } })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: 'HTTPS_PROXY' })] }));
      } finally {
        delete process.env.HTTPS_PROXY;
      }
    });
  });
});
