// Where an OpenAPI description comes from: a parsed document, document text (JSON or YAML), a file
// path, or an http(s) URL fetched through the runtime's guarded transport (deadline, size cap, SSRF
// guard: a private address is refused as blocked_url unless the runtime opts in). The result is
// parsed (YAML by the chosen parser itself, which reads the file) and its `$ref`s resolved inside the
// document only: the parser never reads another file or URL.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeForStatus, RelaisError } from '../errors';
import { createRuntime, type Runtime } from '../runtime';
import { isObject } from './schema';

export interface SourceOptions {
  /** Fetches URL sources; a default runtime (public addresses only) is made and closed when absent. */
  runtime?: Runtime;
  /** Deadline of a URL fetch in ms (default 30 000). */
  timeout_ms?: number;
  /** Size cap of a URL or file source in bytes (default 64 MiB; GitHub's description is 13 MB). */
  max_bytes?: number;
  /** Let a URL source be http:// (default false). */
  allow_http?: boolean;
  /** Let a URL source be on a private or loopback address (default false). */
  allow_private_network?: boolean;
}

export interface LoadedSource {
  document: Record<string, unknown>;
  /** The URL the description came from, to resolve a relative server URL against. */
  baseUrl?: string;
  /** What to call the source in messages. */
  label: string;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export function invalidSource(message: string, fr: string, path = 'source'): RelaisError {
  return new RelaisError('invalid_block', message, { fr, issues: [{ path, message, fr }] });
}

/** A source's label (`the file x`, `the description at u`…) in French, for French messages. */
export function labelFr(label: string): string {
  if (label === 'the document') return 'le document';
  if (label === 'the description text') return 'le texte de la description';
  if (label.startsWith('the description at ')) return `la description à ${label.slice('the description at '.length)}`;
  if (label.startsWith('the file ')) return `le fichier ${label.slice('the file '.length)}`;
  return label;
}

const looksLikeText = (source: string) => /^\s*[{[]/.test(source) || source.includes('\n');

async function fetchText(url: string, options: SourceOptions): Promise<string> {
  const runtime = options.runtime ?? createRuntime();
  try {
    const response = await runtime.http.request({
      method: 'GET',
      url,
      headers: { accept: 'application/json, application/yaml;q=0.9, text/yaml;q=0.9, */*;q=0.5' },
      timeout_ms: options.timeout_ms ?? 30_000,
      max_response_bytes: options.max_bytes ?? DEFAULT_MAX_BYTES,
      allow_http: options.allow_http,
      allow_private_network: options.allow_private_network,
    });
    if (response.status >= 400) throw new RelaisError(codeForStatus(response.status), `The OpenAPI description at ${url} could not be fetched: HTTP ${response.status}.`, {
        fr: `La description OpenAPI à ${url} n'a pas pu être récupérée : HTTP ${response.status}.`,
        status: response.status,
      });
    return response.body.toString('utf8');
  } finally {
    if (!options.runtime) await runtime.close();
  }
}

async function readSourceFile(path: string, max: number): Promise<string> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalidSource(`The OpenAPI description file ${path} cannot be read (${code ?? 'error'}).`, `Le fichier de description OpenAPI ${path} ne peut pas être lu (${code ?? 'erreur'}).`);
  }
  if (size > max) throw new RelaisError('too_large', `The OpenAPI description file ${path} is ${size} bytes, more than the ${max} allowed.`, {
      fr: `Le fichier de description OpenAPI ${path} fait ${size} octets, plus que les ${max} autorisés.`,
    });
  return readFile(path, 'utf8');
}

/** Parses JSON text directly; YAML through the parser, which reads it from a (temporary) file. */
async function parseText(text: string, label: string, path?: string): Promise<unknown> {
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const detail = (error as Error).message.replace(/ in JSON.*$/, '');
      throw invalidSource(`${label} is not valid JSON (${detail}).`, `${labelFr(label)} n'est pas du JSON valide (${detail}).`);
    }
  }
  if (path !== undefined) return parseYamlFile(path, label);
  const dir = await mkdtemp(join(tmpdir(), 'relais-import-'));
  try {
    const file = join(dir, 'description.yaml');
    await writeFile(file, text);
    return await parseYamlFile(file, label);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function parseYamlFile(path: string, label: string): Promise<unknown> {
  try {
    // Only the root file is read (external: false); `$ref`s are resolved later, on the parsed object.
    // The parser is loaded on first use: a host that never imports does not pay for it.
    const { parse } = await import('@readme/openapi-parser');
    return await parse(path, { resolve: { external: false } });
  } catch (error) {
    const detail = (error as Error).message.split('\n')[0].replace(path, 'the document');
    throw invalidSource(`${label} is neither JSON nor YAML that can be read: ${detail}`, `${labelFr(label)} n'est ni du JSON ni du YAML lisible : ${detail}`);
  }
}

export async function loadSource(source: unknown, options: SourceOptions): Promise<LoadedSource> {
  if (isObject(source)) return { document: structuredClone(source), label: 'the document' };
  if (typeof source !== 'string' || source.trim() === '') {
    throw invalidSource(
      'Give an OpenAPI description: a parsed document, its JSON or YAML text, a file path or an https:// URL.',
      'Donnez une description OpenAPI : un document analysé, son texte JSON ou YAML, un chemin de fichier ou une URL https://.',
    );
  }
  const trimmed = source.trim();
  let parsed: unknown;
  let baseUrl: string | undefined;
  let label: string;
  if (/^https?:\/\//i.test(trimmed) && !looksLikeText(trimmed)) {
    label = `the description at ${trimmed}`;
    baseUrl = trimmed;
    parsed = await parseText(await fetchText(trimmed, options), label);
  } else if (looksLikeText(source)) {
    label = 'the description text';
    parsed = await parseText(source, label);
  } else {
    label = `the file ${trimmed}`;
    parsed = await parseText(await readSourceFile(trimmed, options.max_bytes ?? DEFAULT_MAX_BYTES), label, trimmed);
  }
  if (!isObject(parsed)) {
    throw invalidSource(
      `${label} is not an OpenAPI description: it holds ${Array.isArray(parsed) ? 'a list' : 'a single value'}, not an object with "openapi" or "swagger" at the top.`,
      `${labelFr(label)} n'est pas une description OpenAPI : il contient ${Array.isArray(parsed) ? 'une liste' : 'une valeur seule'}, pas un objet avec "openapi" ou "swagger" au premier niveau.`,
    );
  }
  return { document: parsed, baseUrl, label };
}

/** Resolves every `$ref` inside the document (in place). External references are left as they are
 * and refused per operation; a reference loop is left as a `$ref` too; recursive schemas become cycles. */
export async function resolveRefs(document: Record<string, unknown>, label: string): Promise<Record<string, unknown>> {
  const { dereference } = await import('@readme/openapi-parser');
  try {
    return (await dereference(document as never, { resolve: { external: false }, dereference: { circular: true } })) as unknown as Record<string, unknown>;
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw invalidSource(`${label}: a $ref cannot be resolved: ${message}`, `${labelFr(label)} : un $ref ne peut pas être résolu : ${message}`);
  }
}
