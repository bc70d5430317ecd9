// Relais Conversation — talks to the agent platform's conversation API (seed 003): start a session,
// send a visitor message, set metadata, end the session. Declares the node; shared/conversation.ts
// runs it.
import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { executeConversation } from '../shared/conversation';
import { relaisAgentPlatformTest } from '../shared/credential-tests';

export class RelaisConversation implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Relais Conversation',
    name: 'relaisConversation',
    icon: { light: 'file:../../../icons/relais-conversation.svg', dark: 'file:../../../icons/relais-conversation.dark.svg' },
    group: ['output'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["conversationId"]}}',
    description: 'Starts, continues and ends conversations with the AI agent through its conversation API',
    defaults: { name: 'Relais Conversation' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    usableAsTool: true,
    credentials: [{ name: 'relaisAgentPlatformApi', required: true, testedBy: 'relaisAgentPlatformTest' }],
    properties: [
      {
        displayName: 'Operation',
        name: 'operation',
        type: 'options',
        noDataExpression: true,
        default: 'message',
        options: [
          { name: 'Start Session', value: 'start', action: 'Start a session', description: 'Open a conversation (startSession)' },
          { name: 'Send Message', value: 'message', action: 'Send a message', description: 'Send what the visitor wrote, or the card they picked' },
          { name: 'Set Metadata', value: 'metadata', action: 'Set metadata', description: 'Store a key and value on the conversation' },
          { name: 'End Session', value: 'end', action: 'End a session', description: 'Close the conversation (endSession)' },
        ],
      },
      {
        displayName: 'Conversation ID',
        name: 'conversationId',
        type: 'string',
        default: '={{ $json.platformConversationId }}',
        required: true,
        description: 'The platformConversationId: chosen by your integration (a UUID, a phone number…), one session per ID',
      },
      {
        displayName: 'Text',
        name: 'text',
        type: 'string',
        typeOptions: { rows: 3 },
        default: '',
        description: 'What the visitor wrote',
        displayOptions: { show: { operation: ['message'] } },
      },
      {
        displayName: 'Options',
        name: 'messageOptions',
        type: 'collection',
        placeholder: 'Add Option',
        default: {},
        displayOptions: { show: { operation: ['message'] } },
        options: [
          {
            displayName: 'Card Index',
            name: 'cardIndex',
            type: 'number',
            default: 0,
            typeOptions: { minValue: 0 },
            description: 'The carousel card the visitor picked (0 = the first); the Text is then the picked button\'s text, as the platform asks',
          },
        ],
      },
      {
        displayName: 'Key',
        name: 'key',
        type: 'string',
        default: '',
        required: true,
        displayOptions: { show: { operation: ['metadata'] } },
      },
      {
        displayName: 'Value',
        name: 'value',
        type: 'string',
        default: '',
        displayOptions: { show: { operation: ['metadata'] } },
      },
      {
        displayName: 'Sanitize',
        name: 'sanitize',
        type: 'boolean',
        default: false,
        description: 'Whether the platform should mask the value in its logs (personal data)',
        displayOptions: { show: { operation: ['metadata'] } },
      },
      {
        displayName: 'Metadata',
        name: 'startOptions',
        type: 'collection',
        placeholder: 'Add Metadata',
        default: {},
        description: 'Optional metadata sent with startSession',
        displayOptions: { show: { operation: ['start'] } },
        options: [
          { displayName: 'Key', name: 'key', type: 'string', default: '' },
          { displayName: 'Value', name: 'value', type: 'string', default: '' },
          { displayName: 'Sanitize', name: 'sanitize', type: 'boolean', default: false, description: 'Whether the platform should mask the value in its logs' },
        ],
      },
    ],
  };

  methods = { credentialTest: { relaisAgentPlatformTest } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await executeConversation(this);
  }
}
