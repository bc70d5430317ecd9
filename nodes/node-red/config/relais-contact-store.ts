// Config node relais-contact-store: where the platform actions keep contacts, tags and tasks —
// sqlite (default, a file inside Node-RED's userDir), postgres (connection string as a credential) or
// any REST CRM over http (authenticated by a relais-auth node).
import type { ConfigNode, StoreConfig } from '../lib/config';
import type { Node, NodeAPI, NodeDef } from '../lib/red';

const BACKENDS: ReadonlyArray<StoreConfig['backend']> = ['sqlite', 'postgres', 'http'];

export = function (RED: NodeAPI): void {
  function RelaisContactStoreNode(this: Node & ConfigNode<StoreConfig>, config: NodeDef): void {
    RED.nodes.createNode(this, config);
    this.relais = {
      backend: BACKENDS.find((b) => b === config.backend) ?? 'sqlite',
      path: typeof config.path === 'string' ? config.path : undefined,
      connection_string: this.credentials?.connection_string,
      base_url: typeof config.base_url === 'string' ? config.base_url.trim() : undefined,
      auth: typeof config.auth === 'string' ? config.auth : undefined,
      allow_private_network: config.allow_private_network === true,
      allow_http: config.allow_http === true,
    };
  }
  RED.nodes.registerType('relais-contact-store', RelaisContactStoreNode, {
    credentials: { connection_string: { type: 'password' } },
  });
};
