// importOpenApi: an OpenAPI 3.0 / 3.1 or Swagger 2.0 description (JSON or YAML) → one http_request
// block per operation, the credential stubs they name, and warnings. Every block returned has passed
// parseBlock. An operation that cannot become a block (external $ref, $ref loop, no server URL, a body
// an action cannot send) is left out with a warning naming it; when nothing is left, or when an
// operation asked for by id is one of them, the import fails with invalid_block naming what and where.
import { parseBlock } from '../blocks';
import { RelaisError, type RelaisIssue } from '../errors';
import { identifier } from './names';
import { METHODS, OperationProblem, operationBlock } from './operation';
import { isObject } from './schema';
import { securityCatalog } from './security';
import { serverUrlFor } from './servers';
import { invalidSource, labelFr, loadSource, resolveRefs, type SourceOptions } from './source';
import type { ImportedBlock, OpenApiImport } from './types';

export interface ImportOpenApiOptions extends SourceOptions {
  /** Import only these operation ids (default: every operation). */
  operations?: string[];
  /** Replaces the description's server URL (e.g. a sandbox), and serves descriptions that have none. */
  server_url?: string;
}

function checkVersion(document: Record<string, unknown>, label: string): boolean {
  const openapi = document.openapi;
  const swagger = document.swagger;
  if (typeof openapi === 'string' || typeof openapi === 'number') {
    if (/^3\.[01](\.\d+)?$/.test(String(openapi))) return false;
    throw invalidSource(`${label} is OpenAPI ${String(openapi)}, which is not supported: Relais imports OpenAPI 3.0, 3.1 and Swagger 2.0.`, `${labelFr(label)} est en OpenAPI ${String(openapi)}, qui n'est pas pris en charge : Relais importe OpenAPI 3.0, 3.1 et Swagger 2.0.`, 'openapi');
  }
  if (swagger !== undefined) {
    if (String(swagger) === '2.0') return true;
    throw invalidSource(`${label} is Swagger ${String(swagger)}, which is not supported: Relais imports OpenAPI 3.0, 3.1 and Swagger 2.0.`, `${labelFr(label)} est en Swagger ${String(swagger)}, qui n'est pas pris en charge : Relais importe OpenAPI 3.0, 3.1 et Swagger 2.0.`, 'swagger');
  }
  throw invalidSource(`${label} is not an OpenAPI description: it has no "openapi" (3.x) or "swagger" (2.0) field at the top.`, `${labelFr(label)} n'est pas une description OpenAPI : il n'a pas de champ "openapi" (3.x) ou "swagger" (2.0) au premier niveau.`, 'openapi');
}

function uniqueId(raw: unknown, method: string, path: string, taken: Set<string>): string {
  const base = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : identifier(`${method}_${path}`, method);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

export async function importOpenApi(source: unknown, options: ImportOpenApiOptions = {}): Promise<OpenApiImport> {
  const loaded = await loadSource(source, options);
  const swagger2 = checkVersion(loaded.document, loaded.label);
  if (!isObject(loaded.document.paths)) throw invalidSource(`${loaded.label} has no "paths": there is no operation to import.`, `${labelFr(loaded.label)} n'a pas de "paths" : il n'y a aucune opération à importer.`, 'paths');
  const document = await resolveRefs(loaded.document, loaded.label);
  const paths = document.paths as Record<string, unknown>;
  const wanted = options.operations && options.operations.length > 0 ? new Set(options.operations) : undefined;
  const warnings: string[] = [];
  const problems: RelaisIssue[] = [];
  const blocks: ImportedBlock[] = [];
  const info = isObject(document.info) ? document.info : {};
  const catalog = securityCatalog(document, swagger2, typeof info.title === 'string' ? info.title : 'api');
  const consumes = Array.isArray(document.consumes) ? (document.consumes as string[]) : [];
  const taken = new Set<string>();
  const found = new Set<string>();
  const insecure = new Set<string>();

  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const id = uniqueId(operation.operationId, method, path, taken);
      if (wanted && !wanted.has(id)) continue;
      found.add(id);
      const where = `paths.${path}.${method}`;
      const operationWarnings: string[] = [];
      try {
        const serverUrl = serverUrlFor(document, pathItem, operation, { swagger2, where, base: loaded.baseUrl, override: options.server_url });
        if (/^http:\/\//i.test(serverUrl) && !insecure.has(serverUrl)) {
          insecure.add(serverUrl);
          warnings.push(`the server URL ${serverUrl} is http://: an action refuses it unless allow_http is set (prefer an https:// server URL, --server-url)`);
        }
        const block = operationBlock({ method, path, pathItem, operation, where, serverUrl, swagger2, consumes, security: document.security, catalog, warn: (m) => operationWarnings.push(m), id });
        parseBlock(block);
        blocks.push(block);
        warnings.push(...operationWarnings.map((m) => `${id}: ${m}`));
      } catch (error) {
        const message = error instanceof OperationProblem || error instanceof RelaisError ? error.message : `unexpected problem: ${(error as Error).message}`;
        problems.push({ path: error instanceof OperationProblem ? error.where : where, message: `${id}: ${message}` });
        warnings.push(`${id} (${method.toUpperCase()} ${path}) was not imported: ${message}`);
      }
    }
  }
  const missing = wanted ? [...wanted].filter((id) => !found.has(id)) : [];
  if (missing.length > 0) {
    throw new RelaisError('invalid_block', `No operation with the id ${missing.map((m) => `"${m}"`).join(', ')} in ${loaded.label}.`, {
      fr: `Aucune opération avec l'id ${missing.map((m) => `"${m}"`).join(', ')} dans ${labelFr(loaded.label)}.`,
      issues: missing.map((m) => ({ path: 'operations', message: `unknown operation id "${m}"`, fr: `id d'opération "${m}" inconnu` })),
    });
  }
  if (blocks.length === 0 || (wanted && problems.length > 0)) {
    const detail = problems.length > 0 ? problems.slice(0, 3).map((p) => p.message).join('; ') : 'the description declares no GET, POST, PUT, PATCH or DELETE operation';
    throw new RelaisError('invalid_block', `Nothing could be imported from ${loaded.label}: ${detail}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}.`, {
      fr: `Rien n'a pu être importé de ${labelFr(loaded.label)} : ${problems.length > 0 ? problems.slice(0, 3).map((p) => p.fr ?? p.message).join(' ; ') : 'la description ne déclare aucune opération GET, POST, PUT, PATCH ou DELETE'}${problems.length > 3 ? ` (et ${problems.length - 3} de plus)` : ''}.`,
      issues: problems.length > 0 ? problems : [{ path: 'paths', message: 'no operation', fr: 'aucune opération' }],
    });
  }
  return { blocks, credentials: catalog.used(), warnings };
}
