// The SSRF guard against a real 127.0.0.1 server: with a policy that does NOT allow private networks,
// every form of a loopback/private/metadata target is refused; allowed_hosts and allow_private_network
// let them through. Host names are judged on the address they resolve to (a substitute resolver stands
// in for DNS where a public-looking name must resolve to a private address).
import { RelaisError } from '../../../src/errors';
import { createHttpClient } from '../../../src/http/client';
import { createAllowList, credentialHostAllowed } from '../../../src/http/policy';
import type { Resolver } from '../../../src/http/guard';
import type { HttpClient, NetworkPolicy } from '../../../src/http/types';
import { relaisRejection } from '../../support/rejection';
import { startTestServer, type TestServer } from '../../support/servers';

let server: TestServer;
let other: TestServer;
const clients: HttpClient[] = [];

const fakeDns: Record<string, string[]> = {
  'public.relais.test': ['10.0.0.5'],
  'mixed.relais.test': ['93.184.216.34', '127.0.0.1'],
  'api.relais.test': ['127.0.0.1'],
  'mapped.relais.test': ['::ffff:127.0.0.1'],
  'wireserver.relais.test': ['168.63.129.16'],
  'imds6.relais.test': ['fd00:ec2::254'],
  'dns.relais.test': ['169.254.169.253'],
};
const resolver: Resolver = async (hostname) => {
  if (hostname === 'hang.relais.test') return new Promise(() => undefined); // a DNS server that never answers
  const addresses = fakeDns[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

function client(policy: Partial<NetworkPolicy> = {}, withResolver = false): HttpClient {
  const created = createHttpClient({ allow_private_network: false, allowed_hosts: [], max_response_bytes: 1 << 20, ...policy }, withResolver ? { resolver } : {});
  clients.push(created);
  return created;
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RelaisError);
    return (error as RelaisError).code;
  }
  return 'ok';
}

beforeAll(async () => {
  [server, other] = await Promise.all([startTestServer(), startTestServer()]);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([server.close(), other.close()]);
});

const get = (c: HttpClient, url: string, extra: { allow_private_network?: boolean } = {}) => c.request({ method: 'GET', url, timeout_ms: 2000, allow_http: true, ...extra });

