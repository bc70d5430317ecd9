// The http_request action: preview renders and validates what would be sent (nothing is sent);
// execute sends it through the runtime's transport, turns 4xx/5xx into typed errors, decodes the body
// and pre-filters it for the model. With an OAuth2 credential, the access token is fetched first (one
// fetch for many concurrent calls) and a 401 drops it, fetches a new one and sends the call once more,
// all inside the action's one deadline. The request is rendered once (http/render.ts) and each token
// is applied to it as its credential part (http/prepare.ts).
import type { HttpRequestParams } from '../blocks/http-request';
import { RelaisError } from '../errors';
import { compileAllowedRanges } from '../http/address';
import { accessToken, invalidateAccessToken, type OAuth2Credential } from '../http/oauth2';
import { accessFor, checkUrl, createAllowList } from '../http/policy';
import type { HttpResponse } from '../http/types';
import { decodeBodySized, errorForResponse } from '../http/response';
import { applyFilter } from '../filter';
import { REDACTED, redactEscapedText, type Redactor } from '../redact';
import { compiledOf } from './http/compile';
import { finishHttpRequest, prepareHttpRequest, type PreparedRequest } from './http/prepare';
import { renderHttpRequest } from './http/render';
import type { ActionHandler, ActionResult, ActionScope } from './types';

/** An error with every text redacted once more (defence in depth: values a model filled may have
 * echoed a secret into a URL or a body excerpt), also where JSON escapes hide it. The copy carries no
 * `cause` (it may hold anything), and its stack is made from the redacted message. */
function redactError(error: unknown, redact: Redactor): unknown {
  const clean = (text: string) => redactEscapedText(text, redact);
  if (!(error instanceof RelaisError)) {
    // Not ours (a bug, a library failure): hosts replace its text anyway (toRelaisError), but it may be logged.
    if (error instanceof Error) {
      error.message = clean(error.message);
      if (error.stack !== undefined) error.stack = clean(error.stack);
    }
    return error;
  }
  return new RelaisError(error.code, clean(error.message), {
    status: error.status,
    issues: error.issues.map((issue) => ({ path: issue.path, message: clean(issue.message), fr: issue.fr === undefined ? undefined : clean(issue.fr) })),
    body: error.body === undefined ? undefined : clean(error.body),
    fallback: clean(error.fallback),
    fallbackFr: clean(error.fallbackFr),
    fr: clean(error.fr),
  });
}

/** With an OAuth2 credential: token (cached or fetched), call, and on a 401 one new token and one more call. */
function executeWithToken(params: HttpRequestParams, scope: ActionScope, credential: OAuth2Credential): Promise<ActionResult> {
  const timeoutMs = Math.round(params.timeout_seconds * 1000);
  const started = performance.now();
  const remaining = () => Math.max(1, Math.round(timeoutMs - (performance.now() - started)));
  const http = scope.runtime.http;
  // Everything that can be checked without the token (the credential's hosts, the templates, the
  // variables, the body) is checked before it is fetched: the call is rendered once, here.
  const rendered = renderHttpRequest(compiledOf(params), scope);
  const attempt = (retried: boolean): Promise<ActionResult> =>
    accessToken(credential, http, remaining()).then((token) => {
      const prepared = finishHttpRequest(rendered, scope.runtime.credentialPart(rendered.credential, token));
      prepared.request.timeout_ms = remaining();
      return http.request(prepared.request).then(
        (response) => {
          if (response.status === 401 && !retried) {
            invalidateAccessToken(credential, token);
            return attempt(true);
          }
          try {
            return resultOf(params, prepared, response);
          } catch (error) {
            throw redactError(error, prepared.redact);
          }
        },
        (error: unknown) => {
          throw redactError(error, prepared.redact);
        },
      );
    });
  return attempt(false);
}

export const httpRequestAction: ActionHandler<HttpRequestParams> = {
  preview(params, scope) {
    // An OAuth2 credential's token is not fetched: the preview sends nothing.
    const prepared = prepareHttpRequest(params, scope, REDACTED);
    // What can be known without connecting: scheme, literal private/metadata addresses, localhost names.
    // Host names are checked on the address actually connected to when the request is sent.
    const sent = prepared.request.url;
    const url = typeof sent === 'string' ? new URL(sent) : sent;
    const optIns = { allow_http: params.allow_http, allow_private_network: params.allow_private_network };
    const ranges = compileAllowedRanges(scope.runtime.network.allowed_ranges);
    checkUrl(url, accessFor(url, scope.runtime.network, createAllowList(scope.runtime.network.allowed_hosts), optIns), optIns, false, ranges);
    return { action_type: 'http_request', request: prepared.redacted, variables: prepared.variables, warnings: prepared.warnings };
  },

  execute(params, scope) {
    // Not an async function: one promise chained on the transport's (no extra frame to resume). A
    // preparation failure (a bad variable…) still rejects instead of throwing.
    let prepared: PreparedRequest;
    try {
      if (params.credential !== undefined) {
        const credential = scope.runtime.credential(params.credential);
        if (credential.type === 'oauth2_client_credentials') return executeWithToken(params, scope, credential);
      }
      prepared = prepareHttpRequest(params, scope);
    } catch (error) {
      return Promise.reject(error);
    }
    return scope.runtime.http.request(prepared.request).then(
      (response): ActionResult => {
        // Everything thrown from here (the HTTP error, a filter failure) is redacted as transport errors
        // are: a throw in this callback does not reach the rejection callback below.
        try {
          return resultOf(params, prepared, response);
        } catch (error) {
          throw redactError(error, prepared.redact);
        }
      },
      (error: unknown) => {
        throw redactError(error, prepared.redact);
      },
    );
  },
};

/** A response as the action's result: a typed error for 4xx/5xx, else the decoded body, filtered within
 * what is left of the call's deadline. */
function resultOf(params: HttpRequestParams, prepared: PreparedRequest, response: HttpResponse): ActionResult {
  const { redact } = prepared;
  if (response.status >= 400) throw errorForResponse(response, redact);
  const decoded = decodeBodySized(response, { expectJson: params.content_type === 'json', htmlToText: params.filter?.html_to_text ?? true }, redact);
  // Only an expression can run long (bounds.ts): the clock is read only for one.
  const deadline = params.filter?.expression === undefined ? undefined : Date.now() + Math.max(0, prepared.request.timeout_ms - response.duration_ms);
  const filtered = applyFilter(decoded.data, params.filter, decoded.chars, deadline);
  return {
    ok: true,
    data: filtered.data,
    meta: {
      action_type: 'http_request',
      status: response.status,
      duration_ms: response.duration_ms,
      truncated: filtered.report.truncated,
      request: prepared.redacted,
      filter: filtered.report,
      attempts: response.attempts,
      // Both lists are fresh arrays of this call: no copy when one is empty (the usual case).
      warnings: prepared.warnings.length === 0 ? decoded.warnings : decoded.warnings.length === 0 ? prepared.warnings : [...prepared.warnings, ...decoded.warnings],
    },
  };
}
