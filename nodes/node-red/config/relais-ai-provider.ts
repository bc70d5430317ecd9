// Config node relais-ai-provider: an OpenAI-compatible chat API (base URL, model, API key as a
// credential) used by relais-ai-reply.
import type { AiProviderConfig, ConfigNode } from '../lib/config';
import type { Node, NodeAPI, NodeDef } from '../lib/red';

export = function (RED: NodeAPI): void {
  function RelaisAiProviderNode(this: Node & ConfigNode<AiProviderConfig>, config: NodeDef): void {
    RED.nodes.createNode(this, config);
    this.relais = {
      provider: typeof config.provider === 'string' && config.provider.trim() ? config.provider.trim() : undefined,
      base_url: typeof config.base_url === 'string' ? config.base_url.trim() : '',
      model: typeof config.model === 'string' && config.model.trim() ? config.model.trim() : undefined,
      api_key: this.credentials?.api_key,
      allow_private_network: config.allow_private_network === true,
    };
  }
  RED.nodes.registerType('relais-ai-provider', RelaisAiProviderNode, {
    credentials: { api_key: { type: 'password' } },
  });
};
