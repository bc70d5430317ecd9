// An http_request block's parameters compiled once, when the block is parsed: the parsed URL template
// (and its text when it is the same on every call), the query plan, the written headers when they hold
// no placeholder, the parsed JSON body template, and whether the templates read only declared
// variables. Rendering (render.ts) reads this and the call's context; it never fills anything in.
import type { HttpRequestParams } from '../../blocks/http-request';
import type { HttpMethod, UrlParts } from '../../http/types';
import { isSensitiveHeader } from '../../redact';
import { renderHeaders } from '../../template/headers';
import { jsonTemplatePlaceholders, parseJsonTemplate, type JsonTemplate } from '../../template/json-template';
import { hasPlaceholders, parseTemplate, type PlaceholderPart } from '../../template/parse';
import { parseUrlTemplate, renderUrlParsed, type UrlTemplate } from '../../template/url';

export interface QueryItem {
  readonly name: string;
  readonly template: string;
  readonly where: string;
  /** A key written in query_json (api_key=…, token=…) is as secret as one in a header. */
  readonly sensitive: boolean;
  /** The placeholder when the value is exactly one placeholder: the parameter is left out when its value is
   * absent (an optional variable nobody filled), as an API expects of an optional query parameter. */
  readonly only?: PlaceholderPart;
}

/** headers_json rendered, and the secrets written in it (a token written in a header value). */
export interface WrittenHeaders {
  readonly headers: Readonly<Record<string, string>>;
  readonly secrets: readonly string[];
}

/**
 * Everything about a call that depends on the parameters alone. A part that does not compile (a template
 * that does not parse, an http:// URL without allow_http) is left undefined: rendering then computes it
 * again and reports the error exactly where and when it did before there was a compiled form.
 */
export interface CompiledHttpRequest {
  readonly params: HttpRequestParams;
  readonly method: HttpMethod;
  readonly url: UrlTemplate | undefined;
  /** The URL's text when it holds no placeholder and there is no query: it renders the same every call. */
  readonly staticUrl: string | undefined;
  /** That URL's parts, when they could be read without parsing it (template/url.ts, RenderedUrl). */
  readonly staticParts: UrlParts | undefined;
  readonly query: readonly QueryItem[];
  /** headers_json rendered, when no value holds a placeholder (the same every call). */
  readonly staticHeaders: WrittenHeaders | undefined;
  /** body_json parsed, for the json, form and multipart content types (undefined when empty). */
  readonly body: JsonTemplate | undefined;
  /** Every placeholder of the templates names a declared variable (no context name): the resolved
   * variables are then the whole scope the templates can read, and the full context scope is not built. */
  readonly readsOnlyVariables: boolean;
}

/** The value of `compute`, or undefined when it throws (the render path then throws it again). */
function attempt<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}

/** The placeholder a template consists of, when it is exactly one. */
function onlyPlaceholder(template: string, where: string): PlaceholderPart | undefined {
  const parts = attempt(() => parseTemplate(template, where));
  return parts !== undefined && parts.length === 1 && parts[0].kind === 'placeholder' ? parts[0] : undefined;
}

function queryPlan(params: HttpRequestParams): QueryItem[] {
  const out: QueryItem[] = [];
  for (const name of Object.keys(params.query_json)) {
    const value = params.query_json[name];
    const sensitive = isSensitiveHeader(name);
    const where = `query_json.${name}`;
    for (const template of Array.isArray(value) ? value : [value]) out.push(Object.freeze({ name, template, where, sensitive, only: onlyPlaceholder(template, where) }));
  }
  return out;
}

/** Secrets written into headers_json: the value of every credential-like header, and the token after
 * an auth scheme ("Bearer abc" → "abc" too). */
export function headerSecrets(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers)
    .filter(([name]) => isSensitiveHeader(name))
    .flatMap(([, value]) => {
      const scheme = /^\s*[A-Za-z][\w-]*\s+(\S.*)$/.exec(value);
      return scheme ? [value, scheme[1]] : [value];
    });
}