describe('SSRF guard (private networks not allowed)', () => {
  const forms = (port: number) => [
    `http://127.0.0.1:${port}/json`,
    `http://2130706433:${port}/json`,
    `http://0x7f000001:${port}/json`,
    `http://0177.0.0.1:${port}/json`,
    `http://127.1:${port}/json`,
    `http://0x7f.1:${port}/json`,
    `http://127.000.000.001:${port}/json`,
    `http://[::1]:${port}/json`,
    `http://[::ffff:127.0.0.1]:${port}/json`,
    `http://[::ffff:7f00:1]:${port}/json`,
    `http://[0:0:0:0:0:ffff:127.0.0.1]:${port}/json`,
    `http://[::127.0.0.1]:${port}/json`,
    `http://[64:ff9b::127.0.0.1]:${port}/json`,
    `http://0:${port}/json`,
    `http://localhost:${port}/json`,
    `http://LOCALHOST.:${port}/json`,
  ];

  it('refuses every encoded form of a loopback target, and the server never sees a request', async () => {
    const strict = client();
    const before = server.requests.length;
    const codes = await Promise.all(forms(server.port).map((url) => code(get(strict, url))));
    expect(codes).toEqual(forms(server.port).map(() => 'blocked_url'));
    expect(server.requests.length).toBe(before);
  });

  it.each(['http://10.0.0.1/', 'http://172.16.5.4/', 'http://192.168.0.1/', 'http://169.254.1.1/', 'http://100.64.0.1/', 'http://[fe80::1]/', 'http://[fd00::1]/', 'http://224.0.0.1/', 'http://255.255.255.255/'])(
    'refuses %s before connecting',
    async (url) => {
      expect(await code(get(client(), url))).toBe('blocked_url');
    },
  );

  it('judges a URL object handed over already parsed (HttpRequest.url) exactly as its text', async () => {
    const open = client({ allow_private_network: true });
    expect(await code(open.request({ method: 'GET', url: new URL('http://169.254.169.254/latest/meta-data/'), timeout_ms: 2000, allow_http: true }))).toBe('blocked_url');
    expect(await code(client().request({ method: 'GET', url: new URL(`http://127.0.0.1:${server.port}/json`), timeout_ms: 2000, allow_http: true }))).toBe('blocked_url');
    expect(await code(open.request({ method: 'GET', url: new URL(`http://127.0.0.1:${server.port}/json`), timeout_ms: 2000 }))).toBe('insecure_url');
    expect(await code(open.request({ method: 'GET', url: new URL('file:///etc/passwd'), timeout_ms: 2000, allow_http: true }))).toBe('blocked_url');
    expect(await code(open.request({ method: 'GET', url: new URL(`http://127.0.0.1:${server.port}/json`), timeout_ms: 2000, allow_http: true }))).toBe('ok');
  });

  it('refuses cloud metadata even with allow_private_network, by address and by name', async () => {
    const open = client({ allow_private_network: true });
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/', 'http://metadata.google.internal/computeMetadata/v1/', 'http://100.100.100.200/']) {
      expect(await code(get(open, url))).toBe('blocked_url');
    }
  });

  it('refuses a public-looking name resolving to a private address, and a name mixing public and private', async () => {
    const strict = client({}, true);
    expect(await code(get(strict, `http://public.relais.test:${server.port}/json`))).toBe('blocked_url');
    expect(await code(get(strict, `http://mixed.relais.test:${server.port}/json`))).toBe('blocked_url');
    expect(await code(get(strict, `http://mapped.relais.test:${server.port}/json`))).toBe('blocked_url');
    expect(await code(get(strict, `http://api.relais.test:${server.port}/json`))).toBe('blocked_url');
  });

  it('the deadline covers DNS: a lookup that never answers ends in timeout', async () => {
    const started = Date.now();
    const hanging = client({ allowed_hosts: ['hang.relais.test'] }, true);
    expect(await code(hanging.request({ method: 'GET', url: 'https://hang.relais.test/x', timeout_ms: 300 }))).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a redirect to a private address (each hop is checked)', async () => {
    const entry = client({ allowed_hosts: [`127.0.0.1:${server.port}`] });
    const to = (target: string) => `${server.origin}/redirect?to=${encodeURIComponent(target)}`;
    expect(await code(get(entry, to(`${other.origin}/json`)))).toBe('blocked_url');
    expect(await code(get(entry, to(`http://[::1]:${other.port}/json`)))).toBe('blocked_url');
    expect(await code(get(entry, to('http://169.254.169.254/latest/meta-data/')))).toBe('blocked_url');
    expect(await code(get(entry, to(`http://localhost:${other.port}/json`)))).toBe('blocked_url');
    expect(other.requests.length).toBe(0);
  });

  it('says what to do in the message', async () => {
    try {
      await get(client(), `http://127.0.0.1:${server.port}/json`);
    } catch (error) {
      expect((error as Error).message).toMatch(/loopback address.*allow_private_network.*allowed_hosts/);
      return;
    }
    throw new Error('expected blocked_url');
  });
});

describe('cloud metadata and platform addresses: refused whatever the opt-ins (issue 14)', () => {
  // Nothing listens at these addresses here: before the fix the client tried to connect (and failed with
  // timeout or connect_failed); refused, it never does.
  const fast = (c: HttpClient, url: string, extra: { allow_private_network?: boolean } = {}) => c.request({ method: 'GET', url, timeout_ms: 1000, allow_http: true, ...extra });

  it('refuses Azure WireServer (a public address) with no opt-in', async () => {
    const error = await relaisRejection(fast(client(), 'http://168.63.129.16/machine?comp=goalstate'));
    expect(error.code).toBe('blocked_url');
    expect(error.message).toMatch(/cloud metadata address; Relais never connects to cloud metadata or platform addresses .* no opt-in opens them/);
  });

  it.each(['http://169.254.169.253/', 'http://[fd00:ec2::253]/', 'http://169.254.169.123/', 'http://169.254.170.23/v1/credentials', 'http://[fd00:ec2::23]/', 'http://168.63.129.16/', 'http://[fd20:ce::254]/', 'http://169.254.0.23/', 'http://[::ffff:a9fe:a9fd]/', 'http://[64:ff9b::a83f:8110]/'])(
    'refuses %s under allow_private_network (runtime and action)',
    async (url) => {
      expect(await code(fast(client({ allow_private_network: true }), url))).toBe('blocked_url');
      expect(await code(fast(client(), url, { allow_private_network: true }))).toBe('blocked_url');
    },
  );

  it('refuses them even when allowed_hosts lists them, by literal or by a name resolving to one', async () => {
    expect(await code(fast(client({ allowed_hosts: ['168.63.129.16', '169.254.169.253', '[fd00:ec2::253]'] }), 'http://168.63.129.16/'))).toBe('blocked_url');
    expect(await code(fast(client({ allowed_hosts: ['169.254.169.253'] }), 'http://169.254.169.253/'))).toBe('blocked_url');
    expect(await code(fast(client({ allowed_hosts: ['fd00:ec2::253'] }), 'http://[fd00:ec2::253]/'))).toBe('blocked_url');
    const named = client({ allowed_hosts: ['*.relais.test'], allow_private_network: true }, true);
    for (const host of ['wireserver.relais.test', 'imds6.relais.test', 'dns.relais.test']) {
      const error = await relaisRejection(fast(named, `http://${host}/`));
      expect(error.code).toBe('blocked_url');
      expect(error.message).toContain('no opt-in opens them');
    }
  });

  it('refuses a redirect to one from an allowed host', async () => {
    const entry = client({ allowed_hosts: [`127.0.0.1:${server.port}`], allow_private_network: true });
    expect(await code(fast(entry, `${server.origin}/redirect?to=${encodeURIComponent('http://169.254.169.253/')}`))).toBe('blocked_url');
    expect(await code(fast(entry, `${server.origin}/redirect?to=${encodeURIComponent('http://168.63.129.16/')}`))).toBe('blocked_url');
  });
});

