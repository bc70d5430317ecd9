// The http_request action: preview renders and validates what would be sent (nothing is sent);
// execute sends it through the runtime's transport, turns 4xx/5xx into typed errors, decodes the body
// and pre-filters it for the model.
import type { HttpRequestParams } from '../blocks/http-request';
import { RelaisError } from '../errors';
import { accessFor, checkUrl, createAllowList } from '../http/policy';
import { decodeBodySized, errorForResponse } from '../http/response';
import { applyFilter } from '../filter';
import type { Redactor } from '../redact';
import { prepareHttpRequest, type PreparedRequest } from './http/prepare';
import type { ActionHandler, ActionResult } from './types';

/** A transport error with every text redacted once more (defence in depth: values a model filled may
 * have echoed a secret into a URL or a body excerpt). */
function redactError(error: unknown, redact: Redactor): unknown {
  if (!(error instanceof RelaisError)) return error;
  return new RelaisError(error.code, redact(error.message), {
    status: error.status,
    issues: error.issues.map((issue) => ({ path: issue.path, message: redact(issue.message) })),
    body: error.body === undefined ? undefined : redact(error.body),
    fallback: error.fallback,
  });
}

export const httpRequestAction: ActionHandler<HttpRequestParams> = {
  preview(params, scope) {
    const prepared = prepareHttpRequest(params, scope);
    // What can be known without connecting: scheme, literal private/metadata addresses, localhost names.
    // Host names are checked on the address actually connected to when the request is sent.
    const url = new URL(prepared.request.url);
    const optIns = { allow_http: params.allow_http, allow_private_network: params.allow_private_network };
    checkUrl(url, accessFor(url, scope.runtime.network, createAllowList(scope.runtime.network.allowed_hosts), optIns), optIns, false);
    return { action_type: 'http_request', request: prepared.redacted, variables: prepared.variables, warnings: prepared.warnings };
  },

  execute(params, scope) {
    // Not an async function: one promise chained on the transport's (no extra frame to resume). A
    // preparation failure (a bad variable…) still rejects instead of throwing.
    let prepared: PreparedRequest;
    try {
      prepared = prepareHttpRequest(params, scope);
    } catch (error) {
      return Promise.reject(error);
    }
    const { redact } = prepared;
    return scope.runtime.http.request(prepared.request).then(
      (response): ActionResult => {
        if (response.status >= 400) throw errorForResponse(response, redact);
        const decoded = decodeBodySized(response, { expectJson: params.content_type === 'json', htmlToText: params.filter?.html_to_text ?? true }, redact);
        const filtered = applyFilter(decoded.data, params.filter, decoded.chars);
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
      },
      (error: unknown) => {
        throw redactError(error, redact);
      },
    );
  },
};
