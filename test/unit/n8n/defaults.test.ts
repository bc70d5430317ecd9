// Every Relais n8n node left at its defaults: the parameters are filled by n8n's own
// `NodeHelpers.getNodeParameters` (n8n-workflow, the function n8n runs before a node executes: an
// omitted collection or fixedCollection becomes `{}`, an omitted string its default, parameters hidden
// by displayOptions are left out) from a node that sets only its required parameters, as the editor
// saves it. Each node then runs, or fails with the error a user expects (a missing URL, no AI
// provider), never with an internal shape error. Issue 12: Relais HTTP Request with no variables
// failed with "data.parameters.variables must be an array".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeHelpers, type IDataObject, type INode, type INodeExecutionData, type INodeParameters, type INodeType } from 'n8n-workflow';
import { RelaisAiReply } from '../../../nodes/n8n/RelaisAiReply/RelaisAiReply.node';
import { RelaisBlock } from '../../../nodes/n8n/RelaisBlock/RelaisBlock.node';
import { RelaisConversation } from '../../../nodes/n8n/RelaisConversation/RelaisConversation.node';
import { RelaisCrmUpsert } from '../../../nodes/n8n/RelaisCrmUpsert/RelaisCrmUpsert.node';
import { RelaisHttpRequest } from '../../../nodes/n8n/RelaisHttpRequest/RelaisHttpRequest.node';
import { RelaisHttpTool } from '../../../nodes/n8n/RelaisHttpTool/RelaisHttpTool.node';
import { RelaisRespondToAgent } from '../../../nodes/n8n/RelaisRespondToAgent/RelaisRespondToAgent.node';
import { RelaisSalesTask } from '../../../nodes/n8n/RelaisSalesTask/RelaisSalesTask.node';
import { RelaisTagContact } from '../../../nodes/n8n/RelaisTagContact/RelaisTagContact.node';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { executeContext, supplyDataContext, type FakeNodeOptions } from '../../support/n8n-context';
import { useApiServer } from './api-server';

const server = useApiServer();

/** The parameters n8n hands a node whose saved JSON holds only `saved` (n8n fills in the defaults). */
function asN8nFills(nodeType: INodeType, saved: INodeParameters = {}): IDataObject {
  const { description } = nodeType;
  const node = { id: 'defaults', name: description.defaults.name, type: description.name, typeVersion: 1, position: [0, 0], parameters: saved } as INode;
  const filled = NodeHelpers.getNodeParameters(description.properties, saved, true, false, node, description);
  if (!filled) throw new Error(`n8n filled no parameters for ${description.name}`);
  return filled as IDataObject;
}

async function execute(nodeType: INodeType, options: FakeNodeOptions): Promise<IDataObject> {
  const { context } = executeContext({ ...options, continueOnFail: true });
  const [output] = (await nodeType.execute!.call(context)) as INodeExecutionData[][];
  return output[0].json;
}

/** Loopback needs both opt-ins; everything else is left as n8n fills it. */
const LOOPBACK = { options: { allow_http: true, allow_private_network: true } };

