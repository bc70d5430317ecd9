// Everything an http_request action would send, rendered from its parameters and the call context:
// typed variables, URL (escaped by placement), query parameters, headers, body, credential. Shared
// by preview and execute, so a preview shows exactly what an execution sends (secrets redacted).
import type { HttpRequestParams } from '../../blocks/http-request';
import { RelaisError } from '../../errors';
import { applyCredential } from '../../http/auth';
import { encodeForm, encodeMultipart, formFields, type FormFields } from '../../http/form-body';
import { blockedCredentialError, credentialHostAllowed } from '../../http/policy';
import type { HttpMethod, HttpRequest } from '../../http/types';
import { createRedactor, isSensitiveHeader, redactDeep, redactHeaders, redactSerialisedValue, type Redactor } from '../../redact';
import { renderHeaders } from '../../template/headers';
import { jsonTemplatePlaceholders, parseJsonTemplate, renderJsonTemplate, type JsonTemplate } from '../../template/json-template';
import { hasPlaceholders, parseTemplate, type PlaceholderPart } from '../../template/parse';
import { lookupPlaceholder, placeholderText, type TemplateScope } from '../../template/scope';
import { renderText } from '../../template/text';
import { appendQuery, parseUrlTemplate, renderUrl, type UrlTemplate } from '../../template/url';
import { templateScope } from '../../variables/context';
import { resolveVariables } from '../../variables/resolve';
import type { TypedValue } from '../../variables/types';
import type { ActionScope, RedactedRequest } from '../types';
import { credentialFields, fixedPartFits, type FixedPart } from './fixed-part';

export interface PreparedRequest {
  /** What goes to the transport, secrets included. */
  request: HttpRequest;
  /** The same request with secrets redacted, for previews, results and errors. */
  redacted: RedactedRequest;
  redact: Redactor;
  variables: Record<string, TypedValue>;
  warnings: string[];
}

const METHODS_WITH_BODY = new Set<HttpMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);
const DEFAULT_ACCEPT = 'application/json, text/plain;q=0.9, */*;q=0.5';
const CONTENT_TYPE_HEADERS: Record<string, string> = {
  json: 'application/json',
  text: 'text/plain; charset=utf-8',
  form: 'application/x-www-form-urlencoded',
};
/** The credential kinds whose headers are the same call after call (see FixedPart). */
const FIXABLE_CREDENTIALS = new Set<string | undefined>([undefined, 'bearer', 'basic', 'header', 'headers']);

