// What a URL may reach, decided before anything is sent and again on every redirect: the scheme (HTTPS
// unless allow_http), the host against the runtime's allow-list, literal IP addresses and metadata host
// names. Host names are judged again after DNS, on the address actually connected to (guard.ts).
import { BoundedCache } from '../bounded-cache';
import { RelaisError } from '../errors';
import { blockedAdviceFr, blockedReasonFr } from './blocked-fr';
import { checkAddress, ipLiteral, METADATA_HOSTS, metadataReason, type AddressVerdict, type AllowedRanges } from './address';
import type { NetworkPolicy, UrlParts } from './types';

/**
 * How much of the network a call may reach:
 * - `public`: public unicast addresses only (the default);
 * - `private`: also private, loopback, link-local… (allow_private_network);
 * - `trusted`: any address — the host is listed in the runtime's `allowed_hosts`.
 * Cloud metadata and platform addresses are refused at every level (address.ts).
 */
export type Access = 'public' | 'private' | 'trusted';

export interface UrlOptIns {
  allow_private_network?: boolean;
  allow_http?: boolean;
}

/** Host names compare without a trailing dot and in lower case ("API.example.com." = "api.example.com"). */
export function normaliseHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

function defaultPort(url: UrlParts): string {
  return url.port || (url.protocol === 'http:' ? '80' : '443');
}

/** Splits an allow-list entry: "crm.internal", "127.0.0.1:8080", "[::1]:8080", "::1", "*.corp.example". */
function parseEntry(entry: string): { host: string; port?: string } {
  const text = entry.trim().toLowerCase();
  const bracketed = text.match(/^\[([^\]]+)\](?::(\d+))?$/);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] };
  const colons = text.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = text.split(':');
    return { host: normaliseHost(host), port };
  }
  return { host: normaliseHost(text) }; // a bare IPv6 address has several colons and no port
}

/** Compiles the allow-list once (per client, per credential); each URL is judged as it is, every time. */
export function createAllowList(entries: readonly string[]): (url: UrlParts) => boolean {
  const parsed = entries.filter((e) => typeof e === 'string' && e.trim()).map(parseEntry);
  if (parsed.length === 0) return () => false;
  return (url) => {
    const host = normaliseHost(url.hostname.replace(/^\[|\]$/g, ''));
    const port = defaultPort(url);
    return parsed.some((entry) => {
      if (entry.port !== undefined && entry.port !== port) return false;
      if (entry.host.startsWith('*.')) return host.endsWith(entry.host.slice(1));
      return entry.host === host;
    });
  };
}

export function accessFor(url: UrlParts, policy: NetworkPolicy, isAllowed: (url: UrlParts) => boolean, optIns: UrlOptIns): Access {
  if (isAllowed(url)) return 'trusted';
  return policy.allow_private_network || optIns.allow_private_network ? 'private' : 'public';
}

/** Whether an address verdict is acceptable at this access level. Metadata and platform addresses never
 * are; a private address inside the runtime's allowed_ranges is. */
export function permits(access: Access, verdict: AddressVerdict, address?: string, ranges?: AllowedRanges): boolean {
  if (verdict.allowed) return true;
  if (verdict.category === 'metadata') return false;
  if (access === 'trusted') return true;
  if (verdict.category !== 'private') return false;
  return access === 'private' || (ranges !== undefined && address !== undefined && ranges.has(address));
}

export const OPT_IN_HINT = 'set allow_private_network on the action, or list the host in the runtime\'s network.allowed_hosts (or its address in network.allowed_ranges)';

/** What follows "<host> is <reason>" in a blocked_url message: the way out, or that there is none. */
export function blockedAdvice(metadata: boolean): string {
  return metadata
    ? 'Relais never connects to cloud metadata or platform addresses (they hand out the machine\'s credentials); no opt-in opens them'
    : `Relais does not connect to private, loopback, link-local or metadata addresses unless you opt in: ${OPT_IN_HINT}`;
}

export function blockedError(host: string, reason: string, redirected: boolean, metadata = false): RelaisError {
  const where = redirected ? `The server redirected to ${host}, which is` : `${host} is`;
  return new RelaisError('blocked_url', `${where} ${reason}; ${blockedAdvice(metadata)}.`, { fr: `${redirected ? `Le serveur a redirigé vers ${host}, qui est` : `${host} est`} ${blockedReasonFr(reason)} ; ${blockedAdviceFr(metadata)}.` });
}

