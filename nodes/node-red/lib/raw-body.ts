// Capturing the raw body of relais-agent-events' webhook requests before any body parser sees it.
// With Node-RED's default settings the admin app is mounted at "/" ahead of the HTTP-node app, and its
// JSON parser consumes every application/json POST; the raw bytes an HMAC must be computed on are gone
// by the time our route runs (every signed delivery was refused with 401 missing_signature).
// Node-RED's core `http in` node meets the same need for its "raw body" option by putting a middleware
// first in the ROOT express app's stack; we do likewise, for our own routes only: read the body once
// (bounded by the webhook's max body size, 413 beyond), leave it on `req.rawBody`, and mark the request
// parsed (`req._body`, which body-parser honours) so no later parser waits for a stream that has ended.
// The shared secret (header or path token) is checked before the body is read, and the read has a
// deadline, so an unauthenticated or slow sender cannot hold connections open with slow uploads.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRawBody, sendReply, type WebhookReply } from '../../../src/conversation';

/** What one webhook route needs from the capture. */
export interface RawBodyRoute {
  /** The most bytes read; beyond it the request gets `tooLarge()` and the connection is closed. */
  limit: number;
  tooLarge(): Pick<WebhookReply, 'status' | 'body'>;
  /** Gives up reading after this long (then `bodyTimeout()`). */
  timeout_ms?: number;
  bodyTimeout?(): Pick<WebhookReply, 'status' | 'body'>;
  /** The refusal to send before reading anything (a wrong or missing shared secret), else undefined. */
  precheck?(headers: IncomingMessage['headers'], path: string): Pick<WebhookReply, 'status' | 'body'> | undefined;
}

/** The slice of an express 4 application the capture relies on (duck-typed: the package does not depend on express). */
interface ExpressApp {
  parent?: ExpressApp;
  path?: () => string;
  use?: (handler: Middleware) => unknown;
  _router?: { stack: Array<{ handle?: unknown }> };
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
type CapturedRequest = IncomingMessage & { rawBody?: Buffer; _body?: boolean };

/** Routes per root app (several Node-RED runtimes may share a process in tests). Keys: normalised full paths. */
const registries = new WeakMap<object, Map<string, RawBodyRoute>>();

/** "/api//relais/Agent/" → "/api/relais/agent": express matches routes case-insensitively and ignores a trailing slash. */
export function routeKey(path: string): string {
  const single = `/${path}`.replace(/\/{2,}/g, '/');
  return (single.length > 1 ? single.replace(/\/+$/, '') : single).toLowerCase();
}

/** The registered route a request path belongs to: the path itself, or the path plus one `/:token` segment. */
export function matchRoute(routes: ReadonlyMap<string, RawBodyRoute>, pathname: string): RawBodyRoute | undefined {
  if (routes.size === 0) return undefined;
  const key = routeKey(pathname);
  const exact = routes.get(key);
  if (exact) return exact;
  const slash = key.lastIndexOf('/');
  return slash > 0 ? routes.get(key.slice(0, slash)) : undefined;
}

function rootOf(app: ExpressApp): ExpressApp {
  let current = app;
  while (current.parent) current = current.parent;
  return current;
}

function captureFor(routes: Map<string, RawBodyRoute>): Middleware {
  return (req, res, next) => {
    const route = req.method === 'POST' ? matchRoute(routes, (req.url ?? '').split('?', 1)[0]) : undefined;
    const captured = req as CapturedRequest;
    if (!route || captured._body || req.readableEnded) {
      next();
      return;
    }
    const early = route.precheck?.(req.headers, req.url ?? '');
    if (early) {
      res.setHeader('connection', 'close');
      sendReply(res, early);
      req.resume();
      return;
    }
    readRawBody(req, route.limit, route.timeout_ms).then(
      (read) => {
        if (read.ok) {
          captured.rawBody = read.raw;
          captured._body = true;
          next();
        } else if (read.reason === 'too_large' && !res.headersSent) {
          res.setHeader('connection', 'close');
          sendReply(res, route.tooLarge());
        } else if (read.reason === 'timeout' && !res.headersSent && route.bodyTimeout) {
          res.setHeader('connection', 'close');
          res.once('finish', () => req.destroy());
          sendReply(res, route.bodyTimeout());
        }
        // aborted: the client is gone; nothing to answer.
      },
      () => next(),
    );
  };
}

/** Puts the capture first in the root app's stack, once per root app; undefined when the app is not an express 4 app. */
function registryFor(httpNode: unknown): Map<string, RawBodyRoute> | undefined {
  if (!httpNode || (typeof httpNode !== 'function' && typeof httpNode !== 'object')) return undefined;
  const root = rootOf(httpNode as ExpressApp);
  const known = registries.get(root);
  if (known) return known;
  if (typeof root.use !== 'function') return undefined;
  const routes = new Map<string, RawBodyRoute>();
  const capture = captureFor(routes);
  root.use(capture);
  const stack = root._router?.stack;
  const index = stack ? stack.findIndex((layer) => layer.handle === capture) : -1;
  if (!stack || index < 0) return undefined;
  // First of all: ahead of the admin app, its body parsers and any parser a host added.
  stack.unshift(stack.splice(index, 1)[0]);
  registries.set(root, routes);
  return routes;
}

/** Where the HTTP-node app is mounted ("" at the root), as express reports it. */
function mountPath(httpNode: unknown): string {
  const path = (httpNode as ExpressApp).path;
  return typeof path === 'function' ? String(path.call(httpNode)) : '';
}

/**
 * Captures the raw body of POSTs to `path` and `path/:token` on Node-RED's HTTP-node app before any
 * body parser; returns the function that stops it, or undefined when the app is not one the capture
 * can be put into (then a parser mounted ahead of the node may still consume the body).
 */
export function captureRawBodies(httpNode: unknown, path: string, route: RawBodyRoute): (() => void) | undefined {
  const routes = registryFor(httpNode);
  if (!routes) return undefined;
  const key = routeKey(`${mountPath(httpNode)}/${path}`);
  routes.set(key, route);
  return () => {
    if (routes.get(key) === route) routes.delete(key);
  };
}
