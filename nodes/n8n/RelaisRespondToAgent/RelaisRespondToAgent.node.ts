// Relais Respond to Agent — answers the action trigger or isTeamOnline event that started the
// workflow (Relais Agent Trigger), within the trigger's deadline. Declares the node;
// shared/respond.ts builds the answer and sends it.
import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { executeRespond } from '../shared/respond';

export class RelaisRespondToAgent implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Relais Respond to Agent',
    name: 'relaisRespondToAgent',
    icon: { light: 'file:../../../icons/relais-respond.svg', dark: 'file:../../../icons/relais-respond.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["answerWith"] === "json" ? "answer from JSON" : "answer fields"}}',
    description: 'Answers the action trigger, isTeamOnline or escalate event received by Relais Agent Trigger',
    defaults: { name: 'Relais Respond to Agent' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    usableAsTool: true,
    properties: [
      {
        displayName: 'Answer With',
        name: 'answerWith',
        type: 'options',
        default: 'fields',
        description: 'For action triggers: the session parameters to send back (values are sent as text)',
        options: [
          { name: 'Fields Below', value: 'fields' },
          { name: 'JSON', value: 'json' },
        ],
      },
      {
        displayName: 'Results',
        name: 'results',
        type: 'fixedCollection',
        typeOptions: { multipleValues: true },
        placeholder: 'Add Result',
        default: {},
        displayOptions: { show: { answerWith: ['fields'] } },
        options: [
          {
            name: 'result',
            displayName: 'Result',
            values: [
              { displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'order_status', description: 'Session parameter name (letters, digits, _, . and -)' },
              { displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: '={{ $json.data.status }}' },
              {
                displayName: 'Sanitize',
                name: 'sanitize',
                type: 'boolean',
                default: false,
                description: 'Whether the platform should sanitise this value (personal data such as an email or an account number)',
              },
            ],
          },
        ],
      },
      {
        displayName: 'Answer JSON',
        name: 'answerJson',
        type: 'json',
        default: '{}',
        description: '{"key": "value"} pairs, or {"results": [{"key", "value", "sanitize"}]}',
        displayOptions: { show: { answerWith: ['json'] } },
      },
      {
        displayName: 'Sanitized Keys',
        name: 'sanitizeKeys',
        type: 'string',
        default: '',
        placeholder: 'email, account_number',
        description: 'Keys of the answer whose values the platform should sanitise (personal data), separated by commas',
        displayOptions: { show: { answerWith: ['json'] } },
      },
      {
        displayName: 'Team Is Online',
        name: 'isOnline',
        type: 'boolean',
        default: false,
        description: 'Whether a human team is available (the answer to an isTeamOnline event; ignored for action triggers)',
      },
      {
        displayName: 'Hand-Over Succeeded',
        name: 'escalated',
        type: 'boolean',
        default: true,
        description: 'Whether a human took the conversation (the answer to an escalate event when the trigger answers escalations: 200, else 503)',
      },
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await executeRespond(this);
  }
}
