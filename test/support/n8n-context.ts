// A small fake of the n8n execution contexts the Relais nodes use (IExecuteFunctions,
// ISupplyDataFunctions, IWebhookFunctions, ICredentialTestFunctions), for unit tests that run a node's
// execute()/webhook()/supplyData() against real loopback servers. This is a mock of n8n itself (the
// real n8n is exercised by test/e2e/n8n); it implements only what the nodes call, and parameters are
// plain values (no expression evaluation). A parameter may be a function of the item index.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  ICredentialDataDecryptedObject,
  IDataObject,
  IExecuteFunctions,
  IExecuteResponsePromiseData,
  INode,
  INodeExecutionData,
  ISupplyDataFunctions,
  IWebhookFunctions,
} from 'n8n-workflow';

export type FakeParameter = unknown | ((itemIndex: number) => unknown);

export interface FakeNodeOptions {
  /** The node's parameters, as n8n stores them (collections as objects). */
  parameters?: Record<string, FakeParameter>;
  /** Credentials set on the node, by credential type. */
  credentials?: Record<string, ICredentialDataDecryptedObject>;
  items?: INodeExecutionData[];
  continueOnFail?: boolean;
  name?: string;
  type?: string;
  /** Parent nodes and their first output item (for nodes reading an upstream node through $()). */
  parents?: Array<{ name: string; type: string; json: IDataObject }>;
  /** Where `sendResponse()` goes (n8n relays it to the webhook request). */
  sendResponse?: (response: IExecuteResponsePromiseData) => Promise<void>;
}

export interface FakeLog {
  warnings: string[];
  /** Tool mode: what n8n would show as the tool's input and output runs. */
  toolInputs: unknown[];
  toolOutputs: unknown[];
}

function fakeNode(options: FakeNodeOptions): INode {
  const credentials = Object.fromEntries(Object.keys(options.credentials ?? {}).map((type) => [type, { id: `cred-${type}`, name: type }]));
  return {
    id: `node-${options.name ?? 'test'}`,
    name: options.name ?? 'Relais Test Node',
    type: options.type ?? '@relais/n8n-nodes-agent-actions.test',
    typeVersion: 1,
    position: [0, 0],
    parameters: {},
    credentials,
  } as INode;
}

function parameterReader(options: FakeNodeOptions) {
  return (name: string, itemIndex: number, fallback?: unknown): unknown => {
    const parameters = options.parameters ?? {};
    // Like n8n: a parameter that is not set (or hidden by displayOptions) needs a fallback.
    if (!(name in parameters)) {
      if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
      return fallback;
    }
    const value = parameters[name];
    return typeof value === 'function' ? (value as (index: number) => unknown)(itemIndex) : value;
  };
}

function credentialReader(options: FakeNodeOptions) {
  return async (type: string): Promise<ICredentialDataDecryptedObject> => {
    const data = options.credentials?.[type];
    if (!data) throw new Error(`fake n8n: node does not have credentials of type "${type}"`);
    return data;
  };
}

const logger = (log: FakeLog) => ({
  warn: (message: string) => log.warnings.push(message),
  debug: () => undefined,
  info: () => undefined,
  error: (message: string) => log.warnings.push(message),
});

/** What every fake context has: the node, its parameters (per item), its credentials, a logger. */
function baseContext(options: FakeNodeOptions) {
  const log: FakeLog = { warnings: [], toolInputs: [], toolOutputs: [] };
  const node = fakeNode(options);
  const read = parameterReader(options);
  const base = {
    getNode: () => node,
    getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => read(name, itemIndex, fallback),
    getCredentials: credentialReader(options),
    getWorkflow: () => ({ id: 'wf-test', name: 'test', active: true }),
    logger: logger(log),
  };
  return { base, log, read };
}

export function executeContext(options: FakeNodeOptions = {}): { context: IExecuteFunctions; log: FakeLog } {
  const { base, log } = baseContext(options);
  const context = {
    ...base,
    getInputData: () => options.items ?? [{ json: {} }],
    continueOnFail: () => options.continueOnFail === true,
    getParentNodes: () => (options.parents ?? []).map(({ name, type }) => ({ name, type, typeVersion: 1 })),
    getWorkflowDataProxy: () => ({
      $: (name: string) => {
        const parent = (options.parents ?? []).find((p) => p.name === name);
        if (!parent) throw new Error(`fake n8n: no node "${name}"`);
        return { first: () => ({ json: parent.json }) };
      },
    }),
    sendResponse: async (response: IExecuteResponsePromiseData) => {
      if (!options.sendResponse) throw new Error('fake n8n: this execution was not started by a webhook waiting for a response');
      await options.sendResponse(response);
    },
  };
  return { context: context as unknown as IExecuteFunctions, log };
}

export function supplyDataContext(options: FakeNodeOptions = {}): { context: ISupplyDataFunctions; log: FakeLog } {
  const { base, log } = baseContext(options);
  const context = {
    ...base,
    addInputData: (_type: string, data: unknown) => {
      log.toolInputs.push(data);
      return { index: log.toolInputs.length - 1 };
    },
    addOutputData: (_type: string, _index: number, data: unknown) => {
      log.toolOutputs.push(data);
    },
  };
  return { context: context as unknown as ISupplyDataFunctions, log };
}

/** The request as n8n hands it to a webhook: parsed body plus the raw bytes (`rawBody`). */
export interface FakeWebhookRequest {
  req: IncomingMessage & { body?: unknown; rawBody?: Buffer; path?: string };
  res: ServerResponse;
}

export function webhookContext(request: FakeWebhookRequest, options: FakeNodeOptions = {}): { context: IWebhookFunctions; log: FakeLog } {
  const { base, log, read } = baseContext(options);
  const context = {
    ...base,
    // IWebhookFunctions.getNodeParameter has no item index.
    getNodeParameter: (name: string, fallback?: unknown) => read(name, 0, fallback),
    getRequestObject: () => request.req,
    getResponseObject: () => request.res,
    getBodyData: () => (request.req.body ?? {}) as IDataObject,
    getHeaderData: () => request.req.headers,
  };
  return { context: context as unknown as IWebhookFunctions, log };
}
