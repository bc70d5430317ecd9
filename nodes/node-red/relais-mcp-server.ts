// Node-RED node relais-mcp-server: serves the relais-http-request nodes ticked in its dialog as MCP
// tools, on a path of Node-RED's HTTP node server (Streamable HTTP), through the core's createMcpServer.
// Each ticked node's form becomes its block (as when it runs in a flow); its name is the tool name and
// its description (the node's Description tab) the tool description. The token is a credential; the
// status shows open sessions and calls.
import { blockFromForm, type CacheableRuntimeOptions, type FormValues } from '../../src/adapter';
import { ACTION_DEFINITIONS } from '../../src/blocks';
import { createMcpServer, type McpServerStats, type RelaisMcpServer } from '../../src/mcp';
import { createRedactor } from '../../src/redact';
import { runtimeOptionsFor } from './lib/config';
import { valuesAreFixed } from './lib/input';
import type { Node, NodeAPI, NodeDef } from './lib/red';
import { claimPaths, normalisePath, unmount } from './lib/routes';
import { leaseRuntime } from './lib/runtimes';

type Handler = (req: unknown, res: unknown) => void;
interface McpRouter {
  post(path: string, handler: Handler): void;
  get(path: string, handler: Handler): void;
  delete(path: string, handler: Handler): void;
  _router?: { stack: Array<{ route?: { path: string } }> };
}
type EachNode = (callback: (config: NodeDef) => void) => void;

const SERVED_TYPE = 'relais-http-request';
const ENGLISH: Record<string, string> = {
  serving: '__tools__ tools on __path__ · __sessions__ sessions · __calls__ calls',
  no_actions: 'Tick at least one relais-http-request node to serve.',
  path_in_use: 'Another node already serves this path.',
  no_http: "Node-RED has no HTTP node server (httpNodeRoot is false).",
  not_configured: 'not configured',
};

function text(RED: NodeAPI, key: string, substitutions: Record<string, unknown> = {}): string {
  const full = `relais-mcp-server.${key}`;
  const found = RED._(full, substitutions);
  if (found !== full) return found;
  return (ENGLISH[key] ?? key).replace(/__(\w+)__/g, (_m, name: string) => String(substitutions[name] ?? ''));
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : [];
}

function positiveOr(value: unknown, fallback: number, factor = 1): number {
  const n = Number(value);
  return value !== '' && value !== undefined && Number.isFinite(n) && n > 0 ? Math.round(n * factor) : fallback;
}

/** The ticked relais-http-request nodes' configs, in the order they were ticked. */
function tickedConfigs(RED: NodeAPI, ids: string[]): NodeDef[] {
  const found = new Map<string, NodeDef>();
  const eachNode = (RED.nodes as unknown as { eachNode?: EachNode }).eachNode;
  eachNode?.((config) => {
    if (config.type === SERVED_TYPE && ids.includes(config.id)) found.set(config.id, config);
  });
  return ids.map((id) => found.get(id)).filter((c): c is NodeDef => c !== undefined);
}

export = function (RED: NodeAPI): void {
  function RelaisMcpServerNode(this: Node, config: NodeDef): void {
    RED.nodes.createNode(this, config);
    start(this, config);
  }

  function start(node: Node, config: NodeDef): void {
    const path = normalisePath(config.path ?? '/relais/mcp');
    const fail = (key: string, detail?: string) => {
      node.status({ fill: 'red', shape: 'ring', text: text(RED, 'not_configured') });
      node.error(detail ?? text(RED, key));
    };
    const router = RED.httpNode as unknown as McpRouter | undefined;
    if (!router) return fail('no_http');
    const configs = tickedConfigs(RED, listOf(config.actions));
    if (configs.length === 0) return fail('no_actions');

    // One runtime for the served actions: each ticked node's credential under its auth node's id.
    const options: CacheableRuntimeOptions = {};
    for (const action of configs) {
      const own = runtimeOptionsFor(RED, { auth: action.credential });
      options.network = own.network;
      if (own.credentials) options.credentials = { ...options.credentials, ...own.credentials };
    }
    const fields = ACTION_DEFINITIONS.http_request.fields;
    const lease = leaseRuntime(options);
    const secrets = [...lease.secrets, node.credentials?.token ?? ''].filter((s) => s.length > 0);
    let server: RelaisMcpServer;
    try {
      const blocks = configs.map((action) => {
        if (!valuesAreFixed(action, fields)) node.warn(`relais-mcp-server: "${action.name || action.id}" reads some values from msg/flow; MCP calls use its typed values only.`);
        const values: FormValues = { ...action };
        if (typeof values.credential === 'string' && !options.credentials?.[values.credential]) delete values.credential;
        const name = typeof action.name === 'string' && action.name.trim() ? action.name.trim() : action.id;
        const info = typeof action.info === 'string' && action.info.trim() ? action.info.trim() : undefined;
        return blockFromForm('http_request', values, { id: name, label: name, description: info });
      });
      server = createMcpServer({
        blocks,
        runtime: lease.runtime,
        token: node.credentials?.token || undefined,
        allowed_origins: listOf(config.allowed_origins),
        call_timeout_ms: positiveOr(config.call_timeout, 30_000, 1000),
        max_concurrent_calls: positiveOr(config.max_concurrent_calls, 16),
        onActivity: (stats) => scheduleStatus(stats),
      });
    } catch (error) {
      void lease.release();
      return fail('not_configured', createRedactor(secrets)(error instanceof Error ? error.message : String(error)));
    }
    if (!claimPaths(node.id, [path])) {
      void server.close();
      void lease.release();
      return fail('path_in_use');
    }

    // Status updates are batched: one per 250 ms at most, whatever the call rate.
    let latest: McpServerStats = server.stats();
    let pending: NodeJS.Timeout | undefined;
    const showStatus = () => {
      pending = undefined;
      node.status({ fill: latest.active_calls > 0 ? 'blue' : 'green', shape: latest.sessions > 0 ? 'dot' : 'ring', text: text(RED, 'serving', { tools: server.tools.length, path, sessions: latest.sessions, calls: latest.calls }) });
    };
    function scheduleStatus(stats: McpServerStats): void {
      latest = stats;
      pending ??= setTimeout(showStatus, 250);
    }
    showStatus();

    // Node-RED's admin app (at "/" by default) may have parsed the JSON body already: hand it over.
    const handle: Handler = (req, res) => {
      const request = req as Parameters<RelaisMcpServer['handler']>[0] & { _body?: boolean; body?: unknown };
      server.handler(request, res as Parameters<RelaisMcpServer['handler']>[1], request._body ? request.body : undefined).catch(() => node.error('relais-mcp-server: unexpected failure while handling a request'));
    };
    router.post(path, handle);
    router.get(path, handle);
    router.delete(path, handle);

    node.on('close', (_removed, done) => {
      if (pending) clearTimeout(pending);
      // unmount drops the POST route and the path's claim; the GET and DELETE routes go here.
      unmount(RED.httpNode!, node.id, [path]);
      const stack = router._router?.stack;
      if (stack) for (let i = stack.length - 1; i >= 0; i--) if (stack[i].route?.path === path) stack.splice(i, 1);
      void server
        .close()
        .then(() => lease.release())
        .finally(() => done());
    });
  }

  RED.nodes.registerType('relais-mcp-server', RelaisMcpServerNode, { credentials: { token: { type: 'password' } } });
};