let folder: string;
let emulator: Emulator;
const storeCredential = () => ({ relaisContactStore: { backend: 'sqlite', path: join(folder, 'contacts.sqlite') } });

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'relais-n8n-defaults-'));
  emulator = await startEmulator({ host: '127.0.0.1', port: 0, bot_id: 'bot-defaults', api_key: 'key-defaults-123456' });
});
afterAll(async () => {
  await emulator?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('n8n fills the defaults the way these tests assume', () => {
  it('fills an omitted variables table with {} and an omitted filter collection with {}', () => {
    const filled = asN8nFills(new RelaisHttpRequest(), { url: 'https://api.example.com/x' });
    expect(filled).toMatchObject({ authentication: 'none', http_method: 'GET', variables: {}, filter: {}, options: {}, headers_json: '' });
  });
});

describe('Relais HTTP Request at its defaults', () => {
  it('calls the API when only the method and URL are set (no variables, no credential)', async () => {
    const parameters = asN8nFills(new RelaisHttpRequest(), { url: `${server.current.url}/orders/A-1`, ...LOOPBACK });
    const json = await execute(new RelaisHttpRequest(), { parameters });
    expect(json.error).toBeUndefined();
    expect(json.data).toEqual(expect.objectContaining({ id: 'A-1', status: 'shipped' }));
    expect(server.current.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([['GET', '/orders/A-1', undefined]]);
  });

  it('refuses a loopback http:// URL with the error a user expects, not a shape error', async () => {
    const json = await execute(new RelaisHttpRequest(), { parameters: asN8nFills(new RelaisHttpRequest(), { url: `${server.current.url}/orders/A-1` }) });
    expect((json.error as IDataObject).code).toBe('insecure_url');
    expect(server.current.requests).toHaveLength(0);
  });

  it('names the URL when it is missing', async () => {
    const json = await execute(new RelaisHttpRequest(), { parameters: asN8nFills(new RelaisHttpRequest()) });
    expect(json.error).toEqual(expect.objectContaining({ code: 'invalid_block', message: expect.stringContaining('url') }));
    expect(String((json.error as IDataObject).message)).not.toContain('variables');
  });
});

describe('Relais HTTP Tool at its defaults', () => {
  it('is a valid tool with an empty schema, and calls the API with no arguments', async () => {
    const parameters = asN8nFills(new RelaisHttpTool(), { url: `${server.current.url}/orders/B-2`, ...LOOPBACK });
    const { context } = supplyDataContext({ parameters, name: 'Order lookup' });
    const { response } = await new RelaisHttpTool().supplyData!.call(context, 0);
    const tool = response as { name: string; schema: unknown; invoke(input: unknown): Promise<string> };
    expect(tool.name).toBe('Order_lookup');
    expect(tool.schema).toEqual({ type: 'object', properties: {}, required: [], additionalProperties: false });
    expect(JSON.parse(await tool.invoke({}))).toEqual(expect.objectContaining({ id: 'B-2' }));
    expect(server.current.requests.map((r) => r.url)).toEqual(['/orders/B-2']);
  });
});

describe('the other action nodes at their defaults', () => {
  /** A store action for one contact, its Contact Store credential set, everything else as n8n fills it. */
  const runForContact = (nodeType: INodeType, saved: INodeParameters = {}) =>
    execute(nodeType, { parameters: asN8nFills(nodeType, saved), credentials: storeCredential(), items: [{ json: { contact: { email: 'ana@example.com' } } }] });

  it('Relais Sales Task creates the task for the contact', async () => {
    const json = await runForContact(new RelaisSalesTask());
    expect(json.error).toBeUndefined();
    expect(json.data).toEqual(expect.objectContaining({ priorite: 'normale', status: 'open' }));
  });

  it('Relais CRM Upsert upserts the contact', async () => {
    const json = await runForContact(new RelaisCrmUpsert());
    expect(json.error).toBeUndefined();
    expect(json.data).toEqual(expect.objectContaining({ created: expect.any(Boolean) }));
  });

  it('Relais Tag Contact tags the contact with the one required tag', async () => {
    const json = await runForContact(new RelaisTagContact(), { tag: 'vip' });
    expect(json.error).toBeUndefined();
    expect((json.data as IDataObject).tags).toEqual(['vip']);
  });

  it('Relais AI Reply asks for the prompt, then for an AI provider', async () => {
    const noPrompt = await execute(new RelaisAiReply(), { parameters: asN8nFills(new RelaisAiReply()) });
    expect(noPrompt.error).toEqual(expect.objectContaining({ code: 'invalid_block', issues: [expect.objectContaining({ path: 'data.parameters.prompt' })] }));
    const noProvider = await execute(new RelaisAiReply(), { parameters: asN8nFills(new RelaisAiReply(), { prompt: 'Say hello' }) });
    expect(noProvider.error).toEqual(expect.objectContaining({ code: 'ai_error' }));
  });

  it('Relais Block runs a pasted http_request block that has no variables', async () => {
    const block = {
      id: 'lookup',
      type: 'action',
      position: { x: 0, y: 0 },
      data: { label: 'Lookup', parameters: { action_type: 'http_request', http_method: 'GET', url: `${server.current.url}/orders/C-3`, allow_http: 'true', allow_private_network: 'true' } },
    };
    const json = await execute(new RelaisBlock(), { parameters: asN8nFills(new RelaisBlock(), { blockJson: JSON.stringify(block) }) });
    expect(json.error).toBeUndefined();
    expect(json.data).toEqual(expect.objectContaining({ id: 'C-3' }));
  });

  it('Relais Conversation sends a message with no options', async () => {
    const parameters = asN8nFills(new RelaisConversation(), { conversationId: 'conv-defaults', text: 'Hello' });
    const credentials = { relaisAgentPlatformApi: { baseUrl: emulator.url, botId: 'bot-defaults', apiKey: 'key-defaults-123456', allowPrivateNetwork: true } };
    const json = await execute(new RelaisConversation(), { parameters, credentials });
    expect(json.error).toBeUndefined();
    expect(json.operation).toBe('message');
  });

  it('Relais Respond to Agent with no results answers an action trigger with an empty list', async () => {
    const sent: unknown[] = [];
    const json = await execute(new RelaisRespondToAgent(), {
      parameters: asN8nFills(new RelaisRespondToAgent()),
      items: [{ json: { type: 'action', relais: { needs_answer: true, answer_via: 'respond_node' } } }],
      sendResponse: async (response) => {
        sent.push(response.body);
      },
    });
    expect(json).toEqual(expect.objectContaining({ answered: true, answer: { results: [] } }));
    expect(sent).toEqual([{ results: [] }]);
  });

  it('Relais Respond to Agent leaves out a result row added and left blank', async () => {
    const json = await execute(new RelaisRespondToAgent(), {
      // What n8n hands the node after "Add Result" with nothing typed: the row's cells at their defaults.
      parameters: asN8nFills(new RelaisRespondToAgent(), { results: { result: [{}] } }),
      items: [{ json: { type: 'action', relais: { needs_answer: true, answer_via: 'respond_node' } } }],
      sendResponse: async () => undefined,
    });
    expect(json).toEqual(expect.objectContaining({ answered: true, answer: { results: [] } }));
  });

  it('Relais Respond to Agent with a blank answer JSON answers with an empty list too', async () => {
    const json = await execute(new RelaisRespondToAgent(), {
      parameters: asN8nFills(new RelaisRespondToAgent(), { answerWith: 'json', answerJson: '' }),
      items: [{ json: { type: 'action', relais: { needs_answer: true, answer_via: 'respond_node' } } }],
      sendResponse: async () => undefined,
    });
    expect(json).toEqual(expect.objectContaining({ answered: true, answer: { results: [] } }));
  });
});
