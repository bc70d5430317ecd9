// Relais HTTP Request run through a fake n8n context against a real loopback API: variables from the
// item, the selected credential applied and redacted, per-item pairing, errors as NodeApiError or as
// error items; and Relais HTTP Tool (supplyData), whose schema keeps optional variables optional.
import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';
import { RelaisHttpRequest } from '../../../nodes/n8n/RelaisHttpRequest/RelaisHttpRequest.node';
import { RelaisHttpTool } from '../../../nodes/n8n/RelaisHttpTool/RelaisHttpTool.node';
import { executeContext, supplyDataContext } from '../../support/n8n-context';
import { useApiServer } from './api-server';

const server = useApiServer();

const node = new RelaisHttpRequest();
const variables = {
  variable: [
    { name: 'order_number', type: 'string', description: 'The order number on the receipt', example: 'A-1002', required: true, default: '' },
    { name: 'notify', type: 'boolean', description: 'Whether to notify the customer', example: '', required: false, default: 'false' },
  ],
};
const baseParameters = (overrides: Record<string, unknown> = {}) => ({
  http_method: 'GET',
  url: `${server.current.url}/orders/{{order_number}}`,
  variables,
  options: { allow_http: true, allow_private_network: true, timeout_seconds: 5 },
  authentication: 'relaisBearerAuth',
  ...overrides,
});
const bearer = { relaisBearerAuth: { token: 'good-token-secret-123' } };

describe('Relais HTTP Request execute()', () => {
  it('calls the API once per item with the item fields as variables, pairs outputs, applies and redacts the credential', async () => {
    const { context } = executeContext({
      parameters: baseParameters(),
      credentials: bearer,
      items: [{ json: { order_number: 'A 1/2' } }, { json: { variables: { order_number: 'B-7' } } }],
    });
    const [output] = await node.execute.call(context);
    expect(output).toHaveLength(2);
    expect(server.current.requests.map((r) => r.url)).toEqual(['/orders/A%201%2F2', '/orders/B-7']);
    expect(server.current.requests[0].headers.authorization).toBe('Bearer good-token-secret-123');
    expect(output[0].pairedItem).toEqual({ item: 0 });
    expect(output[1].pairedItem).toEqual({ item: 1 });
    expect((output[0].json.data as IDataObject).id).toBe('A 1/2');
    expect((output[1].json.data as IDataObject).status).toBe('shipped');
    const relais = output[0].json.relais as IDataObject;
    expect(relais.status).toBe(200);
    expect(JSON.stringify(output)).not.toContain('good-token-secret-123');
  });

  it('throws a NodeApiError carrying the Relais code and status when the API answers 404', async () => {
    const { context } = executeContext({ parameters: baseParameters(), credentials: bearer, items: [{ json: { order_number: 'missing' } }] });
    const error = await node.execute.call(context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).message).toContain('[http_404]');
    expect((error as NodeApiError).httpCode).toBe('404');
  });

  it('with Continue On Fail, outputs {error: {code, status, message, fallback}} for the failed item and goes on', async () => {
    const { context } = executeContext({
      parameters: baseParameters(),
      credentials: bearer,
      continueOnFail: true,
      items: [{ json: { order_number: 'missing' } }, { json: { order_number: 'C-3' } }],
    });
    const [output] = await node.execute.call(context);
    const error = output[0].json.error as IDataObject;
    expect(error.code).toBe('http_404');
    expect(error.status).toBe(404);
    expect(typeof error.message).toBe('string');
    expect(typeof error.fallback).toBe('string');
    expect(output[0].pairedItem).toEqual({ item: 0 });
    expect((output[1].json.data as IDataObject).id).toBe('C-3');
  });

  it('reports a missing required variable as a NodeOperationError naming it, without calling the API', async () => {
    const { context } = executeContext({ parameters: baseParameters(), credentials: bearer, items: [{ json: { something_else: 1 } }] });
    const error = await node.execute.call(context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toContain('missing_variable');
    expect((error as Error).message).toContain('order_number');
    expect(server.current.requests).toHaveLength(0);
  });

  it('refuses a loopback URL unless the node opts into the private network', async () => {
    const { context } = executeContext({
      parameters: baseParameters({ options: { allow_http: true } }),
      credentials: bearer,
      continueOnFail: true,
      items: [{ json: { order_number: 'A-1' } }],
    });
    const [output] = await node.execute.call(context);
    expect((output[0].json.error as IDataObject).code).toBe('blocked_url');
    expect(server.current.requests).toHaveLength(0);
  });
});

