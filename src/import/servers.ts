// The server URL of an operation: its own `servers`, else its path's, else the document's (3.x), with
// server variables set to their defaults; Swagger 2.0's schemes + host + basePath. A relative URL is
// resolved against the URL the description came from; with neither, the operation cannot be called.
import { OperationProblem } from './operation';
import { isObject } from './schema';

interface ServerContext {
  swagger2: boolean;
  where: string;
  base?: string;
  override?: string;
}

function firstServer(...lists: unknown[]): Record<string, unknown> | undefined {
  for (const list of lists) if (Array.isArray(list) && isObject(list[0])) return list[0];
  return undefined;
}

function absolute(url: string, context: ServerContext): string {
  if (/^https?:\/\//i.test(url)) return url;
  if (context.base !== undefined) return new URL(url, context.base).href;
  throw new OperationProblem(context.where, `the server URL "${url}" is relative and the description was not fetched from a URL; give a server URL (server_url option, --server-url)`);
}

export function serverUrlFor(document: Record<string, unknown>, pathItem: Record<string, unknown>, operation: Record<string, unknown>, context: ServerContext): string {
  if (context.override) return context.override;
  if (context.swagger2) {
    if (typeof document.host !== 'string' || document.host === '') {
      if (context.base === undefined) throw new OperationProblem(context.where, 'the description has no "host", so the operation has no server URL; give one (server_url option, --server-url)');
    }
    const schemes = Array.isArray(document.schemes) ? (document.schemes as string[]) : [];
    const scheme = schemes.includes('https') || schemes.length === 0 ? 'https' : String(schemes[0]);
    const basePath = typeof document.basePath === 'string' ? document.basePath : '';
    if (typeof document.host !== 'string' || document.host === '') return absolute(basePath || '/', context);
    return `${scheme}://${document.host}${basePath}`;
  }
  const server = firstServer(operation.servers, pathItem.servers, document.servers);
  if (!server || typeof server.url !== 'string' || server.url.trim() === '') {
    // OpenAPI 3: no servers means "/" relative to where the description was served.
    if (context.base !== undefined) return new URL('/', context.base).href;
    throw new OperationProblem(context.where, 'the description declares no server URL (servers), so the operation has nowhere to go; give one (server_url option, --server-url)');
  }
  const variables = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variable = variables[name];
    if (isObject(variable) && variable.default !== undefined) return String(variable.default);
    throw new OperationProblem(context.where, `the server URL ${server.url} has the variable {${name}} without a default; give a server URL (server_url option, --server-url)`);
  });
  return absolute(url, context);
}
