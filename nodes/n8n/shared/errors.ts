// A failed run (src/adapter's HostError: code, status, message, fallback) → what n8n shows or routes.
// With "Continue On Fail" / the error output the item carries `{error: {code, status, message,
// fallback}}` (n8n sends items with an `error` field to the error output); otherwise the node throws
// NodeApiError for failures of a remote system and NodeOperationError for configuration and input
// problems, with the Relais code in the message so it can be searched for.
import { NodeApiError, NodeOperationError, type IDataObject, type INode, type INodeExecutionData, type JsonObject } from 'n8n-workflow';
import type { HostError } from '../../../src/adapter/outcome';
import type { RelaisErrorCode } from '../../../src/errors';

/** Codes that mean the node's settings or its input are wrong, not a remote system. */
const OPERATION_CODES: ReadonlySet<RelaisErrorCode> = new Set<RelaisErrorCode>(['invalid_block', 'invalid_variable', 'missing_variable', 'blocked_url', 'insecure_url']);

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
  if (OPERATION_CODES.has(error.code)) {
    return new NodeOperationError(node, message, { itemIndex, description });
  }
  return new NodeApiError(node, errorJson(error) as JsonObject, {
    message,
    description,
    itemIndex,
    ...(error.status === undefined ? {} : { httpCode: String(error.status) }),
  });
}
