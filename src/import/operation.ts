// One OpenAPI operation → one http_request block (seed 001 format): the server URL and the path with
// `{{name}}` segments, query and header parameters and the JSON body's properties as typed variables,
// nested body objects as JSON templates, the credential its security names, a description of 10–200
// characters and a response filter suggestion. Problems that make the operation unusable throw an
// OperationProblem (the caller turns it into a warning or an invalid_block naming the operation).
import { isSensitiveHeader } from '../redact';
import { actionDescription, cut, NameScope, plainText } from './names';
import { successSchema, suggestFilter } from './response-filter';
import { isObject, isScalar, objectProperties, schemaType, toVariable, unresolvedRef, type Schema } from './schema';
import type { SecurityCatalog } from './security';
import type { ImportedBlock, ImportedVariable } from './types';

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const MAX_VARIABLES = 100;
const MAX_BODY_DEPTH = 3;
/** Headers the transport, the body or a credential sets: a parameter for them is not a variable. */
const OWNED_HEADERS = new Set(['accept', 'content-type', 'content-length', 'host', 'authorization', 'cookie', 'user-agent']);

export class OperationProblem extends Error {
  constructor(readonly where: string, message: string) {
    super(message);
  }
}

export interface OperationInput {
  method: (typeof METHODS)[number];
  path: string;
  pathItem: Record<string, unknown>;
  operation: Record<string, unknown>;
  /** Where this operation sits in the document, for messages: `paths./pets/{id}.get`. */
  where: string;
  serverUrl: string;
  swagger2: boolean;
  /** Swagger 2.0's document-level `consumes`. */
  consumes: string[];
  /** The document-level `security`. */
  security: unknown;
  catalog: SecurityCatalog;
  warn: (message: string) => void;
  id: string;
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description?: unknown;
  schema: Schema;
  raw: Record<string, unknown>;
}

function checkRefs(value: unknown, where: string): void {
  const ref = unresolvedRef(value);
  if (ref === undefined) return;
  if (!ref.startsWith('#')) throw new OperationProblem(where, `external $ref "${ref}" at ${where}: only references inside the document are followed; bundle the description into one file first`);
  throw new OperationProblem(where, `the $ref "${ref}" at ${where} is part of a loop of references that never reaches a schema`);
}

function operationParameters(input: OperationInput): Parameter[] {
  const byKey = new Map<string, Parameter>();
  const lists: Array<[unknown, string]> = [
    [input.pathItem.parameters, `paths.${input.path}.parameters`],
    [input.operation.parameters, `${input.where}.parameters`],
  ];
  for (const [list, where] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((raw, index) => {
      checkRefs(raw, `${where}[${index}]`);
      if (!isObject(raw) || typeof raw.name !== 'string' || typeof raw.in !== 'string') return;
      // 3.x keeps the type in `schema`; Swagger 2.0 on the parameter itself (except body parameters).
      const schema = isObject(raw.schema) ? raw.schema : input.swagger2 && raw.in !== 'body' ? raw : {};
      checkRefs(schema, `${where}[${index}].schema`);
      byKey.set(`${raw.in}:${raw.name}`, { name: raw.name, in: raw.in, required: raw.required === true || raw.in === 'path', description: raw.description, schema, raw });
    });
  }
  return [...byKey.values()];
}

/** https://api.example.com/v1 + /pets/{petId} → https://api.example.com/v1/pets/{{pet_id}} */
function urlTemplate(input: OperationInput, pathParams: Map<string, string>): string {
  const base = input.serverUrl.replace(/\/+$/, '');
  const path = input.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variable = pathParams.get(name);
    if (variable === undefined) throw new OperationProblem(`${input.where}`, `the path parameter {${name}} of ${input.path} is not declared in the operation's parameters`);
    return `{{${variable}}}`;
  });
  return `${base}${path.startsWith('/') ? '' : '/'}${path}`;
}

interface BodyPlan {
  contentType: 'json' | 'text';
  body: string;
}

