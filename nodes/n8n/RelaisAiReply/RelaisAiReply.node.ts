// Relais AI Reply — declares the node; parameters are generated from the action's definition in src/blocks and
// shared/execute.ts runs it (per item, paired, errors as items with Continue On Fail).
import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { ACTION_DEFINITIONS } from '../../../src/blocks';
import { executeAction } from '../shared/execute';
import { actionProperties } from '../shared/properties';

const definition = ACTION_DEFINITIONS.ai_reply;

export class RelaisAiReply implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Relais AI Reply',
    name: 'relaisAiReply',
    icon: { light: 'file:../../../icons/relais-ai.svg', dark: 'file:../../../icons/relais-ai.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["body_source"]}}',
    description: definition.description.en,
    defaults: { name: 'Relais AI Reply' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    usableAsTool: true,
    credentials: [{ name: 'relaisAiProviderApi', required: false, displayOptions: { show: { body_source: ['ai'] } } }],
    properties: actionProperties(definition.fields),
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await executeAction(this, 'ai_reply');
  }
}
