// The tool of Relais HTTP Tool. n8n wraps a `usableAsTool` node in a tool whose schema is built only
// from `$fromAI()` calls, each required unless given a default (packages/core … create-node-as-tool.ts:
// `z.object(…).required()`), and it refuses to wrap a node that has `supplyData` (packages/cli
// node-types.ts). A sub-node with `supplyData` supplies its own tool instead
// (get-input-connection-data.ts), so Relais HTTP Tool does: its parameters are exactly the declared
// variables — types, descriptions, examples, required/optional — as a JSON Schema
// (variablesJsonSchema). The object has the shape LangChain accepts as a structured tool (name,
// description, JSON-Schema `schema`, invoke), so no LangChain copy is bundled; `metadata.sourceNodeName`
// lets n8n's engine-run agent (V3) find the node, whose execute() reads the arguments as variables.
import { NodeConnectionTypes, NodeOperationError, type IDataObject, type INodeProperties, type ISupplyDataFunctions, type SupplyData } from 'n8n-workflow';
import { variablesFromRows } from '../../../src/adapter/form-values';
import { ACTION_DEFINITIONS } from '../../../src/blocks';
import type { ActionType } from '../../../src/blocks/fields';
import { variableDefinitionsSchema, variablesJsonSchema } from '../../../src/variables';
import { hostInput, runActionItem, ACTION_NEEDS } from './execute';
import { acquireRuntime } from './runtime';

/** A tool name models accept: letters, digits, _ and -, at most 64 characters. */
export function toolName(nodeName: string): string {
  const name = nodeName.replace(/\s+/g, '_').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
  return name === '' ? 'relais_action' : name;
}

/** Tool arguments as LangChain may pass them: an object, JSON text, or a ToolCall `{args}`. */
export function toolArguments(input: unknown): IDataObject {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      value = {};
    }
  }
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'tool_call') value = (value as { args?: unknown }).args;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : {};
}

/** What the model reads to decide when to call the tool. */
export const toolDescriptionProperty: INodeProperties = {
  displayName: 'Tool Description',
  name: 'toolDescription',
  type: 'string',
  typeOptions: { rows: 3 },
  default: '',
  placeholder: 'Looks up an order\'s status and tracking by its order number',
  description: 'Tells the model what the tool does and when to use it. Empty: a generic description of an API call.',
};

function toolDescription(context: ISupplyDataFunctions, actionType: ActionType): string {
  const text = context.getNodeParameter('toolDescription', 0, '');
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : ACTION_DEFINITIONS[actionType].description.en;
}

export async function supplyActionTool(context: ISupplyDataFunctions, actionType: ActionType, itemIndex: number): Promise<SupplyData> {
  const node = context.getNode();
  const parsed = variableDefinitionsSchema.safeParse(variablesFromRows(context.getNodeParameter('variables', itemIndex, {})) ?? []);
  if (!parsed.success) {
    throw new NodeOperationError(node, 'The declared variables are not valid, so the tool has no schema. Open the node and fix the Variables table. [invalid_block]', { itemIndex });
  }
  const schema = variablesJsonSchema(parsed.data);
  const tool = {
    name: toolName(node.name),
    description: toolDescription(context, actionType),
    schema,
    returnDirect: false,
    metadata: { sourceNodeName: node.name, isFromToolkit: false },
    // What the model gets back: the result's data, or the error with the line it may say to the customer.
    async invoke(input: unknown): Promise<string> {
      const args = toolArguments(input);
      const { index } = context.addInputData(NodeConnectionTypes.AiTool, [[{ json: args }]]);
      const { lease, credentialName } = await acquireRuntime(context, ACTION_NEEDS[actionType]);
      try {
        const outcome = await runActionItem(context, actionType, itemIndex, hostInput({ variables: args }), lease, credentialName);
        const reply = outcome.ok ? outcome.payload : { error: outcome.error };
        context.addOutputData(NodeConnectionTypes.AiTool, index, [[{ json: { response: reply as IDataObject } }]]);
        return typeof reply === 'string' ? reply : JSON.stringify(reply);
      } finally {
        await lease.release();
      }
    },
  };
  return { response: tool };
}