describe('Relais HTTP Request as an AI tool', () => {
  const tool = new RelaisHttpTool();

  it('has no supplyData, so n8n can build its relaisHttpRequestTool variant (n8n refuses to wrap a node that has one)', () => {
    expect('supplyData' in node).toBe(false);
    expect(node.description.usableAsTool).toBe(true);
  });

  it('as the synthesized Tool variant, reads the model\'s arguments (the item n8n builds from them) as the variables', async () => {
    // n8n's engine-run agent (v3) passes the arguments plus its toolCallId (seen in n8n 2.41).
    const { context } = executeContext({ parameters: baseParameters(), credentials: bearer, items: [{ json: { order_number: 'T-1', notify: '', toolCallId: 'call_1' } }] });
    const [output] = await node.execute.call(context);
    expect((output[0].json.data as IDataObject).id).toBe('T-1');
    expect(JSON.stringify((output[0].json.relais as IDataObject).warnings ?? [])).not.toContain('toolCallId');
  });

  it('Relais HTTP Tool declares exactly the variables as the tool schema, optional ones not required', async () => {
    const { context } = supplyDataContext({ name: 'Order status', parameters: { ...baseParameters(), toolDescription: 'Looks up an order' }, credentials: bearer });
    const { response } = await tool.supplyData.call(context, 0);
    const supplied = response as { name: string; description: string; schema: { properties: Record<string, IDataObject>; required: string[] }; metadata: IDataObject };
    expect(supplied.name).toBe('Order_status');
    expect(supplied.description).toBe('Looks up an order');
    expect(supplied.metadata.sourceNodeName).toBe('Order status');
    expect(Object.keys(supplied.schema.properties)).toEqual(['order_number', 'notify']);
    expect(supplied.schema.required).toEqual(['order_number']);
    expect(supplied.schema.properties.notify.type).toBe('boolean');
    expect(supplied.schema.properties.order_number.description).toContain('order number on the receipt');
    expect(supplied.schema.properties.order_number.examples).toEqual(['A-1002']);
  });

  it('Relais HTTP Tool runs the action with the model arguments, an optional variable left out, and returns the data as text', async () => {
    const { context, log } = supplyDataContext({ name: 'Order status', parameters: baseParameters(), credentials: bearer });
    const { response } = await tool.supplyData.call(context, 0);
    const supplied = response as { invoke(input: unknown): Promise<string> };
    const reply = await supplied.invoke({ order_number: 'D-4' });
    expect(JSON.parse(reply)).toEqual({ id: 'D-4', status: 'shipped', carrier: 'La Poste' });
    expect(server.current.requests.map((r) => r.url)).toEqual(['/orders/D-4']);
    expect(log.toolInputs).toHaveLength(1);
    expect(log.toolOutputs).toHaveLength(1);
  });

  it('Relais HTTP Tool gives the model the error and the customer fallback line instead of throwing', async () => {
    const { context } = supplyDataContext({ name: 'Order status', parameters: baseParameters(), credentials: bearer });
    const { response } = await tool.supplyData.call(context, 0);
    const reply = JSON.parse(await (response as { invoke(input: unknown): Promise<string> }).invoke({ order_number: 'missing' }));
    expect(reply.error.code).toBe('http_404');
    expect(reply.error.fallback).toMatch(/record/i);
  });
});

describe('the n8n log line of an unexpected error', () => {
  it('redacts the credential in every form the one redactor knows (it was written with no secrets at all)', async () => {
    const token = 'sk_live/AbCd+EfGh=12345678';
    const variablesThatThrow = {};
    Object.defineProperty(variablesThatThrow, 'order_number', {
      enumerable: true,
      get() {
        throw new Error(`bug while reading ${token} and ${encodeURIComponent(token)}`);
      },
    });
    const { context, log } = executeContext({
      parameters: baseParameters(),
      credentials: { relaisBearerAuth: { token } },
      items: [{ json: { variables: variablesThatThrow } }],
      continueOnFail: true,
    });
    await node.execute.call(context);
    const line = log.warnings.find((warning) => warning.includes('unexpected error'));
    expect(line).toContain('[redacted]');
    expect(line).not.toContain(token);
    expect(line).not.toContain(encodeURIComponent(token));
  });
});
