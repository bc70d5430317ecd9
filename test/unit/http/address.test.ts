import { checkAddress } from '../../../src/http/address';

describe('checkAddress', () => {
  const refused: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped IPv6 address of a loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped IPv6 address of a loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['::ffff:0:127.0.0.1', 'IPv4-translated'],
    ['64:ff9b::10.0.0.1', 'NAT64 address of a private'],
    ['64:ff9b::7f00:1', 'NAT64 address of a loopback'],
    ['2002:7f00:1::', '6to4 address of a loopback'],
    ['2001:db8::1', 'documentation'],
  ];
  it.each(refused)('refuses %s (%s)', (ip, reason) => {
    const verdict = checkAddress(ip);
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) {
      expect(verdict.category).toBe('private');
      expect(verdict.reason).toContain(reason);
    }
  });

  it.each(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '::ffff:169.254.169.254'])('classes %s as cloud metadata', (ip) => {
    expect(checkAddress(ip)).toMatchObject({ allowed: false, category: 'metadata' });
  });

  // Issue 14, finding 6: every always-refused address of docs/transport.md, and its IPv4-mapped,
  // IPv4-translated, IPv4-compatible, NAT64 (well-known and local-use) and 6to4 spellings.
  const METADATA_V4 = ['169.254.169.254', '169.254.169.253', '169.254.169.123', '169.254.170.2', '169.254.170.23', '168.63.129.16', '100.100.100.200', '192.0.0.192', '169.254.0.23', '169.254.42.42'];
  const METADATA_V6 = ['fd00:ec2::254', 'fd00:ec2::253', 'fd00:ec2::123', 'fd00:ec2::23', 'fd20:ce::254', 'fd00:a9fe:a9fe::1', 'fd00:42::42', 'fd00:c1::a9fe:a9fe', 'fd00:100::100:200', 'FD00:EC2:0:0:0:0:0:253', 'fd00:0ec2::0253'];
  const hex = (v4: string) => {
    const [a, b, c, d] = v4.split('.').map(Number);
    return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  };
  const embedded = METADATA_V4.flatMap((v4) => {
    const [high, low] = hex(v4);
    const [, , c, d] = v4.split('.').map(Number);
    // The local-use NAT64 /48 form (RFC 6052): octets 1–2 in bits 48–63, 3–4 in bits 72–87.
    return [`::ffff:${v4}`, `::ffff:${high}:${low}`, `::ffff:0:${v4}`, `::${v4}`, `64:ff9b::${v4}`, `64:ff9b::${high}:${low}`, `2002:${high}:${low}::1`, `64:ff9b:1::${high}:${low}`, `64:ff9b:1:${high}:${c.toString(16)}:${(d << 8).toString(16)}::`, `[::ffff:${v4}]`];
  });
  it.each([...METADATA_V4, ...METADATA_V6, ...embedded])('classes %s as cloud metadata (always refused)', (ip) => {
    expect(checkAddress(ip)).toMatchObject({ allowed: false, category: 'metadata' });
  });

  it('leaves the neighbours of the public one public (168.63.129.15 and .17 are ordinary addresses)', () => {
    expect(checkAddress('168.63.129.15')).toEqual({ allowed: true });
    expect(checkAddress('168.63.129.17')).toEqual({ allowed: true });
    expect(checkAddress('64:ff9b::a83f:8111')).toEqual({ allowed: true });
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('allows public %s', (ip) => {
    expect(checkAddress(ip)).toEqual({ allowed: true });
  });
});
