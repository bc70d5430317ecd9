// One keep-alive undici Agent per access level, created on first use and shared by every call of a
// client. Each connects through the guarded lookup of its level, so a pooled connection is only ever
// reused by calls that were allowed to open it.
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { guardedLookup, type Resolver } from './guard';
import type { Access } from './policy';

/** How long close() lets in-flight calls finish before cutting them. */
const CLOSE_GRACE_MS = 2000;

export class Agents {
  private readonly byAccess = new Map<Access, Agent>();
  private closed = false;

  constructor(
    private readonly resolver: Resolver,
    /** Extra trusted certificate authorities (an internal CA), added to Node's defaults. */
    private readonly ca?: string | Buffer | (string | Buffer)[],
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  for(access: Access): Agent {
    let agent = this.byAccess.get(access);
    if (!agent) {
      agent = new Agent({
        connect: { lookup: guardedLookup(access, this.resolver) as never, ...(this.ca ? { ca: withDefaultRoots(this.ca) } : {}) },
        // The call's own deadline governs every phase; undici's per-phase timers (300 s) would only
        // turn a long, allowed wait into a confusing error.
        headersTimeout: 0,
        bodyTimeout: 0,
        keepAliveTimeout: 10_000,
        keepAliveMaxTimeout: 60_000,
      });
      this.byAccess.set(access, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    this.closed = true;
    const agents = [...this.byAccess.values()];
    this.byAccess.clear();
    await Promise.allSettled(agents.map(closeAgent));
  }
}

/** Setting `ca` replaces Node's roots; keep them so public APIs still verify. */
function withDefaultRoots(ca: string | Buffer | (string | Buffer)[]): (string | Buffer)[] {
  return [...rootCertificates, ...(Array.isArray(ca) ? ca : [ca])];
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