/** The form fields for the preview: one key per field name (a repeated field as an array), redacted. */
function previewFields(fields: FormFields, redact: Redactor): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of fields) {
    const previous = Object.hasOwn(out, name) ? out[name] : undefined;
    const next = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    Object.defineProperty(out, name, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return redactDeep(out, redact) as Record<string, string | string[]>;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  for (const key in headers) if (key.toLowerCase() === name) return true;
  return false;
}

/**
 * What is derived from the parameters alone, once per (frozen, parsed) parameter object: the parsed URL
 * template, the query parameters, the headers when they hold no placeholder, the parsed body template.
 * Each part is filled on first success, so a template that fails keeps failing at the same point, in the
 * same order as without the plan.
 */
interface Plan {
  url?: UrlTemplate;
  /** The URL holds no placeholder and there is no query: it renders the same text every call… */
  urlIsStatic?: boolean;
  /** …which is then kept here. */
  staticUrl?: string;
  query?: ReadonlyArray<QueryItem>;
  /** headers_json rendered, when no value holds a placeholder (they are then the same every call). */
  staticHeaders?: { headers: Readonly<Record<string, string>>; secrets: readonly string[] };
  body?: JsonTemplate;
  /** The headers, secrets and redactor of the last call, when nothing in them changes from call to call. */
  fixed?: FixedPart;
  /** Every placeholder of the templates names a declared variable (no context name): the resolved
   * variables are then the whole scope the templates can read, and the full context scope is not built. */
  variablesOnly?: boolean;
}

const plans = new WeakMap<HttpRequestParams, Plan>();

function planFor(params: HttpRequestParams): Plan {
  // Only frozen parameters (parseBlock/buildBlock) can be planned: a mutable object could change between calls.
  if (!Object.isFrozen(params)) return {};
  let plan = plans.get(params);
  if (!plan) {
    plan = {};
    plans.set(params, plan);
  }
  return plan;
}

/** True when every placeholder of the parameters' templates starts with a declared variable's name.
 * False when a template does not parse: the full scope is then built and rendering reports the error
 * exactly as it would have. */
function readsOnlyVariables(params: HttpRequestParams, query: NonNullable<Plan['query']>): boolean {
  if (params.variables.length === 0) return false;
  try {
    const parts: PlaceholderPart[] = [];
    const add = (template: readonly { kind: string }[]) => {
      for (const part of template) if (part.kind === 'placeholder') parts.push(part as PlaceholderPart);
    };
    add(parseUrlTemplate(params.url, 'url').rest);
    for (const { template, where } of query) add(parseTemplate(template, where));
    for (const name of Object.keys(params.headers_json)) add(parseTemplate(params.headers_json[name], `headers_json.${name}`));
    if (params.content_type === 'text') add(parseTemplate(params.body_text, 'body_text'));
    else if (params.body_json !== '') parts.push(...jsonTemplatePlaceholders(parseJsonTemplate(params.body_json, 'body_json')));
    return parts.every((part) => params.variables.some((variable) => variable.name === part.path[0]));
  } catch {
    return false;
  }
}

interface QueryItem {
  name: string;
  template: string;
  where: string;
  sensitive: boolean;
  /** The placeholder when the value is exactly one placeholder: the parameter is left out when its value is
   * absent (an optional variable nobody filled), as an API expects of an optional query parameter. */
  only?: PlaceholderPart;
}

/** The placeholder a template consists of, when it is exactly one (undefined when it does not parse:
 * rendering then reports the error). */
function onlyPlaceholder(template: string, where: string): PlaceholderPart | undefined {
  try {
    const parts = parseTemplate(template, where);
    return parts.length === 1 && parts[0].kind === 'placeholder' ? parts[0] : undefined;
  } catch {
    return undefined;
  }
}

function queryPlan(params: HttpRequestParams): NonNullable<Plan['query']> {
  const out: QueryItem[] = [];
  for (const name of Object.keys(params.query_json)) {
    const value = params.query_json[name];
    // A key written in query_json (api_key=…, token=…) is as secret as one in a header.
    const sensitive = isSensitiveHeader(name);
    for (const template of Array.isArray(value) ? value : [value]) {
      const where = `query_json.${name}`;
      out.push({ name, template, where, sensitive, only: onlyPlaceholder(template, where) });
    }
  }
  return out;
}

/** A value's text for a placeholder in `where`. */
function textIn(scope: TemplateScope, where: string): (part: PlaceholderPart) => string {
  return (part) => placeholderText(lookupPlaceholder(scope, part, where), part, where);
}

/** Secrets written into headers_json (seed 001 puts tokens there): the value of every credential-like
 * header, and the token after an auth scheme ("Bearer abc" → "abc" too). */
function headerSecrets(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([name]) => isSensitiveHeader(name))
    .flatMap(([, value]) => {
      const scheme = /^\s*[A-Za-z][\w-]*\s+(\S.*)$/.exec(value);
      return scheme ? [value, scheme[1]] : [value];
    });
}

function renderBody(params: HttpRequestParams, scope: TemplateScope, plan: Plan): unknown {
  if (params.content_type === 'text') return params.body_text === '' ? undefined : renderText(params.body_text, scope, 'body_text');
  if (params.body_json === '') return undefined;
  const where = 'body_json';
  const whole = (part: PlaceholderPart): unknown => lookupPlaceholder(scope, part, where) ?? null;
  return renderJsonTemplate((plan.body ??= parseJsonTemplate(params.body_json, where)), whole, textIn(scope, where));
}

/** headers_json rendered, and the secrets written in it (cached in the plan when nothing is templated). */
function writtenHeaders(params: HttpRequestParams, values: TemplateScope, plan: Plan): { headers: Readonly<Record<string, string>>; secrets: readonly string[] } {
  // The plan's frozen headers as they are: applyCredential only reads them and returns a fresh copy.
  if (plan.staticHeaders) return plan.staticHeaders;
  const headers = renderHeaders(params.headers_json, textIn(values, 'headers_json'));
  const secrets = headerSecrets(headers);
  let templated = false;
  for (const name in params.headers_json) if (hasPlaceholders(params.headers_json[name])) templated = true;
  if (!templated && Object.isFrozen(params)) plan.staticHeaders = { headers: Object.freeze({ ...headers }), secrets: Object.freeze(secrets) };
  return { headers, secrets };
}

