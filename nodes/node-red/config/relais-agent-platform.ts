// Config node relais-agent-platform: the conversational agent platform (base URL, bot id, API key as
// a credential) used by relais-conversation and relais-agent-events, and the delivery ledger several
// Node-RED instances behind a balancer share (redis or postgres, its URL a credential).
import { openDeliveryLedger, type DeliveryLedger, type DeliveryLedgerConfig } from '../../../src/conversation/ledger';
import { RelaisError } from '../../../src/errors';
import type { ConfigNode, PlatformConfig } from '../lib/config';
import type { Node, NodeAPI, NodeDef } from '../lib/red';

const BACKENDS = ['memory', 'redis', 'postgres'] as const;

function ledgerConfig(backend: (typeof BACKENDS)[number], url: string | undefined): DeliveryLedgerConfig {
  if (backend === 'memory') return { backend };
  if (!url) {
    const example = backend === 'redis' ? 'redis://host:6379/0' : 'postgres://user:password@host:5432/database';
    throw new RelaisError('invalid_block', `Delivery ledger "${backend}" needs its connection URL (${example}).`, { fr: `Le registre de livraison "${backend}" a besoin de son URL de connexion (${example}).` });
  }
  return backend === 'redis' ? { backend, url } : { backend, connection_string: url };
}

export = function (RED: NodeAPI): void {
  function RelaisAgentPlatformNode(this: Node & ConfigNode<PlatformConfig>, config: NodeDef): void {
    RED.nodes.createNode(this, config);
    const backend = BACKENDS.find((b) => b === config.ledger) ?? 'memory';
    const url = typeof this.credentials?.ledger_url === 'string' && this.credentials.ledger_url.trim() ? this.credentials.ledger_url.trim() : undefined;
    let opened: DeliveryLedger | undefined;
    this.relais = {
      base_url: typeof config.base_url === 'string' && config.base_url.trim() ? config.base_url.trim() : 'https://api.ultimate.ai',
      bot_id: typeof config.bot_id === 'string' ? config.bot_id.trim() : '',
      api_key: this.credentials?.api_key,
      allow_private_network: config.allow_private_network === true,
      ledger_backend: backend,
      ledger: () => (opened ??= openDeliveryLedger(ledgerConfig(backend, url))),
    };
    this.on('close', (_removed: unknown, done: () => void) => {
      const closing = opened;
      opened = undefined;
      if (!closing) return done();
      closing.close().then(done, () => done());
    });
  }
  RED.nodes.registerType('relais-agent-platform', RelaisAgentPlatformNode, {
    credentials: { api_key: { type: 'password' }, ledger_url: { type: 'password' } },
  });
};