describe('opting in', () => {
  it('allowed_hosts with host:port lets that host through (also in encoded form), not other ports', async () => {
    const allowed = client({ allowed_hosts: [`127.0.0.1:${server.port}`] });
    expect((await get(allowed, `http://127.0.0.1:${server.port}/json`)).status).toBe(200);
    expect((await get(allowed, `http://2130706433:${server.port}/json`)).status).toBe(200);
    expect(await code(get(allowed, `http://127.0.0.1:${other.port}/json`))).toBe('blocked_url');
  });

  it('allowed_hosts by name: the name is trusted whatever it resolves to, and Host stays the name', async () => {
    const named = client({ allowed_hosts: ['api.relais.test'] }, true);
    const response = await get(named, `http://api.relais.test:${server.port}/echo`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString()).headers.host).toBe(`api.relais.test:${server.port}`);
    const wildcard = client({ allowed_hosts: ['*.relais.test'] }, true);
    expect((await get(wildcard, `http://api.relais.test:${server.port}/json`)).status).toBe(200);
  });

  it('allow_private_network on the call or the policy lets private addresses through', async () => {
    expect((await get(client(), `http://127.0.0.1:${server.port}/json`, { allow_private_network: true })).status).toBe(200);
    expect((await get(client({ allow_private_network: true }), `http://localhost:${server.port}/json`)).status).toBe(200);
  });

  it('allowed hosts still need allow_http for plain http', async () => {
    const allowed = client({ allowed_hosts: [`127.0.0.1:${server.port}`] });
    expect(await code(allowed.request({ method: 'GET', url: `http://127.0.0.1:${server.port}/json`, timeout_ms: 1000 }))).toBe('insecure_url');
  });

  it('refuses other schemes and credentials in the URL', async () => {
    const open = client({ allow_private_network: true });
    expect(await code(get(open, 'ftp://127.0.0.1/x'))).toBe('blocked_url');
    expect(await code(get(open, `http://user:pw@127.0.0.1:${server.port}/json`))).toBe('blocked_url');
  });
});

describe('createAllowList', () => {
  const isAllowed = createAllowList(['127.0.0.1:8080', '*.corp.example']);

  it('lets listed hosts (and ports) through and nothing else', () => {
    expect(isAllowed(new URL('http://127.0.0.1:8080/x'))).toBe(true);
    expect(isAllowed(new URL('http://127.0.0.1:8081/x'))).toBe(false);
    expect(isAllowed(new URL('https://api.corp.example/'))).toBe(true);
    expect(isAllowed(new URL('https://corp.example.evil.com/'))).toBe(false);
  });

  it('judges each URL as it is, also one changed in place after a verdict (no verdict is remembered)', () => {
    const url = new URL('http://127.0.0.1:8080/orders');
    expect(isAllowed(url)).toBe(true);
    expect(isAllowed(url)).toBe(true);
    url.host = '169.254.169.254';
    expect(isAllowed(url)).toBe(false);
    url.port = '8080';
    url.hostname = '127.0.0.1';
    expect(isAllowed(url)).toBe(true);
  });
});

describe('credentialHostAllowed', () => {
  it('judges by the entries a list holds now, not by the array that held them (an edit in place counts)', () => {
    const hosts = ['api.example.com'];
    const api = new URL('https://api.example.com/orders');
    expect(credentialHostAllowed(hosts, api)).toBe(true);
    hosts[0] = 'crm.example.com';
    expect(credentialHostAllowed(hosts, api)).toBe(false);
    expect(credentialHostAllowed(hosts, new URL('https://crm.example.com/'))).toBe(true);
    // Another array with the same entries is the same list.
    expect(credentialHostAllowed(['crm.example.com'], new URL('https://crm.example.com/'))).toBe(true);
    expect(credentialHostAllowed(['crm.example.com'], api)).toBe(false);
  });
});
