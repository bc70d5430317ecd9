// Starts the real authorization server (test/support/oidc-server.mjs, panva's oidc-provider) in a child
// process and keeps count of the requests to its token endpoint. Also a resource server that accepts a
// Bearer token only when the authorization server's introspection endpoint (RFC 7662) says it is
// active — so "valid", "expired" and "revoked" are decided by the real implementation, not by the test.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface OidcClient {
  id: string;
  secret: string;
  auth?: 'basic' | 'body';
  scope?: string;
}

export interface OidcServer {
  origin: string;
  tokenUrl: string;
  /** Token endpoint requests, in order (status and authenticated client, null when it was refused). */
  tokenRequests: Array<{ status: number; client: string | null }>;
  /** Resolves once every token request answered so far is in tokenRequests (a ping over the ordered
   * IPC channel the server records on): read tokenRequests after this, never after a delay. */
  sync(): Promise<void>;
  /** RFC 7662 introspection, authenticated as `as`. */
  introspect(token: string, as: OidcClient): Promise<{ active: boolean; client_id?: string; scope?: string }>;
  /** RFC 7009 revocation, by the client the token was issued to. */
  revoke(token: string, as: OidcClient): Promise<void>;
  close(): Promise<void>;
}

const basic = (client: OidcClient) => `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`;

export async function startOidcServer(clients: OidcClient[], ttl: Record<string, number> = {}): Promise<OidcServer> {
  const child: ChildProcess = fork(join(__dirname, 'oidc-server.mjs'), [JSON.stringify({ clients, ttl })], { execPath: process.execPath, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const tokenRequests: OidcServer['tokenRequests'] = [];
  const pongs = new Map<number, () => void>();
  let pings = 0;
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: { type: string; port?: number; status?: number; client?: string | null }) => {
      if (message.type === 'ready') resolve(message.port as number);
      if (message.type === 'token') tokenRequests.push({ status: message.status as number, client: message.client ?? null });
      if (message.type === 'pong') pongs.get((message as { id?: number }).id ?? -1)?.();
    });
    child.on('exit', (code) => reject(new Error(`oidc-provider exited (${code}): ${stderr.slice(0, 2000)}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const form = async (path: string, body: Record<string, string>, as: OidcClient) => {
    const response = await fetch(`${origin}${path}`, { method: 'POST', headers: { authorization: basic(as), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text}`);
    return text === '' ? {} : JSON.parse(text);
  };
  return {
    origin,
    tokenUrl: `${origin}/token`,
    tokenRequests,
    sync: () =>
      new Promise<void>((resolve) => {
        const id = ++pings;
        pongs.set(id, () => {
          pongs.delete(id);
          resolve();
        });
        child.send({ type: 'ping', id });
      }),
    introspect: (token, as) => form('/token/introspection', { token }, as),
    revoke: async (token, as) => void (await form('/token/revocation', { token, token_type_hint: 'access_token' }, as)),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface ResourceServer {
  origin: string;
  /** Every request: the bearer token it carried and the status answered. */
  requests: Array<{ token: string | undefined; status: number; path: string }>;
  close(): Promise<void>;
}

/** An API that answers 200 {ok, client_id, scope} to a Bearer token the authorization server says is
 * active, and 401 (RFC 6750 WWW-Authenticate) otherwise — and always on /refuse. */
export async function startResourceServer(oidc: OidcServer, as: OidcClient): Promise<ResourceServer> {
  const requests: ResourceServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const answer = (status: number, body: unknown) => {
      requests.push({ token, status, path: req.url ?? '' });
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {}) });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      if (!token || req.url === '/refuse') return answer(401, { error: 'invalid_token' });
      oidc.introspect(token, as).then(
        (result) => (result.active ? answer(200, { ok: true, client_id: result.client_id, scope: result.scope }) : answer(401, { error: 'invalid_token' })),
        () => answer(500, { error: 'introspection failed' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
