// createMcpServer: Relais's custom API actions served as MCP tools on the official SDK. The HTTP side
// is a Node (req, res) handler speaking Streamable HTTP, one SDK Server and transport per session;
// `connect(transport)` serves any other SDK transport (stdio). Before a request reaches the SDK, the
// Origin allow-list and the bearer token are checked; each session runs at most `max_concurrent_calls`
// tool calls at a time, and each call has a deadline.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { readRawBody } from '../conversation/webhook';
import { RelaisError } from '../errors';
import type { Runtime } from '../runtime';
import { createHttpGuard } from './http-guard';
import { createLimiter, type Limiter } from './limiter';
import { buildCatalogue, callTool, failureResult, type McpTool } from './tools';

export interface McpServerOptions {
  /** Blocks (seed 001 JSON or parsed) of custom API actions (http_request); one tool each. */
  blocks: readonly unknown[];
  runtime: Runtime;
  /** Bearer token the HTTP transport requires (none: no token asked; keep the server on loopback). */
  token?: string;
  /** Browser origins allowed to call (e.g. "http://localhost:5173"); requests without Origin always pass. */
  allowed_origins?: readonly string[];
  /** Deadline of one tool call, queueing included (default 30000 ms). */
  call_timeout_ms?: number;
  /** Tool calls one session runs at a time; more wait in order (default 16). */
  max_concurrent_calls?: number;
  /** Open HTTP sessions; past it the least recently used idle one is closed (default 100). */
  max_sessions?: number;
  /** An HTTP session unused for this long is closed (default 30 min). */
  session_idle_ms?: number;
  /** Largest HTTP request body accepted (default 1 MiB); larger gets 413. */
  max_request_bytes?: number;
  /** Told to clients in initialize (default "relais"). */
  name?: string;
  version?: string;
  /** Called after sessions open or close and calls start or end (e.g. a Node-RED status). */
  onActivity?: (stats: McpServerStats) => void;
}

export interface McpServerStats {
  sessions: number;
  active_calls: number;
  calls: number;
  failed_calls: number;
}

export interface RelaisMcpServer {
  /** Node (req, res) handler for MCP Streamable HTTP (POST, GET, DELETE on one path). `parsedBody` is
   * for hosts whose framework already read the JSON body (Node-RED's express apps). */
  handler(req: IncomingMessage, res: ServerResponse, parsedBody?: unknown): Promise<void>;
  /** Serves one session over another SDK transport (e.g. StdioServerTransport). */
  connect(transport: Transport): Promise<void>;
  /** The tools offered, as listed to clients. */
  readonly tools: readonly McpTool['definition'][];
  stats(): McpServerStats;
  /** Closes every session; the runtime stays open (its owner closes it). */
  close(): Promise<void>;
}

interface Session {
  server: Server;
  transport: Transport;
  limiter: Limiter;
  last_used: number;
}

const DEFAULTS = { call_timeout_ms: 30_000, max_concurrent_calls: 16, max_sessions: 100, session_idle_ms: 30 * 60_000, max_request_bytes: 1024 * 1024 };

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new RelaisError('invalid_block', `${name} must be a positive whole number (got ${String(value)}).`, {
      fr: `${name} doit être un nombre entier positif (reçu ${String(value)}).`,
      issues: [{ path: name, message: 'must be a positive integer', fr: 'doit être un entier positif' }],
    });
  return value;
}

