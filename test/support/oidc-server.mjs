// A real OAuth2 authorization server for the credential tests: panva's oidc-provider (the certified
// OpenID implementation, npm `oidc-provider`, configuration as documented in its docs/README.md:
// features.clientCredentials, features.introspection, features.revocation, ttl.ClientCredentials).
// It runs in its own process (the package is ESM-only) on 127.0.0.1 and tells its parent, over IPC,
// its port and every request to its token endpoint. Clients come from the parent (argv[2], JSON).
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { clients, ttl } = JSON.parse(process.argv[2]);

const provider = new Provider('http://127.0.0.1', {
  clients: clients.map((client) => ({
    client_id: client.id,
    client_secret: client.secret,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: client.auth === 'body' ? 'client_secret_post' : 'client_secret_basic',
    scope: client.scope ?? 'orders:read',
  })),
  scopes: ['orders:read', 'orders:write'],
  features: {
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    devInteractions: { enabled: false },
  },
  // Seconds; per client so one test can watch a token expire.
  ttl: { ClientCredentials: (_ctx, _token, client) => ttl[client.clientId] ?? 600 },
});
// The issuer says http://127.0.0.1 while the test talks to 127.0.0.1:<port>: tell koa it is behind no proxy.
provider.proxy = false;

provider.use(async (ctx, next) => {
  await next();
  if (ctx.method === 'POST' && ctx.path === '/token') {
    // Recorded on the IPC channel before koa writes the answer (the channel is ordered: a test that
    // pings after it got the answer sees this record first — see sync() in oidc.ts).
    await new Promise((resolve) => process.send?.({ type: 'token', status: ctx.status, client: ctx.oidc?.client?.clientId ?? null }, resolve));
  }
});
process.on('message', (message) => {
  if (message?.type === 'ping') process.send?.({ type: 'pong', id: message.id });
});

const server = createServer(provider.callback());
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: server.address().port }));
process.on('disconnect', () => process.exit(0));
