// Calls through a forward proxy (network.proxy, or HTTPS_PROXY / HTTP_PROXY / NO_PROXY when
// use_env_proxy is set) without giving up the SSRF guard: the target's name is resolved and judged here,
// exactly as for a direct connection, and the proxy is asked to CONNECT to the judged address — never
// to the name, which the proxy would resolve again (and an attacker's DNS could answer differently).
// Every target is tunnelled (http ones too), so the one guarded path serves both schemes; TLS then runs
// end to end over the tunnel, with the original host name for SNI and the certificate check.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { RelaisError } from '../errors';
import { normaliseHost } from './policy';

export interface ProxyTarget {
  /** Host name or IP literal of the proxy, and its port. */
  host: string;
  port: number;
  /** "Basic …" when the proxy URL carried a user name and password. */
  authorization?: string;
  /** What errors may say about the proxy (no credentials). */
  label: string;
}

export interface ProxyRoute {
  /** The proxy for a target, or undefined to connect directly. */
  for(protocol: string, hostname: string, port: string): ProxyTarget | undefined;
  /** The proxy password, when there is one (redacted from errors). */
  secrets: string[];
}

/** Raised inside the connector; the client turns it into connect_failed naming the proxy. */
export class ProxyTunnelError extends Error {
  readonly code = 'RELAIS_PROXY';
  constructor(
    readonly proxy: string,
    readonly reason: string,
  ) {
    super(`proxy ${proxy}: ${reason}`);
  }
}

function invalid(field: string, message: string, fr: string): RelaisError {
  return new RelaisError('invalid_block', `${field}: ${message}`, { fr: `${field} : ${fr}`, issues: [{ path: field, message, fr }] });
}

/** Parses a proxy URL: http://host:port with optional user:password; anything else names `field`. */
export function parseProxyUrl(text: string, field: string): ProxyTarget & { password?: string } {
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `http://${text}`);
  } catch {
    throw invalid(field, 'the proxy is not a valid URL: write http://host:port, e.g. http://proxy.internal:3128.', "le proxy n'est pas une URL valide : écrivez http://hôte:port, par ex. http://proxy.internal:3128.");
  }
  if (url.protocol !== 'http:') throw invalid(field, `the proxy scheme must be http:// (got ${url.protocol}); the tunnel to the target is encrypted end to end either way.`, `le schéma du proxy doit être http:// (reçu ${url.protocol}) ; le tunnel vers la cible est de toute façon chiffré de bout en bout.`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw invalid(field, 'a proxy URL has no path, query or fragment: write only http://host:port.', "une URL de proxy n'a ni chemin, ni requête, ni fragment : écrivez seulement http://hôte:port.");
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 80);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const authorization = user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
  return { host, port, authorization, label: `${url.hostname}:${port}`, ...(password ? { password } : {}) };
}

interface NoProxyEntry {
  host: string;
  port?: string;
}

/** NO_PROXY as curl reads it: comma/space separated names (a leading "." or "*." matches subdomains),
 * IP literals, optional ":port", "*" for everything. */
function parseNoProxy(text: string | undefined): NoProxyEntry[] | '*' {
  const entries: NoProxyEntry[] = [];
  for (const raw of (text ?? '').split(/[\s,]+/)) {
    const item = raw.trim().toLowerCase();
    if (item === '') continue;
    if (item === '*') return '*';
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(item);
    if (bracketed) entries.push({ host: bracketed[1], port: bracketed[2] });
    else if (isIP(item)) entries.push({ host: item });
    else {
      const [host, port] = item.split(':');
      entries.push({ host: normaliseHost(host.replace(/^\*?\./, '.')), port });
    }
  }
  return entries;
}

function bypasses(entries: NoProxyEntry[] | '*', hostname: string, port: string): boolean {
  if (entries === '*') return true;
  const host = normaliseHost(hostname.replace(/^\[|\]$/g, ''));
  return entries.some((entry) => {
    if (entry.port !== undefined && entry.port !== port) return false;
    if (entry.host.startsWith('.')) return host.endsWith(entry.host) || host === entry.host.slice(1);
    return host === entry.host || host.endsWith(`.${entry.host}`);
  });
}

const env = (name: string): string | undefined => process.env[name] ?? process.env[name.toLowerCase()];

/**
 * The proxy route of a client: `network.proxy` for every target, else (use_env_proxy) HTTPS_PROXY for
 * https targets and HTTP_PROXY for http ones, with NO_PROXY's exceptions either way. Undefined when no
 * proxy is set. A bad proxy URL is an invalid_block naming the setting it came from.
 */
export function createProxyRoute(proxy: string | undefined, useEnv: boolean | undefined): ProxyRoute | undefined {
  // NO_PROXY is part of the environment's settings: it applies with them (use_env_proxy), not to network.proxy.
  const noProxy = useEnv ? parseNoProxy(env('NO_PROXY')) : [];
  if (typeof proxy === 'string' && proxy.trim() !== '') {
    const target = parseProxyUrl(proxy.trim(), 'network.proxy');
    return { for: (_protocol, hostname, port) => (bypasses(noProxy, hostname, port) ? undefined : target), secrets: target.password ? [target.password] : [] };
  }
  if (!useEnv) return undefined;
  const httpsText = env('HTTPS_PROXY');
  const httpText = env('HTTP_PROXY');
  const https = httpsText ? parseProxyUrl(httpsText, 'HTTPS_PROXY') : undefined;
  const http = httpText ? parseProxyUrl(httpText, 'HTTP_PROXY') : undefined;
  if (!https && !http) return undefined;
  return {
    for: (protocol, hostname, port) => (bypasses(noProxy, hostname, port) ? undefined : protocol === 'https:' ? https : http),
    secrets: [https?.password, http?.password].filter((s): s is string => typeof s === 'string'),
  };
}

/** The CONNECT authority for an address: IPv6 in brackets. */
function authority(address: string, port: number): string {
  return `${isIP(address) === 6 ? `[${address}]` : address}:${port}`;
}

/** Headers of a CONNECT answer are small; a proxy sending more is not one we want. */
const MAX_CONNECT_RESPONSE = 16_384;

/**
 * Opens a TCP connection to the proxy and asks it to CONNECT to `address:port` (an address already
 * judged by the SSRF guard). Resolves the tunnelled socket once the proxy answers 2xx; rejects with a
 * ProxyTunnelError otherwise. `timeoutMs` bounds the whole exchange with the proxy.
 */
export function openTunnel(proxy: ProxyTarget, address: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = netConnect({ host: proxy.host, port: proxy.port });
    let received = Buffer.alloc(0);
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      cleanup();
      socket.destroy();
      reject(new ProxyTunnelError(proxy.label, reason));
    };
    const timer = setTimeout(() => fail(`no answer to CONNECT within ${timeoutMs} ms`), timeoutMs);
    const onError = (error: NodeJS.ErrnoException) => fail(error.code === 'ECONNREFUSED' ? 'the proxy refused the connection' : `the connection to the proxy failed (${error.code ?? error.message})`);
    const onClose = () => fail('the proxy closed the connection before answering CONNECT');
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) {
        if (received.length > MAX_CONNECT_RESPONSE) fail('the answer to CONNECT is too large');
        return;
      }
      const statusLine = received.subarray(0, received.indexOf('\r\n')).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
      if (!status || status[0] !== '2') return fail(`the proxy refused the tunnel (${status ? `HTTP ${status}` : 'not an HTTP answer'})`);
      settled = true;
      cleanup();
      const rest = received.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };
    function cleanup() {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    }
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    const target = authority(address, port);
    const auth = proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : '';
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
  });
}
