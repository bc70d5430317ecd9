// A failed run (src/adapter's HostError: code, status, message, fallback) → what n8n shows or routes.
// With "Continue On Fail" / the error output the item carries `{error: {code, status, message,
// fallback}}` (n8n sends items with an `error` field to the error output); otherwise the node throws
// NodeApiError for failures of a remote system (an HTTP status, a timeout, a store or AI failure)
// and NodeOperationError for configuration and input problems (invalid_block, missing_variable,
// blocked_url, a bad answer…), with the Relais code in the message so it can be searched for.
import { NodeApiError, NodeOperationError, type IDataObject, type INode, type INodeExecutionData, type JsonObject } from 'n8n-workflow';
import type { HostError } from '../../../src/adapter/outcome';
import type { RelaisErrorCode } from '../../../src/errors';

/** Codes of a remote system failing (the others mean the node's settings or its input are wrong). */
const REMOTE_CODES: ReadonlySet<RelaisErrorCode> = new Set<RelaisErrorCode>(['timeout', 'connect_failed', 'too_large', 'invalid_json', 'store_error', 'ai_error']);

/** A remote failure: an HTTP status came back, or the code says the other side failed. */
export function isRemoteFailure(error: HostError): boolean {
  return error.status !== undefined || error.code.startsWith('http_') || REMOTE_CODES.has(error.code);
}

export function errorJson(error: HostError): IDataObject {
  return { ...error } as unknown as IDataObject;
}

export function errorItem(error: HostError, itemIndex: number): INodeExecutionData {
  return { json: { error: errorJson(error) }, pairedItem: { item: itemIndex } };
}

export function nodeError(node: INode, error: HostError, itemIndex: number): NodeApiError | NodeOperationError {
  const message = `${error.message} [${error.code}]`;
  const issues = error.issues?.map((issue) => `${issue.path || '(input)'}: ${issue.message}`).join('\n');
  const description = [issues, `Customer fallback: ${error.fallback}`].filter(Boolean).join('\n');
  if (!isRemoteFailure(error)) {
    return new NodeOperationError(node, message, { itemIndex, description });
  }
  return new NodeApiError(node, errorJson(error) as JsonObject, {
    message,
    description,
    itemIndex,
    ...(error.status === undefined ? {} : { httpCode: String(error.status) }),
  });
}
