// Mounting a POST handler on Node-RED's HTTP node server (RED.httpNode, an express app) and removing
// it again when the node closes, as core's `http in` node does. One owner per path in the process.
import type { HttpRouter } from './red';

const owners = new Map<string, string>();

/** "relais/agent" → "/relais/agent"; trailing slashes dropped. */
export function normalisePath(path: unknown): string {
  const text = typeof path === 'string' ? path.trim() : '';
  const withSlash = text.startsWith('/') ? text : `/${text}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
}

/** Claims `paths` for `owner`; false when another node already owns one of them. */
export function claimPaths(owner: string, paths: string[]): boolean {
  if (paths.some((p) => owners.has(p) && owners.get(p) !== owner)) return false;
  for (const p of paths) owners.set(p, owner);
  return true;
}

export function mountPost(router: HttpRouter, paths: string[], handler: (req: unknown, res: unknown) => void): void {
  for (const path of paths) router.post(path, (req, res) => handler(req, res));
}

export function unmount(router: HttpRouter, owner: string, paths: string[]): void {
  const stack = router._router?.stack;
  if (stack) {
    for (let i = stack.length - 1; i >= 0; i -= 1) {
      const route = stack[i].route;
      if (route && paths.includes(route.path) && route.methods.post) stack.splice(i, 1);
    }
  }
  for (const path of paths) if (owners.get(path) === owner) owners.delete(path);
}

/**
 * True when requests for `path` (under the HTTP nodes' root) also pass through Node-RED's admin app,
 * which is mounted first and parses JSON bodies for itself: the raw body is then consumed before any
 * node sees it (so an HMAC of it cannot be checked). The case with Node-RED's default settings, where
 * both roots are "/". relais-agent-events avoids it by capturing the raw body first (raw-body.ts); this
 * check is only used when that capture cannot be installed, to warn that HMAC cannot work.
 */
export function adminReadsBody(settings: Record<string, unknown>, path: string): boolean {
  if (settings.httpAdminRoot === false) return false;
  const trim = (root: unknown) => (typeof root === 'string' ? root : '/').replace(/\/+$/, '');
  const admin = trim(settings.httpAdminRoot);
  const full = `${trim(settings.httpNodeRoot)}${normalisePath(path)}`;
  return admin === '' || full === admin || full.startsWith(`${admin}/`);
}
