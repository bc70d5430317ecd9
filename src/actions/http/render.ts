// One call of an http_request action rendered from its compiled parameters (compile.ts) and the call's
// context: typed variables, URL (escaped by placement), query parameters, written headers, the body
// (serialised), and the named credential checked and its part taken from the runtime. Everything here is
// independent of an OAuth2 access token: such a call renders once, before its token is fetched, and
// prepare.ts applies each token it gets.
import type { CredentialPart } from '../../credential-part';
import type { Credential } from '../../credentials';
import { RelaisError } from '../../errors';
import { applyCredential } from '../../http/auth';
import { encodeForm, encodeMultipart, formFields, type FormFields } from '../../http/form-body';
import { blockedCredentialError, credentialHostAllowed } from '../../http/policy';
import type { HttpMethod, UrlParts } from '../../http/types';
import { renderHeaders } from '../../template/headers';
import { parseJsonTemplate, renderJsonTemplate } from '../../template/json-template';
import type { PlaceholderPart } from '../../template/parse';
import { lookupPlaceholder, placeholderText, type TemplateScope } from '../../template/scope';
import { renderText } from '../../template/text';
import { appendQuery, parseUrlTemplate, renderUrlParsed } from '../../template/url';
import { templateScope } from '../../variables/context';
import { resolveVariables } from '../../variables/resolve';
import type { TypedValue } from '../../variables/types';
import type { ActionScope } from '../types';
import { headerSecrets, type CompiledHttpRequest, type WrittenHeaders } from './compile';

export const METHODS_WITH_BODY: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A call rendered, before its credential's values are applied. */
export interface RenderedRequest {
  compiled: CompiledHttpRequest;
  url: string;
  /** The parts of `url` when rendering has them (read from the template, or parsed by its origin check; a
   * static URL's compiled once): the transport takes them as they are instead of parsing the text again.
   * Only read. */
  parsedUrl: UrlParts | undefined;
  written: WrittenHeaders;
  /** Values of sensitive query parameters (api_key=…), redacted like the credential's. */
  querySecrets: string[];
  /** The body's value (a body credential merged in); undefined when none is sent. */
  body: unknown;
  /** The body as sent. */
  serialised: string | undefined;
  /** form and multipart: the fields encoded (shown in previews). */
  fields: FormFields | undefined;
  /** multipart: the Content-Type carrying this body's boundary. */
  multipartType: string | undefined;
  /** The block's credential as the runtime resolved it. */
  credential: Credential | undefined;
  /** Its part (headers, secrets, redactor); undefined for an OAuth2 credential, whose part depends on the
   * access token (runtime.credentialPart with the token, once it is fetched). */
  part: CredentialPart | undefined;
  /** The credential's allowed_hosts, when it is bound to hosts (checked against the URL here). */
  boundTo: readonly string[] | undefined;
  variables: Record<string, TypedValue>;
  warnings: string[];
}

/** A value's text for a placeholder in `where`. */
function textIn(scope: TemplateScope, where: string): (part: PlaceholderPart) => string {
  return (part) => placeholderText(lookupPlaceholder(scope, part, where), part, where);
}

function renderBody(compiled: CompiledHttpRequest, scope: TemplateScope): unknown {
  const { params } = compiled;
  if (params.content_type === 'text') return params.body_text === '' ? undefined : renderText(params.body_text, scope, 'body_text');
  if (params.body_json === '') return undefined;
  const where = 'body_json';
  const whole = (part: PlaceholderPart): unknown => lookupPlaceholder(scope, part, where) ?? null;
  return renderJsonTemplate(compiled.body ?? parseJsonTemplate(params.body_json, where), whole, textIn(scope, where));
}

function writtenHeaders(compiled: CompiledHttpRequest, scope: TemplateScope): WrittenHeaders {
  if (compiled.staticHeaders) return compiled.staticHeaders;
  const headers = renderHeaders(compiled.params.headers_json, textIn(scope, 'headers_json'));
  return { headers, secrets: headerSecrets(headers) };
}

/** Renders a call; throws the first problem found, in this order: variables, URL, query, headers, body,
 * the credential (unknown, unusable with this method or content type, bound to other hosts). */
export function renderHttpRequest(compiled: CompiledHttpRequest, scope: ActionScope): RenderedRequest {
  const { params, method } = compiled;
  const warnings: string[] = [];
  const resolved = resolveVariables(params.variables, scope.context.variables);
  if (params.variables.length > 0 && resolved.ignored.length > 0) warnings.push(`ignored_variables: ${resolved.ignored.slice(0, 20).join(', ')}`);
  // resolved.values holds exactly the declared variables (coerced, defaults applied): when the templates
  // read nothing else, it is the scope they would see (lookups read own properties only).
  const values: TemplateScope = compiled.readsOnlyVariables ? resolved.values : templateScope(scope.context, resolved.values);

  let url: string;
  let parsedUrl: UrlParts | undefined;
  if (compiled.staticUrl !== undefined) {
    url = compiled.staticUrl;
    parsedUrl = compiled.staticParts;
  } else {
    const rendered = renderUrlParsed(compiled.url ?? parseUrlTemplate(params.url, 'url'), textIn(values, 'url'), { allowHttp: params.allow_http, where: 'url' });
    url = rendered.text;
    parsedUrl = rendered.url;
  }
  const querySecrets: string[] = [];
  if (compiled.query.length > 0) {
    const query: Array<[string, string]> = [];
    for (const { name, template, where, sensitive, only } of compiled.query) {
      if (only !== undefined && lookupPlaceholder(values, only, where) == null) continue;
      const value = renderText(template, values, where);
      if (sensitive) querySecrets.push(value);
      query.push([name, value]);
    }
    url = appendQuery(url, query);
    parsedUrl = undefined;
  }

  const written = writtenHeaders(compiled, values);
  let body = renderBody(compiled, values);
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
    const target = parsedUrl ?? new URL(url);
    if (!credentialHostAllowed(boundTo, target)) throw blockedCredentialError(target.host, false);
  }
  const part = credential?.type === 'oauth2_client_credentials' ? undefined : scope.runtime.credentialPart(credential);
  // Body and query credentials change this call's body or URL (their part holds no header).
  if (credential?.type === 'body' || credential?.type === 'query') {
    const applied = applyCredential(credential, { headers: {}, body, url });
    body = applied.body;
    if (applied.url !== undefined && applied.url !== url) {
      url = applied.url;
      parsedUrl = undefined;
    }
  }

  let serialised: string | undefined;
  let fields: FormFields | undefined;
  let multipartType: string | undefined;
  if (body === undefined) serialised = undefined;
  else if (params.content_type === 'json' || params.content_type === 'text') serialised = typeof body === 'string' ? body : JSON.stringify(body);
  else {
    fields = formFields(body, params.content_type);
    if (params.content_type === 'form') serialised = encodeForm(fields);
    else {
      const multipart = encodeMultipart(fields);
      serialised = multipart.body;
      multipartType = multipart.contentType;
    }
  }
  // resolved.values is a fresh object of this call (templateScope copied what it needs).
  return { compiled, url, parsedUrl, written, querySecrets, body, serialised, fields, multipartType, credential, part, boundTo, variables: resolved.values, warnings };
}
