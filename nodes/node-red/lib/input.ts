// A node's form values for one message: plain properties as configured, typedInputs evaluated
// against the msg/flow/global/env (RED.util.evaluateNodeProperty), credential fields pointing at the
// relais-auth config node (whose id is the credential's name in the runtime).
import type { FieldMeta } from '../../../src/blocks/fields';
import { RelaisError } from '../../../src/errors';
import type { FormValues } from '../../../src/adapter';
import { typeProperty, typedInputTypes } from './form-spec';
import type { Node, NodeAPI, NodeDef, NodeMessage } from './red';

/** RED.util.evaluateNodeProperty as a promise (flow/global context stores may answer asynchronously). */
export function evaluateProperty(RED: NodeAPI, node: Node, value: unknown, type: string, msg: NodeMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    try {
      RED.util.evaluateNodeProperty(value, type, node, msg, (error, result) => (error ? reject(error) : resolve(result)));
    } catch (error) {
      reject(error);
    }
  });
}

/** The typedInput source a field is read from on each message, or undefined when its value is the one configured. */
function perMessageSource(field: FieldMeta, config: NodeDef): { type: string; types: readonly string[] } | undefined {
  const types = typedInputTypes(field);
  const type = config[typeProperty(field)];
  return !types || typeof type !== 'string' || type === types[0] ? undefined : { type, types };
}

/** True when no field is read per message (every typedInput is a fixed value): formValuesFor then always gives the configured values. */
export function valuesAreFixed(config: NodeDef, fields: readonly FieldMeta[]): boolean {
  return fields.every((field) => perMessageSource(field, config) === undefined);
}

export async function formValuesFor(RED: NodeAPI, node: Node, config: NodeDef, fields: readonly FieldMeta[], msg: NodeMessage): Promise<FormValues> {
  const values: FormValues = { ...config };
  for (const field of fields) {
    const source = perMessageSource(field, config);
    if (!source) continue;
    const { type, types } = source;
    if (!types.includes(type)) {
      throw new RelaisError('invalid_block', `"${field.name}" takes its value from an unsupported source "${type}". Use one of: ${types.join(', ')}.`, {
        fr: `"${field.name}" prend sa valeur d'une source non prise en charge "${type}". Utilisez l'une de : ${types.join(', ')}.`,
        issues: [{ path: `data.parameters.${field.name}`, message: `unsupported source ${type}`, fr: `source ${type} non prise en charge` }],
      });
    }
    try {
      values[field.name] = await evaluateProperty(RED, node, config[field.name], type, msg);
    } catch {
      throw new RelaisError('invalid_block', `"${field.name}" could not be read from ${type}.${String(config[field.name])}. Check that the property exists.`, {
        fr: `"${field.name}" n'a pas pu être lu depuis ${type}.${String(config[field.name])}. Vérifiez que la propriété existe.`,
        issues: [{ path: `data.parameters.${field.name}`, message: `cannot read ${type}.${String(config[field.name])}`, fr: `impossible de lire ${type}.${String(config[field.name])}` }],
      });
    }
  }
  return values;
}

/**
 * The language the runtime speaks, found as Node-RED's own i18n finds it: settings.lang, else the first
 * of LC_ALL, LC_MESSAGES, LANG that is set (node-red/node-red,
 * packages/node_modules/@node-red/util/lib/i18n.js, init() and getCurrentLocale(), commit 1f38dc8).
 * French when it starts with "fr"; English otherwise.
 */
export function languageOf(RED: NodeAPI, env: NodeJS.ProcessEnv = process.env): 'en' | 'fr' {
  const fromEnv = ['LC_ALL', 'LC_MESSAGES', 'LANG'].find((name) => name in env);
  const lang = RED.settings.lang || (fromEnv === undefined ? '' : env[fromEnv]);
  return /^fr/i.test(String(lang ?? '')) ? 'fr' : 'en';
}
