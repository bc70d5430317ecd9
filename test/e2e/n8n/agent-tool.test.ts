// Relais HTTP Tool (the custom API action as an AI Agent tool sub-node) under n8n's own AI Agent, in a
// real n8n 2.x: the agent (with n8n's OpenAI chat model node pointed at a local scripted model server)
// calls the tool, the tool calls the order API, and the answer comes back to the agent. The tool schema
// n8n hands the model is read from the model's side: declared types and descriptions, and the optional
// variable stays optional (n8n's own $fromAI() tools make every argument required).
import { createN8nHost, nodeItems, relaisType, type N8nHost, type RunData, type WorkflowNode } from '../../support/n8n';
import { relaisTarball } from '../../support/tarball';
import { ORDER_API_TOKEN, startOrderApi, type OrderApi } from './order-api';
import { startToolCallingModel, type ToolCallingModel } from './tool-calling-model';
import { credentialRef, itemNode, manualTrigger, orderLookupToolParameters, workflow } from './workflows';

jest.setTimeout(20 * 60_000); // the first run installs n8n (minutes); afterwards about 30 s

const MODEL_KEY = 'sk-relais-agent-e2e-5120';

interface ToolSchema {
  type: string;
  function: { name: string; description?: string; parameters: { type: string; properties: Record<string, { type?: string; description?: string }>; required?: string[] } };
}

describe('Relais HTTP Tool under the AI Agent in a real n8n', () => {
  let host: N8nHost;
  let api: OrderApi;
  let model: ToolCallingModel;
  let run: RunData;

  beforeAll(async () => {
    [api, model] = await Promise.all([startOrderApi(), startToolCallingModel({ apiKey: MODEL_KEY, arguments: { order_number: 'A-100' } })]);
    host = await createN8nHost({ tarball: relaisTarball() });
    const openAi = { id: 'relaisAgentModel', name: 'Local model', type: 'openAiApi', data: { apiKey: MODEL_KEY, url: model.baseUrl } };
    const bearer = { id: 'relaisAgentToken', name: 'Order API token', type: 'relaisBearerAuth', data: { token: ORDER_API_TOKEN, testUrl: '' } };
    const node = (name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, credentials?: WorkflowNode['credentials']): WorkflowNode =>
      ({ id: `agent-${name.replace(/\W/g, '-')}`, name, type, typeVersion, position: [0, 0], parameters, ...(credentials ? { credentials } : {}) });
    const wf = workflow('e2eAgentTool', 'E2E agent with a Relais tool', [
      manualTrigger(),
      itemNode('Question', { chatInput: 'Where is my order A-100?' }),
      node('AI Agent', '@n8n/n8n-nodes-langchain.agent', 3, {
        promptType: 'define',
        text: '={{ $json.chatInput }}',
        options: { systemMessage: 'Use the tool to look orders up.', enableStreaming: false, returnIntermediateSteps: true },
      }),
      node('Model', '@n8n/n8n-nodes-langchain.lmChatOpenAi', 1.2, { model: { __rl: true, mode: 'id', value: 'relais-tool-model' }, options: {} }, { openAiApi: credentialRef(openAi) }),
      node('Look up order', relaisType('relaisHttpTool'), 1, orderLookupToolParameters(api.url), { relaisBearerAuth: credentialRef(bearer) }),
    ], [['Start', 'Question'], ['Question', 'AI Agent']]);
    wf.connections.Model = { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] };
    wf.connections['Look up order'] = { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] };
    run = await host.runOnce(wf, [openAi, bearer]);
  });

  afterAll(async () => {
    host?.dispose();
    await Promise.all([api?.close(), model?.close()]);
  });

  it('offers the model a tool whose parameters are the declared variables, the optional one optional', () => {
    const tools = model.requests[0]?.tools as ToolSchema[] | undefined;
    expect(tools).toHaveLength(1);
    const { parameters, description } = tools![0].function;
    expect(description).toContain('Looks an order up by its number');
    expect(parameters.properties.order_number).toEqual(expect.objectContaining({ type: 'string', description: expect.stringContaining('The order number') }));
    expect(parameters.properties.include_items).toEqual(expect.objectContaining({ type: 'boolean' }));
    expect(parameters.required ?? []).toEqual(['order_number']);
  });

  it('runs the tool with the arguments the model chose (the optional one left out) against the API', () => {
    const calls = api.requests.filter((r) => r.url.startsWith('/orders/'));
    expect(calls.map((r) => [r.url, r.headers.authorization])).toEqual([['/orders/A-100?include_items=false', `Bearer ${ORDER_API_TOKEN}`]]);
  });

  it('gives the filtered API answer back to the model, and the agent answers with it', () => {
    const second = model.requests[1]?.messages as Array<{ role: string; content: unknown }> | undefined;
    const toolMessage = second?.find((m) => m.role === 'tool');
    expect(String(toolMessage?.content)).toContain('shipped');
    expect(String(toolMessage?.content)).not.toContain('fragile'); // internal_notes filtered out
    const [answer] = nodeItems(run, 'AI Agent');
    expect(String(answer.output)).toContain('shipped');
  });
});
