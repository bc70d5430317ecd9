// Which IP addresses an action may connect to. Everything that is not a public unicast address is
// refused unless the caller opts in: loopback, private, link-local, CGNAT, unique-local, multicast,
// reserved, documentation ranges, and IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64,
// 6to4), which are judged by the address they embed. Cloud metadata and platform addresses get their own
// category: they are always refused, whatever opt-in (docs/transport.md lists them, with sources).
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { BoundedCache } from '../bounded-cache';
import { RelaisError } from '../errors';

export type AddressVerdict =
  | { allowed: true }
  | { allowed: false; category: 'private' | 'metadata' | 'invalid'; reason: string };

interface Range4 {
  base: number;
  bits: number;
  reason: string;
}

function ipv4ToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

const range4 = (cidr: string, reason: string): Range4 => {
  const [base, bits] = cidr.split('/');
  return { base: ipv4ToInt(base), bits: Number(bits), reason };
};

const BLOCKED_V4: Range4[] = [
  range4('0.0.0.0/8', 'a "this network" address'),
  range4('10.0.0.0/8', 'a private address'),
  range4('100.64.0.0/10', 'a carrier-grade NAT address'),
  range4('127.0.0.0/8', 'a loopback address'),
  range4('169.254.0.0/16', 'a link-local address'),
  range4('172.16.0.0/12', 'a private address'),
  range4('192.0.0.0/24', 'an IETF protocol address'),
  range4('192.0.2.0/24', 'a documentation address'),
  range4('192.88.99.0/24', 'a 6to4 relay address'),
  range4('192.168.0.0/16', 'a private address'),
  range4('198.18.0.0/15', 'a benchmarking address'),
  range4('198.51.100.0/24', 'a documentation address'),
  range4('203.0.113.0/24', 'a documentation address'),
  range4('224.0.0.0/4', 'a multicast address'),
  range4('240.0.0.0/4', 'a reserved or broadcast address'),
];

/**
 * Cloud metadata and platform services: each hands out credentials or answers for the machine itself,
 * and sits inside a range a private-network opt-in would open (or, for Azure's, at a public address).
 * The list and its sources: docs/transport.md, "Always refused".
 */
const METADATA_V4 = new Set([
  '169.254.169.254', // instance metadata: AWS, Google Cloud, Azure, Oracle, DigitalOcean, OpenStack, Akamai/Linode, Hetzner…
  '169.254.169.253', // AWS: Amazon DNS (Route 53 Resolver)
  '169.254.169.123', // AWS: Time Sync service
  '169.254.170.2', // AWS: ECS task metadata and credentials
  '169.254.170.23', // AWS: EKS Pod Identity agent (credentials)
  '168.63.129.16', // Azure: WireServer (VM agent, DNS, DHCP, health probes) — a public address
  '100.100.100.200', // Alibaba Cloud: instance metadata
  '192.0.0.192', // Oracle Cloud Classic: instance metadata
  '169.254.0.23', // Tencent Cloud: instance metadata
  '169.254.42.42', // Scaleway: instance metadata
]);
/** In the groups form ipv6Groups gives, lower-case hex without leading zeros. */
const METADATA_V6 = new Set([
  'fd00:ec2:0:0:0:0:0:254', // AWS: instance metadata
  'fd00:ec2:0:0:0:0:0:253', // AWS: Amazon DNS
  'fd00:ec2:0:0:0:0:0:123', // AWS: Time Sync service
  'fd00:ec2:0:0:0:0:0:23', // AWS: EKS Pod Identity agent
  'fd20:ce:0:0:0:0:0:254', // Google Cloud: metadata server (IPv6)
  'fd00:a9fe:a9fe:0:0:0:0:1', // Akamai/Linode: metadata service (IPv6)
  'fd00:42:0:0:0:0:0:42', // Scaleway: instance metadata (IPv6)
  'fd00:c1:0:0:0:0:a9fe:a9fe', // Oracle Cloud: instance metadata (IPv6)
  'fd00:100:0:0:0:0:100:200', // Alibaba Cloud: instance metadata (IPv6)
]);
/** Host names of metadata services, refused before any DNS lookup. */
export const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

