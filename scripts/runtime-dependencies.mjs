// Every runtime dependency of the package, with what it does and why it is not our own code. The
// README's dependency table says the same (test/unit/release/runtime-dependencies.test.ts keeps the
// three — package.json, this list, the README — in step), and the Flow Library scorecard's D01 ("6 or
// fewer dependencies") is accepted over 6 only when package.json's dependencies are exactly these.
export const RUNTIME_DEPENDENCIES = {
  zod: {
    does: 'schemas of blocks, variables, credentials and wire formats; the types are inferred from them',
    why: 'the schema library n8n-workflow itself peers on; the 3.25 line ships the v4 API as zod/v4',
  },
  undici: {
    does: 'the HTTP transport under runtime.http: pooled connections, the pinned connection the SSRF guard needs, proxies, TLS',
    why: "Node's own HTTP client; connection control (lookup, connect) that fetch does not expose",
  },
  handlebars: {
    does: 'parses the {{placeholders}} of URLs, headers, bodies and AI templates',
    why: 'the template language of the agent platform; Relais renders the parsed tree itself, escaped by placement',
  },
  pg: {
    does: 'the PostgreSQL contact store and delivery ledger',
    why: 'the maintained PostgreSQL client for Node',
  },
  '@jmespath-community/jmespath': {
    does: 'the projection expressions of response pre-filtering',
    why: "a JMESPath implementation that follows the community spec's compliance suite",
  },
  '@readme/openapi-parser': {
    does: 'parses OpenAPI 3.0/3.1 and Swagger 2.0 (JSON or YAML) and resolves $refs for the import',
    why: "a spec's edge cases are not ours to re-implement; loaded only when something is imported, never allowed to fetch",
  },
  ioredis: {
    does: 'the Redis delivery ledger: claims, answers and leases shared by several webhook processes',
    why: "the client n8n's own queue uses, read from the same QUEUE_BULL_REDIS_* settings; a Redis client with reconnection and TLS is not ours to write",
  },
  '@modelcontextprotocol/sdk': {
    does: 'the MCP server (Streamable HTTP and stdio) that serves custom API actions as tools',
    why: 'the official SDK: protocol versions and transports tracked by the protocol’s authors',
  },
};