export function createMcpServer(options: McpServerOptions): RelaisMcpServer {
  const catalogue = buildCatalogue(options.blocks);
  const definitions = [...catalogue.values()].map((tool) => tool.definition);
  const { runtime } = options;
  const callTimeout = positive(options.call_timeout_ms, DEFAULTS.call_timeout_ms, 'call_timeout_ms');
  const maxCalls = positive(options.max_concurrent_calls, DEFAULTS.max_concurrent_calls, 'max_concurrent_calls');
  const maxSessions = positive(options.max_sessions, DEFAULTS.max_sessions, 'max_sessions');
  const sessionIdle = positive(options.session_idle_ms, DEFAULTS.session_idle_ms, 'session_idle_ms');
  const maxBytes = positive(options.max_request_bytes, DEFAULTS.max_request_bytes, 'max_request_bytes');
  const guard = createHttpGuard({ token: options.token, allowed_origins: options.allowed_origins });
  const info = { name: options.name ?? 'relais', version: options.version ?? '0.1.0' };
  const sessions = new Map<string, Session>();
  const open = new Set<Session>();
  const counts = { calls: 0, failed: 0, active: 0 };
  let closed = false;

  const stats = (): McpServerStats => ({ sessions: open.size, active_calls: counts.active, calls: counts.calls, failed_calls: counts.failed });
  const notify = () => options.onActivity?.(stats());

  async function runCall(session: Session, name: string, args: unknown, cancelled: AbortSignal): Promise<CallToolResult> {
    const tool = catalogue.get(name);
    // An unknown tool is a protocol error (MCP spec, tools: "Unknown tools" → -32602).
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new RelaisError('timeout', `The tool call took longer than ${callTimeout} ms and was abandoned.`, { fr: `L'appel d'outil a pris plus de ${callTimeout} ms et a été abandonné.` })), callTimeout);
    const onCancel = () => deadline.abort(new RelaisError('timeout', 'The client cancelled the tool call.', { fr: "Le client a annulé l'appel d'outil." }));
    cancelled.addEventListener('abort', onCancel, { once: true });
    counts.calls++;
    counts.active++;
    notify();
    let result: CallToolResult;
    try {
      const release = await session.limiter.acquire(deadline.signal);
      const call = callTool(tool, args, runtime).finally(release);
      const expired = new Promise<CallToolResult>((resolve) => {
        if (deadline.signal.aborted) resolve(failureResult(deadline.signal.reason));
        deadline.signal.addEventListener('abort', () => resolve(failureResult(deadline.signal.reason)), { once: true });
      });
      result = await Promise.race([call, expired]);
    } catch (error) {
      result = failureResult(error);
    } finally {
      clearTimeout(timer);
      cancelled.removeEventListener('abort', onCancel);
      counts.active--;
    }
    if (result.isError) counts.failed++;
    const outcome = result.isError ? String((result.structuredContent?.error as { code?: string } | undefined)?.code ?? 'error') : 'ok';
    runtime.logger.debug(`mcp: ${name} → ${outcome}`);
    notify();
    return result;
  }

  function newSession(transport: Transport): Session {
    const server = new Server(info, { capabilities: { tools: { listChanged: false } } });
    const session: Session = { server, transport, limiter: createLimiter(maxCalls), last_used: Date.now() };
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: definitions }));
    server.setRequestHandler(CallToolRequestSchema, (request, extra) => runCall(session, request.params.name, request.params.arguments, extra.signal));
    return session;
  }

  async function closeSession(session: Session): Promise<void> {
    if (!open.delete(session)) return;
    for (const [id, candidate] of sessions) if (candidate === session) sessions.delete(id);
    await session.server.close().catch(() => undefined);
    notify();
  }

  /** Makes room for one more HTTP session: closes idle-expired ones, then the least recently used idle one. */
  async function makeRoom(): Promise<boolean> {
    const now = Date.now();
    for (const session of [...sessions.values()]) if (now - session.last_used > sessionIdle && session.limiter.active === 0) await closeSession(session);
    if (sessions.size < maxSessions) return true;
    const idle = [...sessions.values()].filter((s) => s.limiter.active === 0).sort((a, b) => a.last_used - b.last_used)[0];
    if (!idle) return false;
    await closeSession(idle);
    return true;
  }

  const sweeper = setInterval(() => void makeRoom(), Math.min(sessionIdle, 60_000));
  sweeper.unref();

  function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ error: message }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, parsedBody: unknown): Promise<void> {
    const refusal = guard(req);
    if (refusal) return refuse(res, refusal.status, refusal.message, refusal.headers);
    if (closed) return refuse(res, 503, 'The MCP server is shutting down.');
    let body = parsedBody;
    if (body === undefined && req.method === 'POST') {
      // Read here, capped, from the Node stream: the SDK's own reading goes through a web-stream copy of
      // the request and was a third of the server's time per call. Text that is not JSON is handed over
      // as text, so the SDK answers it with its own parse error (-32700).
      const read = await readRawBody(req, maxBytes);
      if (!read.ok) return read.reason === 'too_large' ? refuse(res, 413, `The request body is larger than ${maxBytes} bytes.`, { connection: 'close' }) : undefined;
      const text = read.raw.toString('utf8');
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
      }
    }
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const session = sessions.get(id);
      // The SDK's own answer for a session it does not know (404, so clients start a new one).
      if (!session) return unknownSession.handleRequest(req, res, body);
      session.last_used = Date.now();
      return (session.transport as StreamableHTTPServerTransport).handleRequest(req, res, body);
    }
    if (!(await makeRoom())) return refuse(res, 503, `Too many MCP sessions are busy (at most ${maxSessions}); try again shortly.`, { 'retry-after': '1' });
    let session: Session | undefined = undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      enableJsonResponse: true,
      maxRequestBodySize: maxBytes,
      onsessioninitialized: (sessionId) => {
        if (session) sessions.set(sessionId, session);
      },
    });
    session = newSession(transport);
    transport.onclose = () => void closeSession(session);
    open.add(session);
    await session.server.connect(transport);
    await transport.handleRequest(req, res, body);
    // Not an initialize request: the SDK refused it; nothing stays open for it.
    if (transport.sessionId === undefined) await closeSession(session);
    else notify();
  }

  // A transport closed before use answers every request "Session not found" (404), as the spec asks.
  const unknownSession = new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID, maxRequestBodySize: maxBytes });
  const unknownReady = unknownSession.close();

  return {
    tools: definitions,
    stats,
    async handler(req, res, parsedBody) {
      await unknownReady;
      try {
        await handle(req, res, parsedBody);
      } catch (error) {
        runtime.logger.warn(`mcp: request failed (${error instanceof Error ? error.name : 'error'})`);
        if (!res.headersSent) refuse(res, 500, 'The MCP server failed on this request.');
        else res.end();
      }
    },
    async connect(transport) {
      if (closed) throw new RelaisError('invalid_block', 'The MCP server is closed.', { fr: 'Le serveur MCP est fermé.' });
      const session = newSession(transport);
      open.add(session);
      transport.onclose = () => void closeSession(session);
      await session.server.connect(transport);
      notify();
    },
    async close() {
      closed = true;
      clearInterval(sweeper);
      await Promise.all([...open].map(closeSession));
    },
  };
}
