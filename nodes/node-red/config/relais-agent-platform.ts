// Config node relais-agent-platform: the conversational agent platform (base URL, bot id, API key as
// a credential) used by relais-conversation and relais-agent-events.
import type { ConfigNode, PlatformConfig } from '../lib/config';
import type { Node, NodeAPI, NodeDef } from '../lib/red';

export = function (RED: NodeAPI): void {
  function RelaisAgentPlatformNode(this: Node & ConfigNode<PlatformConfig>, config: NodeDef): void {
    RED.nodes.createNode(this, config);
    this.relais = {
      base_url: typeof config.base_url === 'string' && config.base_url.trim() ? config.base_url.trim() : 'https://api.ultimate.ai',
      bot_id: typeof config.bot_id === 'string' ? config.bot_id.trim() : '',
      api_key: this.credentials?.api_key,
      allow_private_network: config.allow_private_network === true,
    };
  }
  RED.nodes.registerType('relais-agent-platform', RelaisAgentPlatformNode, {
    credentials: { api_key: { type: 'password' } },
  });
};
