// The runtime file of `relais mcp --runtime runtime.json`: createRuntime's options as JSON
// ({credentials, network, …}). Any value written {"$env": "NAME"} is read from that environment
// variable, so secrets live in the environment and never on the command line (flags show in `ps`).
import { readFile } from 'node:fs/promises';
import type { RuntimeOptions } from '../runtime';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Replaces every {"$env": "NAME"} with the variable's value; a missing variable is an error naming where. */
export function resolveEnvReferences(value: unknown, env: Record<string, string | undefined>, path = ''): unknown {
  if (Array.isArray(value)) return value.map((item, i) => resolveEnvReferences(item, env, `${path}[${i}]`));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$env') {
    const name = value.$env;
    if (typeof name !== 'string' || name === '') throw new Error(`${path || 'the runtime file'}: "$env" must name an environment variable`);
    const found = env[name];
    if (found === undefined) throw new Error(`${path}: the environment variable ${name} is not set`);
    return found;
  }
  return Object.fromEntries(keys.map((key) => [key, resolveEnvReferences(value[key], env, path ? `${path}.${key}` : key)]));
}

export async function readRuntimeFile(path: string, env: Record<string, string | undefined>): Promise<RuntimeOptions> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the runtime file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text, which may hold secrets: say where, not what.
    throw new Error(`the runtime file ${path} is not valid JSON`);
  }
  if (!isObject(parsed)) throw new Error(`the runtime file ${path} must hold a JSON object ({"credentials": {…}, "network": {…}})`);
  return resolveEnvReferences(parsed, env) as RuntimeOptions;
}