/**
 * `accessToken` is the access token of an oauth2_client_credentials credential, fetched by the caller
 * (a preview passes a stand-in: nothing is fetched).
 */
export function prepareHttpRequest(params: HttpRequestParams, scope: ActionScope, accessToken?: string): PreparedRequest {
  const plan = planFor(params);
  const warnings: string[] = [];
  const resolved = resolveVariables(params.variables, scope.context.variables);
  if (params.variables.length > 0 && resolved.ignored.length > 0) warnings.push(`ignored_variables: ${resolved.ignored.slice(0, 20).join(', ')}`);
  const queryItems = (plan.query ??= queryPlan(params));
  // resolved.values holds exactly the declared variables (coerced, defaults applied): when the templates
  // read nothing else, it is the scope they would see (lookups read own properties only).
  plan.variablesOnly ??= Object.isFrozen(params) && readsOnlyVariables(params, queryItems);
  const values: TemplateScope = plan.variablesOnly ? resolved.values : templateScope(scope.context, resolved.values);

  const method = params.http_method as HttpMethod;
  let url = plan.staticUrl ?? renderUrl((plan.url ??= parseUrlTemplate(params.url, 'url')), textIn(values, 'url'), { allowHttp: params.allow_http, where: 'url' });
  // Decided once per block: a URL holding no placeholder (and no query) renders the same text every call.
  plan.urlIsStatic ??= queryItems.length === 0 && Object.isFrozen(params) && plan.url!.rest.every((part) => part.kind === 'text');
  if (plan.urlIsStatic) plan.staticUrl = url;
  const querySecrets: string[] = [];
  if (queryItems.length > 0) {
    const query: Array<[string, string]> = [];
    for (const { name, template, where, sensitive, only } of queryItems) {
      if (only !== undefined && lookupPlaceholder(values, only, where) == null) continue;
      const value = renderText(template, values, where);
      if (sensitive) querySecrets.push(value);
      query.push([name, value]);
    }
    url = appendQuery(url, query);
  }

  const written = writtenHeaders(params, values, plan);
  let body = renderBody(params, values, plan);
  if (body !== undefined && !METHODS_WITH_BODY.has(method)) {
    warnings.push(`body_ignored: a ${method} request sends no body`);
    body = undefined;
  }

  const credential = params.credential === undefined ? undefined : scope.runtime.credential(params.credential);
  if (credential?.type === 'body' && !METHODS_WITH_BODY.has(method)) {
    throw new RelaisError('invalid_block', `The credential "${params.credential}" goes in the request body, but a ${method} request has no body: use POST, PUT or PATCH, or a header credential.`, {
      fr: `L'identifiant "${params.credential}" va dans le corps de la requête, mais une requête ${method} n'a pas de corps : utilisez POST, PUT ou PATCH, ou un identifiant d'en-tête.`,
      issues: [{ path: 'data.parameters.credential', message: `a body credential needs a method with a body (got ${method})`, fr: `un identifiant de type body demande une méthode avec corps (reçu ${method})` }],
    });
  }
  if (credential?.type === 'body' && params.content_type === 'text') {
    throw new RelaisError('invalid_block', `The credential "${params.credential}" goes in a JSON body, but content_type is text: set content_type to json.`, {
      fr: `L'identifiant "${params.credential}" va dans un corps JSON, mais content_type vaut text : réglez content_type sur json.`,
      issues: [{ path: 'data.parameters.content_type', message: 'body credentials need content_type json', fr: 'les identifiants de type body demandent content_type json' }],
    });
  }
  // A credential bound to hosts is checked before anything is built or fetched (an OAuth2 token included).
  const boundTo = credential?.allowed_hosts !== undefined && credential.allowed_hosts.length > 0 ? credential.allowed_hosts : undefined;
  if (boundTo) {
    const target = new URL(url);
    if (!credentialHostAllowed(boundTo, target)) throw blockedCredentialError(target.host, false);
  }
  let headers: Record<string, string>;
  let secrets: string[];
  let redact: Redactor;
  let redactedHeaders: Record<string, string>;
  const sendsBody = body !== undefined;
  // The headers, secrets and redactor are the last call's when nothing they depend on changed; a body
  // credential changes the body, so it always takes the full path.
  const fixable = plan.staticHeaders !== undefined && querySecrets.length === 0 && FIXABLE_CREDENTIALS.has(credential?.type) && params.content_type !== 'multipart';
  const fixed = fixable && plan.fixed !== undefined && fixedPartFits(plan.fixed, credential, sendsBody) ? plan.fixed : undefined;
  if (fixed) {
    headers = fixed.headers as Record<string, string>;
    secrets = fixed.secrets;
    redact = fixed.redact;
    redactedHeaders = { ...fixed.redactedHeaders };
  } else {
    const authenticated = applyCredential(credential, { headers: written.headers, body, url, accessToken });
    headers = authenticated.headers;
    body = authenticated.body;
    if (authenticated.url !== undefined) url = authenticated.url;
    secrets = written.secrets.length === 0 && querySecrets.length === 0 ? authenticated.secrets : [...authenticated.secrets, ...written.secrets, ...querySecrets];
    redact = createRedactor(secrets);
    if (body !== undefined && params.content_type !== 'multipart' && !hasHeader(headers, 'content-type')) headers['Content-Type'] = CONTENT_TYPE_HEADERS[params.content_type];
    if (!hasHeader(headers, 'accept')) headers.Accept = DEFAULT_ACCEPT;
    redactedHeaders = redactHeaders(headers, redact);
    if (fixable) {
      const [first, second] = credentialFields(credential);
      plan.fixed = {
        credentialType: credential?.type,
        first,
        second,
        sendsBody,
        headers: Object.freeze({ ...headers }),
        secrets: Object.freeze([...secrets]) as string[],
        redact,
        redactedHeaders: Object.freeze({ ...redactedHeaders }),
        redactedUrl: plan.staticUrl === undefined ? undefined : redact(plan.staticUrl),
      };
    }
  }

  let serialised: string | undefined;
  let fields: FormFields | undefined;
  if (body === undefined) serialised = undefined;
  else if (params.content_type === 'json' || params.content_type === 'text') serialised = typeof body === 'string' ? body : JSON.stringify(body);
  else {
    fields = formFields(body, params.content_type);
    if (params.content_type === 'form') serialised = encodeForm(fields);
    else {
      const multipart = encodeMultipart(fields);
      serialised = multipart.body;
      // The boundary is this body's: it replaces any Content-Type written in headers_json.
      const kept: Record<string, string> = {};
      for (const name in headers) if (name.toLowerCase() !== 'content-type') kept[name] = headers[name];
      headers = { ...kept, 'Content-Type': multipart.contentType };
      redactedHeaders = { ...redactedHeaders };
      for (const name in redactedHeaders) if (name.toLowerCase() === 'content-type') delete redactedHeaders[name];
      redactedHeaders['Content-Type'] = multipart.contentType;
    }
  }
  const request: HttpRequest = {
    method,
    url,
    headers,
    body: serialised,
    timeout_ms: Math.round(params.timeout_seconds * 1000),
    allow_http: params.allow_http,
    allow_private_network: params.allow_private_network,
    secrets,
  };
  // Optional keys assigned, not spread in (no temporary object per call); still the last keys, as before.
  if (params.retry) request.retry = params.retry;
  if (credential?.tls) request.tls = credential.tls;
  if (boundTo) request.credential_hosts = boundTo;
  const redacted: RedactedRequest = {
    method,
    url: fixed?.redactedUrl ?? redact(url),
    headers: redactedHeaders,
  };
  if (fields) redacted.body = previewFields(fields, redact);
  else if (body !== undefined) redacted.body = typeof body === 'string' ? redact(body) : redactSerialisedValue(body, serialised as string, redact);
  // resolved.values is a fresh object of this call (templateScope copied what it needs).
  return { request, redacted, redact, variables: resolved.values, warnings };
}
