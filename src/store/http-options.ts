// Checks the http backend's options before anything is sent, so a typo in a host's configuration
// (an unknown option, operation or field key) is reported by name instead of silently ignored. Values
// are never quoted: they may hold credentials.
import { RelaisError, type RelaisIssue } from '../errors';
import { DEFAULT_OPERATIONS } from './http-defaults';
import type { HttpStoreOptions } from './types';

const OPTION_KEYS = ['backend', 'base_url', 'credential', 'headers', 'operations', 'contact_fields', 'timeout_ms', 'allow_private_network', 'allow_http'];
const OPERATION_KEYS = ['method', 'url', 'query', 'headers', 'body', 'result_path'];
const FIELD_KEYS = ['id', 'email', 'phone', 'first_name', 'last_name', 'tags', 'created_at', 'updated_at'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function unknownKeys(value: Record<string, unknown>, known: readonly string[], path: string, issues: RelaisIssue[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) issues.push({ path: `${path}.${key}`, message: `unknown option "${key}" (known: ${known.join(', ')})`, fr: `option "${key}" inconnue (connues : ${known.join(', ')})` });
  }
}

function stringRecord(value: unknown, path: string, issues: RelaisIssue[]): void {
  if (value === undefined) return;
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) issues.push({ path, message: 'must be an object of text values', fr: 'doit être un objet de valeurs texte' });
}

export function checkHttpStoreOptions(options: HttpStoreOptions): void {
  const issues: RelaisIssue[] = [];
  unknownKeys(options as unknown as Record<string, unknown>, OPTION_KEYS, 'store', issues);
  stringRecord(options.headers, 'store.headers', issues);
  if (options.contact_fields !== undefined) {
    if (!isObject(options.contact_fields)) issues.push({ path: 'store.contact_fields', message: 'must be an object', fr: 'doit être un objet' });
    else {
      unknownKeys(options.contact_fields, FIELD_KEYS, 'store.contact_fields', issues);
      stringRecord(options.contact_fields, 'store.contact_fields', issues);
    }
  }
  if (options.operations !== undefined) {
    if (!isObject(options.operations)) issues.push({ path: 'store.operations', message: 'must be an object', fr: 'doit être un objet' });
    else {
      unknownKeys(options.operations, Object.keys(DEFAULT_OPERATIONS), 'store.operations', issues);
      for (const [name, op] of Object.entries(options.operations)) {
        const path = `store.operations.${name}`;
        if (!isObject(op)) {
          issues.push({ path, message: 'must be an object {method?, url?, query?, headers?, body?, result_path?}', fr: 'doit être un objet {method?, url?, query?, headers?, body?, result_path?}' });
          continue;
        }
        unknownKeys(op, OPERATION_KEYS, path, issues);
        if (op.method !== undefined && !METHODS.includes(String(op.method))) issues.push({ path: `${path}.method`, message: `must be one of ${METHODS.join(', ')}`, fr: `doit être l'une des valeurs ${METHODS.join(', ')}` });
        if (op.url !== undefined && typeof op.url !== 'string') issues.push({ path: `${path}.url`, message: 'must be text', fr: 'doit être du texte' });
        if (op.result_path !== undefined && typeof op.result_path !== 'string') issues.push({ path: `${path}.result_path`, message: 'must be a dot path as text', fr: 'doit être un chemin à points, en texte' });
        stringRecord(op.query, `${path}.query`, issues);
        stringRecord(op.headers, `${path}.headers`, issues);
      }
    }
  }
  if (issues.length > 0) {
    throw new RelaisError('invalid_block', `The http contact store options are not valid: ${RelaisError.issueList(issues)}.`, {
      fr: `Les options de la base de contacts http ne sont pas valides : ${RelaisError.issueListFr(issues, ' : ')}.`,
      issues,
    });
  }
}
