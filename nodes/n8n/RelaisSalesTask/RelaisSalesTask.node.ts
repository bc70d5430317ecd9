// Relais Sales Task — declares the node; parameters are generated from the action's definition in src/blocks and
// shared/execute.ts runs it (per item, paired, errors as items with Continue On Fail).
import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { ACTION_DEFINITIONS } from '../../../src/blocks';
import { relaisContactStoreTest } from '../shared/credential-tests';
import { executeAction } from '../shared/execute';
import { actionProperties } from '../shared/properties';

const definition = ACTION_DEFINITIONS.sales_task;

export class RelaisSalesTask implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Relais Sales Task',
    name: 'relaisSalesTask',
    icon: { light: 'file:../../../icons/relais-task.svg', dark: 'file:../../../icons/relais-task.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{"priority: " + $parameter["priorite"]}}',
    description: definition.description.en,
    defaults: { name: 'Relais Sales Task' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    usableAsTool: true,
    credentials: [{ name: 'relaisContactStore', required: false, testedBy: 'relaisContactStoreTest' }],
    properties: actionProperties(definition.fields),
  };

  methods = { credentialTest: { relaisContactStoreTest } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await executeAction(this, 'sales_task');
  }
}
