// Everything an http_request action would send: the call rendered (render.ts) from the block's compiled
// parameters (compile.ts), then its credential's part applied (headers, secrets, redactor; built once
// per credential value by the runtime), and the same request with secrets redacted. Shared by preview
// and execute, so a preview shows exactly what an execution sends.
//
// A block's road to the socket: parseBlock (src/blocks/index.ts: validate, freeze, compile) →
// executeBlock (src/actions/index.ts: dispatch on action_type) → httpRequestAction.execute
// (src/actions/http-request.ts) → prepareHttpRequest, here (render.ts, runtime.credentialPart in
// src/runtime.ts) → runtime.http.request (src/http/client.ts: policy, redirects, retries) → exchange
// (src/http/exchange.ts: one undici dispatch) → the response decoded and filtered back in http-request.ts.
import type { HttpRequestParams } from '../../blocks/http-request';
import type { CredentialPart } from '../../credential-part';
import type { FormFields } from '../../http/form-body';
import type { HttpRequest } from '../../http/types';
import { createRedactor, redactDeep, redactHeaders, redactSerialisedValue, type Redactor } from '../../redact';
import type { TypedValue } from '../../variables/types';
import type { ActionScope, RedactedRequest } from '../types';
import { compiledOf } from './compile';
import { renderHttpRequest, type RenderedRequest } from './render';

export interface PreparedRequest {
  /** What goes to the transport, secrets included. */
  request: HttpRequest;
  /** The same request with secrets redacted, for previews, results and errors. */
  redacted: RedactedRequest;
  redact: Redactor;
  variables: Record<string, TypedValue>;
  warnings: string[];
}

const DEFAULT_ACCEPT = 'application/json, text/plain;q=0.9, */*;q=0.5';
const CONTENT_TYPE_HEADERS: Record<string, string> = {
  json: 'application/json',
  text: 'text/plain; charset=utf-8',
  form: 'application/x-www-form-urlencoded',
};

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

/** True when `headers` has a header named `name` (lower case), whatever its case. */
function hasHeader(headers: Readonly<Record<string, string>>, name: string): boolean {
  for (const key in headers) if (key.toLowerCase() === name) return true;
  return false;
}

/** `headers` without any header named `name` (whatever its case), then `name: value`. */
function withHeader(headers: Readonly<Record<string, string>>, name: string, value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in headers) if (key.toLowerCase() !== name.toLowerCase()) out[key] = headers[key];
  out[name] = value;
  return out;
}

/** The written headers with the credential's after them: a credential header replaces a written one of
 * the same name, whatever its case (the credential wins, as applyCredential does; a part's headers hold
 * no two names differing only in case). */
function withCredentialHeaders(written: Readonly<Record<string, string>>, credential: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in written) if (!hasHeader(credential, name.toLowerCase())) out[name] = written[name];
  for (const name in credential) out[name] = credential[name];
  return out;
}

/** A rendered call with its credential's part applied: the request to send and its redacted twin. */
export function finishHttpRequest(rendered: RenderedRequest, part: CredentialPart): PreparedRequest {
  const { compiled, credential, written, querySecrets, boundTo, url, body, serialised, fields, multipartType } = rendered;
  const { params, method } = compiled;
  let headers = withCredentialHeaders(written.headers, part.headers);
  const extra = written.secrets.length > 0 || querySecrets.length > 0;
  // The part's own (frozen) list when the call adds none: only read by the transport.
  const secrets = extra ? [...part.secrets, ...written.secrets, ...querySecrets] : part.secrets;
  const redact = extra ? createRedactor(secrets) : part.redact;
  if (body !== undefined && params.content_type !== 'multipart' && !hasHeader(headers, 'content-type')) headers['Content-Type'] = CONTENT_TYPE_HEADERS[params.content_type];
  if (!hasHeader(headers, 'accept')) headers.Accept = DEFAULT_ACCEPT;
  let redactedHeaders = redactHeaders(headers, redact);
  // The boundary is this body's: it replaces any Content-Type written in headers_json.
  if (multipartType !== undefined) {
    headers = withHeader(headers, 'Content-Type', multipartType);
    redactedHeaders = withHeader(redactedHeaders, 'Content-Type', multipartType);
  }
  const request: HttpRequest = {
    method,
    url: rendered.parsedUrl ?? url,
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
  const redacted: RedactedRequest = { method, url: redact(url), headers: redactedHeaders };
  if (fields) redacted.body = previewFields(fields, redact);
  else if (body !== undefined) redacted.body = typeof body === 'string' ? redact(body) : redactSerialisedValue(body, serialised as string, redact);
  return { request, redacted, redact, variables: rendered.variables, warnings: rendered.warnings };
}

/**
 * Renders and finishes a call of the block's parameters. `accessToken` is the access token of an
 * oauth2_client_credentials credential, fetched by the caller (a preview passes a stand-in: nothing is fetched).
 */
export function prepareHttpRequest(params: HttpRequestParams, scope: ActionScope, accessToken?: string): PreparedRequest {
  const rendered = renderHttpRequest(compiledOf(params), scope);
  return finishHttpRequest(rendered, rendered.part ?? scope.runtime.credentialPart(rendered.credential, accessToken));
}