function staticHeaders(params: HttpRequestParams): WrittenHeaders | undefined {
  for (const name in params.headers_json) if (hasPlaceholders(params.headers_json[name])) return undefined;
  return attempt(() => {
    // No placeholder: the value reader is never called.
    const headers = renderHeaders(params.headers_json, () => '');
    return Object.freeze({ headers: Object.freeze(headers), secrets: Object.freeze(headerSecrets(headers)) });
  });
}

/** True when every placeholder of the templates starts with a declared variable's name (false when one
 * does not parse: the full scope is then built and rendering reports the error). */
function readsOnlyVariables(params: HttpRequestParams, url: UrlTemplate | undefined, query: readonly QueryItem[], body: JsonTemplate | undefined): boolean {
  if (params.variables.length === 0 || url === undefined) return false;
  const parts = attempt(() => {
    const found: PlaceholderPart[] = [];
    const add = (template: readonly { kind: string }[]) => {
      for (const part of template) if (part.kind === 'placeholder') found.push(part as PlaceholderPart);
    };
    add(url.rest);
    for (const { template, where } of query) add(parseTemplate(template, where));
    for (const name of Object.keys(params.headers_json)) add(parseTemplate(params.headers_json[name], `headers_json.${name}`));
    if (params.content_type === 'text') add(parseTemplate(params.body_text, 'body_text'));
    else if (params.body_json !== '') {
      if (body === undefined) throw new Error('body_json does not parse');
      found.push(...jsonTemplatePlaceholders(body));
    }
    return found;
  });
  return parts !== undefined && parts.every((part) => params.variables.some((variable) => variable.name === part.path[0]));
}

/** Compiles parameters (a pure function of them: the same parameters always give an equal result). */
export function compileHttpRequest(params: HttpRequestParams): CompiledHttpRequest {
  const url = attempt(() => parseUrlTemplate(params.url, 'url'));
  const query = Object.freeze(queryPlan(params));
  const isStatic = url !== undefined && query.length === 0 && url.rest.every((part) => part.kind === 'text');
  // Rendered with a reader that is never called (no placeholder); an http:// URL without allow_http throws here and at every call.
  const rendered = isStatic ? attempt(() => renderUrlParsed(url, () => '', { allowHttp: params.allow_http, where: 'url' })) : undefined;
  const body = params.content_type !== 'text' && params.body_json !== '' ? attempt(() => parseJsonTemplate(params.body_json, 'body_json')) : undefined;
  return Object.freeze({
    params,
    method: params.http_method as HttpMethod,
    url,
    staticUrl: rendered?.text,
    // Parts read from the template and text (frozen strings) are shared by every call; a parsed URL
    // object is mutable: it is not kept (the transport parses the text).
    staticParts: rendered === undefined || rendered.url instanceof URL ? undefined : Object.freeze(rendered.url),
    query,
    staticHeaders: staticHeaders(params),
    body,
    readsOnlyVariables: readsOnlyVariables(params, url, query, body),
  });
}

/**
 * The compiled form of each parsed block's parameters. Invariant: an entry is set only by
 * `attachCompiled`, which parseBlock/buildBlock call once on the frozen parameters they return, with
 * those very parameters; frozen parameters never change, so the entry always describes them.
 */
const compiledByParams = new WeakMap<HttpRequestParams, CompiledHttpRequest>();

/** For parseBlock/buildBlock: compiles the (frozen) parameters of a block they return. */
export function attachCompiled(params: HttpRequestParams): void {
  compiledByParams.set(params, compileHttpRequest(params));
}

/** The compiled form of parsed parameters; parameters that did not come from parseBlock are compiled now. */
export function compiledOf(params: HttpRequestParams): CompiledHttpRequest {
  return compiledByParams.get(params) ?? compileHttpRequest(params);
}
