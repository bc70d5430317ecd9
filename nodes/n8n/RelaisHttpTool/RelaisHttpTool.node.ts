// Relais HTTP Tool — Relais HTTP Request as an AI Agent tool sub-node whose parameters are exactly the
// declared variables (types, descriptions, examples; optional ones stay optional), which n8n's own
// `…Tool` variants cannot offer: they build the schema from `$fromAI()` calls. Declares the node; the
// parameters are the http_request definition's, and shared/tool.ts supplies the tool.
import {
  NodeConnectionTypes,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
  type ISupplyDataFunctions,
  type SupplyData,
} from 'n8n-workflow';
import { ACTION_DEFINITIONS } from '../../../src/blocks';
import { authenticationProperty } from '../shared/authentication';
import { relaisAuthTest } from '../shared/credential-tests';
import { executeAction } from '../shared/execute';
import { actionProperties } from '../shared/properties';
import { supplyActionTool, toolDescriptionProperty } from '../shared/tool';

const definition = ACTION_DEFINITIONS.http_request;

export class RelaisHttpTool implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Relais HTTP Tool',
    name: 'relaisHttpTool',
    icon: { light: 'file:../../../icons/relais-http.svg', dark: 'file:../../../icons/relais-http.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["http_method"] + " " + $parameter["url"]}}',
    description: 'A custom API action for the AI Agent: the declared variables are the tool\'s parameters, optional ones stay optional',
    defaults: { name: 'Relais HTTP Tool' },
    codex: { categories: ['AI'], subcategories: { AI: ['Tools'] } },
    inputs: [],
    outputs: [NodeConnectionTypes.AiTool],
    outputNames: ['Tool'],
    credentials: [
      { name: 'relaisBearerAuth', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisBearerAuth'] } } },
      { name: 'relaisBasicAuth', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisBasicAuth'] } } },
      { name: 'relaisHeaderAuth', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisHeaderAuth'] } } },
      { name: 'relaisBodyAuth', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisBodyAuth'] } } },
      { name: 'relaisQueryAuth', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisQueryAuth'] } } },
      { name: 'relaisHeadersAuth', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisHeadersAuth'] } } },
      { name: 'relaisClientCredentialsOAuth2Api', required: true, testedBy: 'relaisAuthTest', displayOptions: { show: { authentication: ['relaisClientCredentialsOAuth2Api'] } } },
    ],
    properties: [toolDescriptionProperty, authenticationProperty, ...actionProperties(definition.fields)],
  };

  methods = { credentialTest: { relaisAuthTest } };

  async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
    return await supplyActionTool(this, 'http_request', itemIndex);
  }

  // When the agent runs its tools through the workflow engine, n8n may run the node with the model's
  // arguments as the item: they are read as the variables, as in supplyData's tool.
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await executeAction(this, 'http_request');
  }
}