/** A JSON template for an object schema: scalars become typed placeholders, nested objects nested
 * templates (their leaves named parent_child), arrays and other shapes are left out (a required one
 * keeps its example or an empty list). */
function objectTemplate(schema: Schema, prefix: string, depth: number, names: NameScope, variables: ImportedVariable[], where: string, warn: (m: string) => void, parentRequired: boolean): string {
  const { properties, required } = objectProperties(schema);
  const entries: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    checkRefs(property, `${where}.${name}`);
    if (property.readOnly === true) continue;
    const isRequired = parentRequired && required.has(name);
    const key = JSON.stringify(name);
    const type = schemaType(property);
    if (isScalar(property)) {
      if (variables.length >= MAX_VARIABLES) {
        warn(`${where}: more than ${MAX_VARIABLES} body fields; "${prefix}${name}" and the rest were left out`);
        break;
      }
      const variable = toVariable(names.claim(`${prefix}${name}`), property, { required: isRequired });
      variables.push(variable);
      entries.push(`${key}: {{${variable.name}}}`);
    } else if (type === 'object' && depth < MAX_BODY_DEPTH && Object.keys(objectProperties(property).properties).length > 0) {
      entries.push(`${key}: ${objectTemplate(property, `${prefix}${name}_`, depth + 1, names, variables, `${where}.${name}`, warn, isRequired)}`);
    } else if (isRequired) {
      const example = property.example ?? property.default;
      entries.push(`${key}: ${example !== undefined ? JSON.stringify(example) : type === 'array' ? '[]' : '{}'}`);
      warn(`${where}.${name}: a required ${type ?? 'value'} the variables cannot fill; body_json holds ${example !== undefined ? 'its example' : 'an empty one'} — edit it`);
    }
  }
  return `{${entries.join(', ')}}`;
}

function requestBody(input: OperationInput, params: Parameter[], names: NameScope, variables: ImportedVariable[]): BodyPlan | undefined {
  let schema: Schema | undefined;
  let mediaType: string | undefined;
  let required = false;
  const where = `${input.where}.requestBody`;
  if (input.swagger2) {
    const body = params.find((p) => p.in === 'body');
    const consumes = Array.isArray(input.operation.consumes) ? (input.operation.consumes as string[]) : input.consumes;
    if (params.some((p) => p.in === 'formData')) throw new OperationProblem(where, `${input.where} takes a form body (formData), which an imported action cannot send yet; write the action by hand`);
    if (!body) return undefined;
    schema = isObject(body.raw.schema) ? body.raw.schema : {};
    mediaType = consumes.find((t) => /json/i.test(t)) ?? (consumes.length === 0 ? 'application/json' : consumes[0]);
    required = body.required;
  } else {
    const raw = input.operation.requestBody;
    if (raw === undefined) return undefined;
    checkRefs(raw, where);
    if (!isObject(raw)) return undefined;
    required = raw.required === true;
    const content = isObject(raw.content) ? raw.content : {};
    mediaType = Object.keys(content).find((t) => /json/i.test(t)) ?? Object.keys(content)[0];
    const media = mediaType === undefined ? undefined : content[mediaType];
    schema = isObject(media) && isObject(media.schema) ? media.schema : {};
    checkRefs(schema, `${where}.content.${mediaType}.schema`);
  }
  if (mediaType === undefined) return undefined;
  if (/json/i.test(mediaType)) {
    if (schemaType(schema) === 'object' || isObject(schema.properties) || Array.isArray(schema.allOf)) {
      return { contentType: 'json', body: objectTemplate(schema, '', 1, names, variables, where, input.warn, true) };
    }
    const variable = toVariable(names.claim('body'), isScalar(schema) ? schema : {}, { required, description: 'The request body' });
    if (!isScalar(schema)) input.warn(`${where}: the JSON body is not an object; it is sent as one text value — edit body_json if the API expects a list`);
    variables.push(variable);
    return { contentType: 'json', body: `{{${variable.name}}}` };
  }
  if (/^text\//i.test(mediaType)) {
    const variable = toVariable(names.claim('body'), { type: 'string' }, { required, description: 'The request body (text)' });
    variables.push(variable);
    return { contentType: 'text', body: `{{${variable.name}}}` };
  }
  throw new OperationProblem(where, `${input.where} takes a ${mediaType} body, which an imported action cannot send yet; write the action by hand`);
}

