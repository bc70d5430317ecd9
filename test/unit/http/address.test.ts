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

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('allows public %s', (ip) => {
    expect(checkAddress(ip)).toEqual({ allowed: true });
  });
});
