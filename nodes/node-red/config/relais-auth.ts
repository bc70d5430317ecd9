// Config node relais-auth: how an HTTP action authenticates (seed 002's Authentication tab). The
// secrets are Node-RED credentials (encrypted in flows_cred.json, never exported with the flow).
import type { AuthConfig, ConfigNode } from '../lib/config';
import type { Node, NodeAPI, NodeDef } from '../lib/red';

const KINDS: ReadonlyArray<AuthConfig['kind']> = ['none', 'bearer', 'basic', 'header', 'body'];

export = function (RED: NodeAPI): void {
  function RelaisAuthNode(this: Node & ConfigNode<AuthConfig>, config: NodeDef): void {
    RED.nodes.createNode(this, config);
    const credentials = this.credentials ?? {};
    const kind = KINDS.find((k) => k === config.kind) ?? 'none';
    this.relais = {
      kind,
      username: typeof config.username === 'string' ? config.username : undefined,
      field: typeof config.field === 'string' ? config.field.trim() : undefined,
      token: credentials.token,
      password: credentials.password,
      value: credentials.value,
    };
  }
  RED.nodes.registerType('relais-auth', RelaisAuthNode, {
    credentials: { token: { type: 'password' }, password: { type: 'password' }, value: { type: 'password' } },
  });
};
