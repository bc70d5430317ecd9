// Relais HTTP Request — the custom API action of seed 002. Declares the node; parameters are generated
// from the http_request definition in src/blocks. It must not define `supplyData`: n8n refuses to build
// the `…Tool` variant of a usableAsTool node that has one (packages/cli node-types.ts). Its Tool
// variant takes the model's arguments as the item (read as the variables); Relais HTTP Tool is the
// sub-node whose schema is the declared variables.
import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { ACTION_DEFINITIONS } from '../../../src/blocks';
import { authenticationProperty } from '../shared/authentication';
import { relaisAuthTest } from '../shared/credential-tests';
import { executeAction } from '../shared/execute';
import { actionProperties } from '../shared/properties';

const definition = ACTION_DEFINITIONS.http_request;

export class RelaisHttpRequest implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Relais HTTP Request',
    name: 'relaisHttpRequest',
    icon: { light: 'file:../../../icons/relais-http.svg', dark: 'file:../../../icons/relais-http.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["http_method"] + " " + $parameter["url"]}}',
    description: definition.description.en,
    defaults: { name: 'Relais HTTP Request' },
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
    ],
    properties: [authenticationProperty, ...actionProperties(definition.fields)],
  };

  methods = { credentialTest: { relaisAuthTest } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await executeAction(this, 'http_request');
  }
}