// Invariant: the key is the list's entries as JSON text (all of them, in order: not the array's
// identity, which an edit in place would keep); the compiled list depends on nothing else. A list is
// kept, never a verdict: each URL is judged as it is.
const credentialAllowLists = new BoundedCache<string, (url: UrlParts) => boolean>(100);

/** Whether a credential bound to `hosts` (its allowed_hosts: same syntax as network.allowed_hosts) may be
 * sent to `url`. Compiled once per list. */
export function credentialHostAllowed(hosts: readonly string[], url: UrlParts): boolean {
  return credentialAllowLists.getOrCompute(JSON.stringify(hosts), () => createAllowList(hosts))(url);
}

/** A credential bound to other hosts (its allowed_hosts) was about to be sent to `host`. */
export function blockedCredentialError(host: string, redirected: boolean): RelaisError {
  const where = redirected ? `The server redirected to ${host}` : `The request goes to ${host}`;
  return new RelaisError('blocked_url', `${where}, which is not one of the hosts the credential is bound to (its allowed_hosts); nothing was sent. Point the action at an allowed host or add this one to the credential's allowed_hosts.`, {
    fr: `${redirected ? `Le serveur a redirigé vers ${host}` : `La requête va vers ${host}`}, qui n'est pas l'un des hôtes auxquels l'identifiant est lié (ses allowed_hosts) ; rien n'a été envoyé. Dirigez l'action vers un hôte autorisé ou ajoutez celui-ci aux allowed_hosts de l'identifiant.`,
    issues: [{ path: 'credential.allowed_hosts', message: `${host} is not in the credential's allowed_hosts`, fr: `${host} n'est pas dans les allowed_hosts de l'identifiant` }],
  });
}

/** Checks scheme and host of a URL about to be requested (or redirected to); throws insecure_url or
 * blocked_url. Host names that are not IP literals are checked after DNS, by the guarded lookup. */
export function checkUrl(url: UrlParts, access: Access, optIns: UrlOptIns, redirected: boolean, ranges?: AllowedRanges): void {
  const host = url.host;
  if (url.protocol === 'http:') {
    if (!optIns.allow_http) {
      const where = redirected ? `The server redirected to plain http://${host}` : `http://${host} is not encrypted`;
      throw new RelaisError('insecure_url', `${where}; Relais only calls https:// URLs unless the action sets allow_http.`, { fr: `${redirected ? `Le serveur a redirigé vers http://${host} en clair` : `http://${host} n'est pas chiffré`} ; Relais n'appelle que des URL https:// sauf si l'action active allow_http.` });
    }
  } else if (url.protocol !== 'https:') {
    throw new RelaisError('blocked_url', `The scheme "${url.protocol}" is not supported: use an https:// URL.`, { fr: `Le schéma "${url.protocol}" n'est pas pris en charge : utilisez une URL https://.` });
  }
  if (url.username || url.password) {
    throw new RelaisError('blocked_url', 'URLs with a user name or password in them are refused: put the credential in a runtime credential instead.', {
      fr: "Les URL contenant un nom d'utilisateur ou un mot de passe sont refusées : placez plutôt l'identifiant dans un identifiant du runtime.",
    });
  }
  if (access === 'trusted') {
    // An allow-listed host may be anything but a metadata service (its name resolving to one is refused
    // by the guarded lookup).
    const metadata = metadataReason(url.hostname);
    if (metadata !== undefined) throw blockedError(host, metadata, redirected, true);
    return;
  }
  const name = normaliseHost(url.hostname);
  if (METADATA_HOSTS.has(name)) throw blockedError(host, 'a cloud metadata service', redirected, true);
  // RFC 6761: localhost names are loopback whatever a resolver says (and "localhost." may not resolve).
  if (access === 'public' && (name === 'localhost' || name.endsWith('.localhost'))) throw blockedError(host, 'a loopback name', redirected);
  const literal = ipLiteral(url.hostname);
  if (literal) {
    const verdict = checkAddress(literal);
    if (!permits(access, verdict, literal, ranges)) throw blockedError(host, verdict.allowed ? '' : verdict.reason, redirected, !verdict.allowed && verdict.category === 'metadata');
  }
}