function credentialFor(input: OperationInput): string | undefined {
  const security = input.operation.security ?? input.security;
  if (!Array.isArray(security) || security.length === 0) return undefined;
  // The first requirement the catalog can turn into a credential; `{}` (no auth) counts as none.
  for (const requirement of security) {
    if (!isObject(requirement)) continue;
    const schemes = Object.keys(requirement);
    if (schemes.length === 0) return undefined;
    if (schemes.length > 1) input.warn(`${input.where}: the API asks for ${schemes.join(' and ')} together; only "${schemes[0]}" is set as the credential`);
    const credential = input.catalog.stubFor(schemes[0], input.warn);
    if (credential) return credential.name;
  }
  return undefined;
}

export function operationBlock(input: OperationInput): ImportedBlock {
  const { operation } = input;
  const params = operationParameters(input);
  const names = new NameScope();
  const variables: ImportedVariable[] = [];
  const pathParams = new Map<string, string>();
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const param of params) {
    if (param.in === 'path') {
      const variable = toVariable(names.claim(param.name), isScalar(param.schema) ? param.schema : { type: 'string' }, { description: param.description, required: true, source: param.raw });
      variables.push(variable);
      pathParams.set(param.name, variable.name);
    }
  }
  for (const param of params) {
    if (param.in === 'query' || param.in === 'header') {
      if (param.in === 'header' && (OWNED_HEADERS.has(param.name.toLowerCase()) || isSensitiveHeader(param.name))) continue;
      const type = schemaType(param.schema);
      if (!isScalar(param.schema) && type !== 'array') {
        input.warn(`${input.where}: the ${param.in} parameter "${param.name}" is an ${type ?? 'untyped'} value; left out`);
        continue;
      }
      // An optional header with no default would be sent empty: left out (an optional query parameter
      // is left out of the URL when its variable is absent).
      if (param.in === 'header' && !param.required && param.schema.default === undefined) continue;
      const schema = type === 'array' ? { ...(isObject(param.schema.items) ? param.schema.items : {}), type: 'string', format: undefined, description: param.schema.description } : param.schema;
      const variable = toVariable(names.claim(param.name), schema, { description: param.description, required: param.required, source: param.raw });
      if (type === 'array') variable.description = `${variable.description} Several values: separated by commas.`.trim();
      variables.push(variable);
      (param.in === 'query' ? query : headers)[param.name] = `{{${variable.name}}}`;
    } else if (param.in === 'cookie') {
      input.warn(`${input.where}: the cookie parameter "${param.name}" is left out`);
    }
  }
  const body = requestBody(input, params, names, variables);
  const summary = typeof operation.summary === 'string' ? operation.summary : undefined;
  const description = typeof operation.description === 'string' ? operation.description : undefined;
  const method = input.method.toUpperCase();
  const label = cut(plainText(summary ?? '') || input.id, 120);
  const parameters: ImportedBlock['data']['parameters'] = {
    action_type: 'http_request',
    http_method: method,
    url: urlTemplate(input, pathParams),
    variables,
  };
  if (Object.keys(query).length > 0) parameters.query_json = JSON.stringify(query);
  if (Object.keys(headers).length > 0) parameters.headers_json = JSON.stringify(headers);
  if (body) {
    parameters.content_type = body.contentType;
    if (body.contentType === 'json') parameters.body_json = body.body;
    else parameters.body_text = body.body;
  }
  const credential = credentialFor(input);
  if (credential) parameters.credential = credential;
  const filter = suggestFilter(successSchema(operation.responses, input.swagger2));
  if (filter) parameters.filter = filter;
  return {
    id: input.id,
    type: 'action',
    data: {
      label,
      subtitle: `${method} ${input.path}`,
      channel: 'http',
      description: actionDescription([summary, description], `${method} ${input.path}`),
      parameters,
    },
  };
}
