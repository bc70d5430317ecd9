// A first response filter for an imported action (seed 000's advice: give the model a small answer):
// from the success response's JSON schema, the scalar top-level fields — kept with `include` for an
// object, projected with a JMESPath expression (and the first items only) for a list of objects. The
// user can change it; without a schema there is no suggestion.
import { isObject, isScalar, objectProperties, schemaType, type Schema } from './schema';

const MAX_FIELDS = 15;
const MAX_ITEMS = 10;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** API links (GitHub's repository has 30 `*_url` fields) say little to a model: kept last. */
const isLink = (name: string) => /_url$/i.test(name) && name !== 'html_url';

function scalarFields(schema: Schema): string[] {
  const { properties } = objectProperties(schema);
  const names = Object.entries(properties)
    .filter(([, value]) => isScalar(value))
    .map(([name]) => name);
  return [...names.filter((n) => !isLink(n)), ...names.filter(isLink)].slice(0, MAX_FIELDS);
}

const quoted = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

/** The JSON schema of the first 2xx (else "default") response with a JSON body. */
export function successSchema(responses: unknown, swagger2: boolean): Schema | undefined {
  if (!isObject(responses)) return undefined;
  const codes = Object.keys(responses).filter((code) => /^2\d\d$|^2XX$/i.test(code)).sort();
  for (const code of [...codes, 'default']) {
    const response = responses[code];
    if (!isObject(response)) continue;
    if (swagger2) return isObject(response.schema) ? response.schema : undefined;
    const content = isObject(response.content) ? response.content : {};
    const type = Object.keys(content).find((t) => /json/i.test(t));
    const media = type === undefined ? undefined : content[type];
    if (isObject(media) && isObject(media.schema)) return media.schema;
    if (codes.includes(code)) return undefined;
  }
  return undefined;
}

export function suggestFilter(schema: Schema | undefined): Record<string, unknown> | undefined {
  if (!schema) return undefined;
  const type = schemaType(schema);
  if (type === 'object') {
    const fields = scalarFields(schema).filter((name) => !name.includes('.') && !name.includes('*'));
    return fields.length > 0 ? { include: fields } : undefined;
  }
  if (type === 'array' && isObject(schema.items) && schemaType(schema.items) === 'object') {
    const fields = scalarFields(schema.items);
    if (fields.length === 0) return { max_items: MAX_ITEMS };
    return { expression: `[].{${fields.map((name) => `${quoted(name)}: ${quoted(name)}`).join(', ')}}`, max_items: MAX_ITEMS };
  }
  return undefined;
}
