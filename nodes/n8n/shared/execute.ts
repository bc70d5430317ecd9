// The one place the n8n action nodes call the core: per input item, read the node's parameters, run
// the action through src/adapter (form values → block → executeBlock → outcome), and map the outcome
// onto n8n items (paired with their input) or errors. The node files only declare.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, ISupplyDataFunctions } from 'n8n-workflow';
import { describeUnexpected } from '../../../src/adapter/outcome';
import { runBlockJson, runForm, type HostInput, type RunOutcome } from '../../../src/adapter/run';
import { ACTION_DEFINITIONS } from '../../../src/blocks';
import type { ActionType } from '../../../src/blocks/fields';
import type { RuntimeLease } from '../../../src/adapter/runtime-cache';
import { errorItem, nodeError } from './errors';
import { formValues } from './properties';
import { acquireRuntime, type RuntimeNeeds } from './runtime';

/** What each action talks to, so only the credentials it needs are read. */
export const ACTION_NEEDS: Record<ActionType, RuntimeNeeds> = {
  sales_task: { store: true },
  crm_upsert: { store: true },
  tag_contact: { store: true },
  ai_reply: { ai: true },
  http_request: { auth: true },
};

type ParameterContext = Pick<IExecuteFunctions, 'getNodeParameter' | 'getNode' | 'logger'> | Pick<ISupplyDataFunctions, 'getNodeParameter' | 'getNode' | 'logger'>;

/**
 * An item's JSON → the call's input. `variables`, `contact`, `agent`, `direction`, `medium` are read
 * by name; when the item has no `variables` object, the item itself is the variables (a previous
 * node's fields, or the arguments a model gave the tool — without the `toolCallId` n8n's engine adds).
 */
export function hostInput(json: IDataObject): HostInput {
  const { toolCallId: _engineToolCallId, ...payload } = json;
  const relais = json.relais as IDataObject | undefined;
  return { variables: json.variables, contact: json.contact, agent: json.agent, direction: json.direction, medium: json.medium, payload, delivery_id: relais?.delivery_id };
}

function logUnexpected(context: ParameterContext, secrets: readonly string[]) {
  return (error: unknown) => context.logger.warn(`Relais: unexpected error in ${context.getNode().name}: ${describeUnexpected(error, secrets)}`);
}

/** Runs the node's action for one item. Never throws (failures are outcomes). */
export async function runActionItem(
  context: ParameterContext,
  actionType: ActionType,
  itemIndex: number,
  input: HostInput,
  lease: RuntimeLease,
  credentialName: string | undefined,
): Promise<RunOutcome> {
  // n8n throws for a parameter its displayOptions hide unless given a fallback other than undefined;
  // null reads as "not set" downstream (src/adapter drops empty values so the defaults apply).
  const values = formValues(ACTION_DEFINITIONS[actionType].fields, (name) => context.getNodeParameter(name, itemIndex, null));
  if (credentialName) values.credential = credentialName;
  const node = context.getNode();
  return await runForm(actionType, values, input, lease.runtime, { info: { label: node.name }, onUnexpected: logUnexpected(context, lease.secrets) });
}

/** Outcome → the output item, or the error n8n shows (unless the node continues on fail). */
export function outputItem(context: Pick<IExecuteFunctions, 'continueOnFail' | 'getNode'>, outcome: RunOutcome, itemIndex: number): INodeExecutionData {
  if (outcome.ok) {
    return { json: { data: outcome.payload as IDataObject, relais: outcome.relais as unknown as IDataObject }, pairedItem: { item: itemIndex } };
  }
  if (context.continueOnFail()) return errorItem(outcome.error, itemIndex);
  throw nodeError(context.getNode(), outcome.error, itemIndex);
}

/** `execute()` of the five action nodes. */
export async function executeAction(context: IExecuteFunctions, actionType: ActionType): Promise<INodeExecutionData[][]> {
  const items = context.getInputData();
  const { lease, credentialName } = await acquireRuntime(context, ACTION_NEEDS[actionType]);
  const output: INodeExecutionData[] = [];
  try {
    for (let index = 0; index < items.length; index++) {
      const outcome = await runActionItem(context, actionType, index, hostInput(items[index].json), lease, credentialName);
      output.push(outputItem(context, outcome, index));
    }
  } finally {
    await lease.release();
  }
  return [output];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The block a Relais Block node runs for one item: the JSON pasted in the node, or the item's field.
 * When the node has an auth credential, the block's `credential` (whatever its name) is that one.
 */
export function blockForItem(context: Pick<IExecuteFunctions, 'getNodeParameter'>, json: IDataObject, itemIndex: number, credentialName: string | undefined): unknown {
  const source = context.getNodeParameter('source', itemIndex, 'parameter');
  let block: unknown = source === 'item' ? json[String(context.getNodeParameter('blockField', itemIndex, 'block'))] : context.getNodeParameter('blockJson', itemIndex, '');
  if (typeof block === 'string' && credentialName) {
    try {
      block = JSON.parse(block);
    } catch {
      return block; // runBlockJson reports the invalid JSON without echoing it
    }
  }
  if (credentialName && isRecord(block) && isRecord(block.data) && isRecord(block.data.parameters) && block.data.parameters.credential !== undefined) {
    return { ...block, data: { ...block.data, parameters: { ...block.data.parameters, credential: credentialName } } };
  }
  return block;
}

/** `execute()` of Relais Block. */
export async function executeBlockNode(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = context.getInputData();
  const { lease, credentialName } = await acquireRuntime(context, { auth: true, store: true, ai: true });
  const output: INodeExecutionData[] = [];
  try {
    for (let index = 0; index < items.length; index++) {
      const json = items[index].json;
      const block = blockForItem(context, json, index, credentialName);
      const outcome = await runBlockJson(block, hostInput(json), lease.runtime, { onUnexpected: logUnexpected(context, lease.secrets) });
      output.push(outputItem(context, outcome, index));
    }
  } finally {
    await lease.release();
  }
  return [output];
}

