// One keep-alive undici Agent per access level and TLS material, created on first use and shared by every
// call of a client. Each connects through the guarded lookup of its level (and the runtime's allowed
// ranges), so a pooled connection is only ever reused by calls that were allowed to open it — and a
// connection opened with one client certificate is never reused by a call made with another. With a
// proxy, the connector judges the target itself and tunnels to the judged address (proxy.ts).
import { Agent, buildConnector } from 'undici';
import type { AllowedRanges } from './address';
import { guardedLookup, judgedAddresses, type Resolver } from './guard';
import type { Access } from './policy';
import { openTunnel, type ProxyRoute } from './proxy';
import type { TlsConnectOptions } from './tls';

/** How long close() lets in-flight calls finish before cutting them. */
const CLOSE_GRACE_MS = 2000;
/** undici's own connect timeout, also applied to a proxy's answer to CONNECT. */
const CONNECT_TIMEOUT_MS = 10_000;

export interface AgentsOptions {
  resolver: Resolver;
  /** The runtime's TLS material (used when a call brings none of its own). */
  tls?: TlsConnectOptions;
  ranges?: AllowedRanges;
  proxy?: ProxyRoute;
}

export class Agents {
  private readonly byKey = new Map<string, Agent>();
  private closed = false;

  constructor(private readonly options: AgentsOptions) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** The agent for an access level and TLS material (`tlsKey` names `tls`; '' = the runtime's). */
  for(access: Access, tlsKey = '', tls?: TlsConnectOptions): Agent {
    const key = tlsKey === '' ? access : `${access}\u0000${tlsKey}`;
    let agent = this.byKey.get(key);
    if (!agent) {
      const lookup = guardedLookup(access, this.options.resolver, this.options.ranges);
      const tlsOptions = tlsKey === '' ? this.options.tls : tls;
      const connectOptions = { lookup: lookup as never, timeout: CONNECT_TIMEOUT_MS, ...(tlsOptions ?? {}) };
      const proxy = this.options.proxy;
      agent = new Agent({
        connect: proxy ? proxiedConnector(buildConnector(connectOptions), lookup, proxy) : connectOptions,
        // The call's own deadline governs every phase; undici's per-phase timers (300 s) would only
        // turn a long, allowed wait into a confusing error.
        headersTimeout: 0,
        bodyTimeout: 0,
        keepAliveTimeout: 10_000,
        keepAliveMaxTimeout: 60_000,
      });
      this.byKey.set(key, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    this.closed = true;
    const agents = [...this.byKey.values()];
    this.byKey.clear();
    await Promise.allSettled(agents.map(closeAgent));
  }
}

/** A connector that tunnels through the proxy when the route says so: the target's name is judged by
 * the guarded lookup first, the proxy is asked to CONNECT to the judged address, and TLS (for https)
 * runs over the tunnel with the original name for SNI and the certificate check. */
function proxiedConnector(direct: buildConnector.connector, lookup: ReturnType<typeof guardedLookup>, route: ProxyRoute): buildConnector.connector {
  return (options, callback) => {
    const hostname = options.hostname.replace(/^\[|\]$/g, '');
    const port = options.port || (options.protocol === 'https:' ? '443' : '80');
    const proxy = route.for(options.protocol, hostname, port);
    if (!proxy) return direct(options, callback);
    judgedAddresses(lookup, hostname)
      .then((addresses) => openTunnel(proxy, addresses[0].address, Number(port), CONNECT_TIMEOUT_MS))
      .then(
        (socket) => {
          if (options.protocol !== 'https:') return callback(null, socket as never);
          direct({ ...options, httpSocket: socket }, callback);
        },
        (error: Error) => callback(error, null),
      );
  };
}

/** Graceful close (in-flight calls finish), then forced: a connect stuck on a DNS server that never
 * answers must not keep runtime.close() waiting forever. */
function closeAgent(agent: Agent): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<void>((resolve) => {
    timer = setTimeout(() => void agent.destroy().then(resolve, resolve), CLOSE_GRACE_MS);
  });
  return Promise.race([agent.close().finally(() => clearTimeout(timer)), forced]);
}
