// The SSRF guard on the address actually connected to. Each undici Agent of a client connects through a
// lookup function that resolves the name itself, refuses the whole name when any of its addresses is not
// allowed at the agent's access level, and hands the checked addresses to net.connect — which connects
// to exactly those (pinned: no second resolution an attacker's DNS could answer differently). TLS keeps
// the original host name for SNI and certificate checks, and the Host header is untouched.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { checkAddress, type AllowedRanges } from './address';
import { permits, type Access } from './policy';

/** Resolves a host name to all its addresses (dns.lookup by default; tests may substitute one). */
export type Resolver = (hostname: string, family: number) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname, family) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, family }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/** Raised inside the connector; the client turns it into a blocked_url RelaisError. */
export class BlockedAddressError extends Error {
  readonly code = 'RELAIS_BLOCKED_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly reason: string,
    /** A cloud metadata or platform address (refused whatever the opt-ins). */
    readonly metadata = false,
  ) {
    super(`${hostname} resolves to ${reason}`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type LookupFunction = (hostname: string, options: { family?: number | string; all?: boolean } | number, callback: LookupCallback) => void;

function familyOf(options: { family?: number | string } | number): number {
  const family = typeof options === 'number' ? options : options?.family;
  if (family === 'IPv4') return 4;
  if (family === 'IPv6') return 6;
  return typeof family === 'number' ? family : 0;
}

/** A net.connect `lookup` that only ever yields addresses allowed at `access`. */
export function guardedLookup(access: Access, resolver: Resolver, ranges?: AllowedRanges): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname, familyOf(options)).then(
      (addresses) => {
        if (addresses.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = 'ENOTFOUND';
          return callback(error, []);
        }
        for (const { address } of addresses) {
          const verdict = checkAddress(address);
          // One bad address refuses the name: a name mixing public and private addresses is an attack
          // (or a misconfiguration) either way.
          if (!permits(access, verdict, address, ranges)) return callback(new BlockedAddressError(hostname, verdict.allowed ? '' : verdict.reason, !verdict.allowed && verdict.category === 'metadata'), []);
        }
        if (typeof options === 'object' && options?.all) return callback(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}

/** The guarded lookup as a promise of every checked address (the proxy tunnel connects to the first). */
export function judgedAddresses(lookup: LookupFunction, hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    lookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses as LookupAddress[])));
  });
}
