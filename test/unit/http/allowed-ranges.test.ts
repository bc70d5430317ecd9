// network.allowed_ranges: CIDR ranges (node's net.BlockList) judged on the address actually connected to
// — a name resolving into the range is let through, one resolving elsewhere in the private network is
// not, metadata addresses never are, and an entry that does not parse is an invalid_block naming it.
import { createHttpClient } from '../../../src/http/client';
import type { Resolver } from '../../../src/http/guard';
import type { HttpClient, NetworkPolicy } from '../../../src/http/types';
import { createRuntime } from '../../../src/runtime';
import { relaisRejection } from '../../support/rejection';
import { startTestServer, type TestServer } from '../../support/servers';

let server: TestServer;
const clients: HttpClient[] = [];
const resolver: Resolver = async (hostname) => {
  const table: Record<string, string> = { 'loopback.relais.test': '127.0.0.1', 'other.relais.test': '127.0.0.2', 'metadata.relais.test': '169.254.169.254', 'v6.relais.test': '::1' };
  if (table[hostname]) return [{ address: table[hostname], family: table[hostname].includes(':') ? 6 : 4 }];
  throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
};
const client = (policy: Partial<NetworkPolicy>) => {
  const created = createHttpClient({ allow_private_network: false, allowed_hosts: [], max_response_bytes: 1 << 20, ...policy }, { resolver });
  clients.push(created);
  return created;
};
const get = (c: HttpClient, url: string) => c.request({ method: 'GET', url, timeout_ms: 3000, allow_http: true });

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

it('a name resolving inside a range is connected to; outside it, refused on the connected address', async () => {
  const ranged = client({ allowed_ranges: ['127.0.0.1/32'] });
  expect((await get(ranged, `http://loopback.relais.test:${server.port}/json`)).status).toBe(200);
  expect((await relaisRejection(get(ranged, `http://other.relais.test:${server.port}/json`))).code).toBe('blocked_url');
  // Without the range, the same loopback name is refused.
  expect((await relaisRejection(get(client({}), `http://loopback.relais.test:${server.port}/json`))).code).toBe('blocked_url');
});

it('literal addresses are judged against the ranges too', async () => {
  expect((await get(client({ allowed_ranges: ['127.0.0.0/8'] }), `${server.origin}/json`)).status).toBe(200);
  expect((await relaisRejection(get(client({ allowed_ranges: ['10.0.0.0/8', 'fd00::/8'] }), `${server.origin}/json`))).code).toBe('blocked_url');
});

it('metadata addresses stay refused whatever the ranges say', async () => {
  const ranged = client({ allowed_ranges: ['169.254.0.0/16', '0.0.0.0/0'] });
  expect((await relaisRejection(get(ranged, 'http://metadata.relais.test/latest/meta-data/'))).code).toBe('blocked_url');
  expect((await relaisRejection(get(ranged, 'http://169.254.169.254/latest/meta-data/'))).code).toBe('blocked_url');
});

it('a CIDR that does not parse is an invalid_block naming the entry, at configuration time', () => {
  for (const [bad, index] of [['10.0.0/8', 1], ['10.0.0.0/33', 1], ['fd00::/129', 1], ['intranet', 1], ['10.0.0.0/8/1', 1]] as const) {
    expect(() => createRuntime({ network: { allowed_ranges: ['192.168.0.0/16', bad] } })).toThrow(
      expect.objectContaining({ code: 'invalid_block', issues: [expect.objectContaining({ path: `network.allowed_ranges[${index}]` })] }),
    );
  }
});

it('ranges are compiled by the entries a list holds now, not by the array that held them (an edit in place counts)', async () => {
  const ranges = ['127.0.0.1/32'];
  const ranged = client({ allowed_ranges: ranges });
  expect((await get(ranged, `http://loopback.relais.test:${server.port}/json`)).status).toBe(200);
  // A client created after the list was narrowed in place judges by the narrowed list.
  ranges[0] = '127.0.0.2/32';
  const narrowed = client({ allowed_ranges: ranges });
  expect((await relaisRejection(get(narrowed, `http://loopback.relais.test:${server.port}/json`))).code).toBe('blocked_url');
});