function inRange(value: number, range: Range4): boolean {
  const mask = range.bits === 0 ? 0 : (~0 << (32 - range.bits)) >>> 0;
  return ((value & mask) >>> 0) === ((range.base & mask) >>> 0);
}

function checkIPv4(ip: string): AddressVerdict {
  if (METADATA_V4.has(ip)) return { allowed: false, category: 'metadata', reason: 'a cloud metadata address' };
  const value = ipv4ToInt(ip);
  const hit = BLOCKED_V4.find((range) => inRange(value, range));
  return hit ? { allowed: false, category: 'private', reason: hit.reason } : { allowed: true };
}

/** Eight 16-bit groups, or undefined when the text is not an IPv6 address. */
function ipv6Groups(ip: string): number[] | undefined {
  let text = ip.replace(/^\[|\]$/g, '');
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (!isIPv6(text)) return undefined;
  // A trailing dotted IPv4 (::ffff:1.2.3.4) becomes two groups.
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const v4 = ipv4ToInt(dotted[1]);
    text = text.slice(0, -dotted[1].length) + `${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups].map((g) => parseInt(g, 16));
  return groups.length === 8 ? groups : undefined;
}

function embeddedIPv4(high: number, low: number): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

function checkIPv6(ip: string): AddressVerdict {
  const g = ipv6Groups(ip);
  if (!g) return { allowed: false, category: 'invalid', reason: 'not an IP address' };
  if (METADATA_V6.has(g.map((x) => x.toString(16)).join(':'))) return { allowed: false, category: 'metadata', reason: 'a cloud metadata address' };
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return { allowed: false, category: 'private', reason: 'the unspecified address' };
  if (zeros(0, 7) && g[7] === 1) return { allowed: false, category: 'private', reason: 'a loopback address' };
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d) and IPv4-compatible (::a.b.c.d).
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return judgeEmbedded(embeddedIPv4(g[6], g[7]), 'an IPv4-mapped IPv6 address');
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return judgeEmbedded(embeddedIPv4(g[6], g[7]), 'an IPv4-translated IPv6 address');
  // NAT64 well-known prefix 64:ff9b::/96 (the embedded address decides); local-use NAT64 64:ff9b:1::/48.
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return judgeEmbedded(embeddedIPv4(g[6], g[7]), 'a NAT64 address');
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return localNat64(g);
  // 6to4 (2002:a.b.c.d::/48) reaches the embedded IPv4 address.
  if (g[0] === 0x2002) return judgeEmbedded(embeddedIPv4(g[1], g[2]), 'a 6to4 address');
  if (g[0] === 0x2001 && g[1] === 0) return { allowed: false, category: 'private', reason: 'a Teredo address' };
  if (g[0] === 0x2001 && g[1] === 0xdb8) return { allowed: false, category: 'private', reason: 'a documentation address' };
  if (g[0] === 0x100 && zeros(1, 4)) return { allowed: false, category: 'private', reason: 'a discard address' };
  if ((g[0] & 0xffc0) === 0xfe80) return { allowed: false, category: 'private', reason: 'a link-local address' };
  if ((g[0] & 0xffc0) === 0xfec0) return { allowed: false, category: 'private', reason: 'a site-local address' };
  if ((g[0] & 0xfe00) === 0xfc00) return { allowed: false, category: 'private', reason: 'a unique-local address' };
  if ((g[0] & 0xff00) === 0xff00) return { allowed: false, category: 'private', reason: 'a multicast address' };
  return { allowed: true };
}

/**
 * Local-use NAT64 (64:ff9b:1::/48, RFC 8215) is private, but the operator's translator reaches the IPv4
 * address it embeds — at bits 96–127 for a /96 prefix, or at bits 48–63 and 72–87 for the /48 itself
 * (RFC 6052 skips bits 64–71): a metadata address in either place is refused as metadata.
 */
function localNat64(g: number[]): AddressVerdict {
  const candidates = [embeddedIPv4(g[6], g[7]), embeddedIPv4(g[3], ((g[4] & 0xff) << 8) | (g[5] >> 8))];
  const metadata = candidates.map((v4) => checkIPv4(v4)).find((verdict) => !verdict.allowed && verdict.category === 'metadata');
  return metadata && !metadata.allowed ? { ...metadata, reason: `a local NAT64 address of ${metadata.reason}` } : { allowed: false, category: 'private', reason: 'a local NAT64 address' };
}

function judgeEmbedded(v4: string, form: string): AddressVerdict {
  const verdict = checkIPv4(v4);
  return verdict.allowed ? verdict : { ...verdict, reason: `${form} of ${verdict.reason}` };
}

/** Whether connecting to `ip` (IPv4 or IPv6, brackets allowed) is allowed without an opt-in. */
export function checkAddress(ip: string): AddressVerdict {
  if (isIPv4(ip)) return checkIPv4(ip);
  return checkIPv6(ip);
}

/**
 * Why a URL's host is a cloud metadata service (by name or by address), or undefined. For a hostname as
 * WHATWG URL parsing gives it (lower case, IPv4 in dotted form, IPv6 in brackets): the common cases are
 * one set lookup each, for the allow-listed hosts checked on every call.
 */
export function metadataReason(hostname: string): string | undefined {
  if (METADATA_V4.has(hostname)) return 'a cloud metadata address';
  if (hostname.charCodeAt(0) === 0x5b) {
    const verdict = checkAddress(hostname);
    return !verdict.allowed && verdict.category === 'metadata' ? verdict.reason : undefined;
  }
  return METADATA_HOSTS.has(hostname.endsWith('.') ? hostname.slice(0, -1) : hostname) ? 'a cloud metadata service' : undefined;
}

/** The host part of a URL if it is an IP literal (WHATWG URL parsing already turned 2130706433, 0x7f.1
 * and 0177.0.0.1 into dotted form), without brackets. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIPv4(bare) || isIPv6(bare) ? bare : undefined;
}

/** The runtime's `network.allowed_ranges`: CIDR ranges whose private addresses are let through. */
export interface AllowedRanges {
  has(ip: string): boolean;
}

// Invariant: the key is the entries as JSON text (all of them, in order: not the array's identity, which
// an edit in place would keep); the compiled ranges depend on nothing else (`field` only names the place
// in the error of an entry that does not parse, and those are not kept).
const compiledRanges = new BoundedCache<string, AllowedRanges>(100);

/** Compiles CIDR entries ("10.20.0.0/16", "fd00::/8", or one address) into a net.BlockList, once per
 * list; an entry that does not parse is an invalid_block naming it and its place in `field`. */
export function compileAllowedRanges(entries: readonly string[] | undefined, field = 'network.allowed_ranges'): AllowedRanges | undefined {
  if (!entries || entries.length === 0) return undefined;
  return compiledRanges.getOrCompute(JSON.stringify(entries), () => compileRanges(entries, field));
}

function compileRanges(entries: readonly string[], field: string): AllowedRanges {
  const list = new BlockList();
  entries.forEach((entry, index) => {
    const text = typeof entry === 'string' ? entry.trim() : '';
    const [address, prefixText, extra] = text.split('/');
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    const max = family === 'ipv4' ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!family || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
      const message = `"${String(entry).slice(0, 60)}" is not a CIDR range: write an address and a prefix length, e.g. 10.20.0.0/16 or fd00::/8.`;
      throw new RelaisError('invalid_block', `${field}[${index}]: ${message}`, { issues: [{ path: `${field}[${index}]`, message }] });
    }
    list.addSubnet(address, prefix, family);
  });
  return { has: (ip) => (isIPv4(ip) ? list.check(ip, 'ipv4') : isIPv6(ip) ? list.check(ip, 'ipv6') : false) };
}
