// Relais Agent Trigger — receives the agent platform's webhooks (chat events and action triggers, seed
// 003), verified with the core's options (bot id, shared secret, HMAC). Declares the node;
// shared/agent-webhook.ts handles each delivery.
import { NodeConnectionTypes, type IHookFunctions, type INodeType, type INodeTypeDescription, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';
import { handleAgentWebhook } from '../shared/agent-webhook';
import { relaisAgentPlatformTest } from '../shared/credential-tests';

export class RelaisAgentTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Relais Agent Trigger',
    name: 'relaisAgentTrigger',
    icon: { light: 'file:../../../icons/relais-trigger.svg', dark: 'file:../../../icons/relais-trigger.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{"/" + $parameter["path"]}}',
    description: 'Starts the workflow on the AI agent platform\'s webhook events: messages, escalations, isTeamOnline and action triggers',
    defaults: { name: 'Relais Agent Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'relaisAgentPlatformApi', required: true, testedBy: 'relaisAgentPlatformTest' }],
    webhooks: [
      {
        name: 'default',
        httpMethod: 'POST',
        responseMode: 'responseNode',
        path: '={{$parameter["path"]}}',
      },
    ],
    properties: [
      {
        displayName:
          'Paste the production URL in the platform\'s integration settings (webhook URL and actions URL). Answer action triggers and isTeamOnline with Relais Respond to Agent; other events are acknowledged at once.',
        name: 'notice',
        type: 'notice',
        default: '',
      },
      {
        displayName: 'Path',
        name: 'path',
        type: 'string',
        default: 'relais-agent',
        required: true,
        description: 'The last part of the webhook URL. With a shared secret you may add it as a segment here (for platforms that only let you set a URL).',
      },
      {
        displayName: 'Answer Deadline (Seconds)',
        name: 'answerTimeoutSeconds',
        type: 'number',
        default: 8,
        typeOptions: { minValue: 1, maxValue: 30 },
        description: 'How long an action trigger or isTeamOnline waits for Relais Respond to Agent before the default answer is sent (the platform gives up after 9 to 30 s)',
      },
      {
        displayName: 'Default Answer (Action Triggers)',
        name: 'defaultResults',
        type: 'json',
        default: '{}',
        description: 'Sent when the workflow is late or fails: {"key": "value"} pairs or {"results": [{"key", "value"}]}',
      },
      {
        displayName: 'Delivery Ledger',
        name: 'deliveryLedger',
        type: 'options',
        default: 'auto',
        options: [
          { name: 'Auto (Redis in Queue Mode, Else Memory)', value: 'auto', description: "In queue mode, n8n's own queue Redis (QUEUE_BULL_REDIS_*); otherwise this process's memory" },
          { name: 'Memory (This Process Only)', value: 'memory', description: 'Duplicates are recognised only by the process that saw the first delivery' },
          { name: "Redis (N8n's Queue Redis)", value: 'redis', description: 'Shared by every webhook process: QUEUE_BULL_REDIS_HOST, _PORT, _DB, _USERNAME, _PASSWORD, _TLS' },
          { name: "PostgreSQL (N8n's Own Database)", value: 'postgres', description: 'Shared by every webhook process: DB_POSTGRESDB_* (DB_TYPE=postgresdb)' },
        ],
        description: 'Where deliveries are remembered so a platform retry that lands on another webhook process gets the first answer instead of running again. Unreachable: action triggers get the default answer, chat events are processed (docs/scaling.md).',
      },
      {
        displayName: 'Default Answer to isTeamOnline',
        name: 'defaultIsOnline',
        type: 'boolean',
        default: false,
        description: 'Whether the team counts as online when the workflow is late or fails (false: the agent does not hand over to nobody)',
      },
      {
        displayName: 'Answer Escalations',
        name: 'answerEscalations',
        type: 'boolean',
        default: false,
        description:
          'Whether escalate events wait for Relais Respond to Agent to say if the hand-over succeeded (200) or failed (503) within the deadline; a late or failed workflow counts as failed. Off: the platform gets 200 at once.',
      },
    ],
  };

  methods = { credentialTest: { relaisAgentPlatformTest } };

  // The platform's webhook URLs are pasted by hand in its integration settings (seed 003); there is
  // nothing to register remotely, so the lifecycle only reports the webhook as present.
  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        return true;
      },
      async create(this: IHookFunctions): Promise<boolean> {
        return true;
      },
      async delete(this: IHookFunctions): Promise<boolean> {
        return true;
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    return await handleAgentWebhook(this);
  }
}
