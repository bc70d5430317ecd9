// The agent platform's conversation API (Zendesk "AI agents – Advanced", seed 003): the base URL, the
// bot id and the bot's API key for Relais Conversation; the bot id and the optional webhook secrets
// for Relais Agent Trigger. Point the base URL at `relais emulator` to work offline.
import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

export class RelaisAgentPlatformApi implements ICredentialType {
  name = 'relaisAgentPlatformApi';

  displayName = 'Relais Agent Platform API';

  documentationUrl = 'https://github.com/relais-dev/n8n-nodes-agent-actions/blob/main/docs/n8n.md#credentials';

  icon: Icon = { light: 'file:../icons/relais-platform.svg', dark: 'file:../icons/relais-platform.dark.svg' };

  properties: INodeProperties[] = [
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'https://api.ultimate.ai',
      required: true,
      description: 'Where POST /converse/chat is sent. The emulator: http://127.0.0.1:&lt;port&gt; (with Allow Private Network).',
    },
    {
      displayName: 'Bot ID',
      name: 'botId',
      type: 'string',
      default: '',
      required: true,
      description: 'Sent as the botid header; webhook events must carry the same botId',
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'The access token of the integration, sent verbatim as the Authorization header',
    },
    {
      displayName: 'Webhook Shared Secret',
      name: 'webhookSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description: 'Optional. Relais Agent Trigger refuses deliveries without it, in the x-relais-secret header or as a segment of the webhook path',
    },
    {
      displayName: 'Webhook HMAC Secret',
      name: 'hmacSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description: 'Optional. Relais Agent Trigger refuses deliveries not signed with it (x-relais-timestamp and x-relais-signature, 5-minute window)',
    },
    {
      displayName: 'Allow Private Network',
      name: 'allowPrivateNetwork',
      type: 'boolean',
      default: false,
      description: 'Whether the base URL may be a private or loopback address (e.g. the emulator on this machine). Only that host and port are let through.',
    },
  ];

  // Tested by Relais Conversation and Relais Agent Trigger (testedBy: relaisAgentPlatformTest): the
  // platform answers a harmless request with 400/404 when the key is right, which a declarative test
  // would count as a failure.
}
