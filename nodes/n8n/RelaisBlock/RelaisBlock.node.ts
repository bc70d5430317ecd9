// Relais Block — runs any action block in the seed 001 JSON format, pasted in the node or taken from
// a field of the incoming item (e.g. blocks exported from the agent platform). Declares the node;
// shared/execute.ts runs it.
import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { authenticationProperty } from '../shared/authentication';
import { relaisAuthTest, relaisContactStoreTest } from '../shared/credential-tests';
import { executeBlockNode } from '../shared/execute';

export class RelaisBlock implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Relais Block',
    name: 'relaisBlock',
    icon: { light: 'file:../../../icons/relais-block.svg', dark: 'file:../../../icons/relais-block.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["source"] === "item" ? "block from item" : "block JSON"}}',
    description: 'Runs an action block given as JSON (block JSON): sales task, HTTP request, CRM upsert, AI reply or tag',
    defaults: { name: 'Relais Block' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    usableAsTool: true,
    credentials: [
      { name: 'relaisBearerAuth', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisBearerAuth'] } } },
      { name: 'relaisBasicAuth', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisBasicAuth'] } } },
      { name: 'relaisHeaderAuth', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisHeaderAuth'] } } },
      { name: 'relaisBodyAuth', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisBodyAuth'] } } },
      { name: 'relaisQueryAuth', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisQueryAuth'] } } },
      { name: 'relaisHeadersAuth', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisHeadersAuth'] } } },
      { name: 'relaisClientCredentialsOAuth2Api', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisClientCredentialsOAuth2Api'] } } },
      { name: 'relaisContactStore', required: false, testedBy: 'relaisContactStoreTest' },
      { name: 'relaisAiProviderApi', required: false },
    ],
    properties: [
      {
        displayName: 'Block Source',
        name: 'source',
        type: 'options',
        default: 'parameter',
        options: [
          { name: 'Block JSON Below', value: 'parameter' },
          { name: 'Field of the Input Item', value: 'item' },
        ],
      },
      {
        displayName: 'Block JSON',
        name: 'blockJson',
        type: 'json',
        default: '',
        required: true,
        placeholder: '{"id": "http-notify", "type": "action", "data": {"label": "…", "parameters": {"action_type": "http_request", …}}}',
        description: 'One block: {id, type: "action", position, data: {label, subtitle, channel, description, parameters}}',
        displayOptions: { show: { source: ['parameter'] } },
      },
      {
        displayName: 'Field Name',
        name: 'blockField',
        type: 'string',
        default: 'block',
        description: 'The field of the input item holding the block (object or JSON text)',
        displayOptions: { show: { source: ['item'] } },
      },
      {
        ...authenticationProperty,
        description: 'The credential used when the block names one in parameters.credential (whatever the name)',
      },
    ],
  };

  methods = { credentialTest: { relaisAuthTest, relaisContactStoreTest } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await executeBlockNode(this);
  }
}
