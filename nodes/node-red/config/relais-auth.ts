// Config node relais-auth: how an HTTP action authenticates (seed 002's Authentication tab, plus query,
// several headers and OAuth2 client credentials), which hosts the credential may reach, and its TLS
// material. The secrets (tokens, passwords, values, headers, client secret, private key, passphrase) are
// Node-RED credentials: encrypted in flows_cred.json, never exported with the flow.
import { checkCredential } from '../../../src/credential-check';
import { isRelaisError } from '../../../src/errors';
import { credentialFromAuth, type AuthConfig, type ConfigNode } from '../lib/config';
import type { Node, NodeAPI, NodeDef } from '../lib/red';

const KINDS: ReadonlyArray<AuthConfig['kind']> = ['none', 'bearer', 'basic', 'header', 'body', 'query', 'headers', 'oauth2'];
const SETTINGS = ['username', 'field', 'token_url', 'client_id', 'scope', 'audience', 'allowed_hosts', 'ca', 'cert'] as const;
const SECRETS = ['token', 'password', 'value', 'headers', 'client_secret', 'key', 'passphrase'] as const;

export = function (RED: NodeAPI): void {
  function RelaisAuthNode(this: Node & ConfigNode<AuthConfig>, config: NodeDef): void {
    RED.nodes.createNode(this, config);
    const credentials = (this.credentials ?? {}) as Record<string, string | undefined>;
    const relais: AuthConfig = { kind: KINDS.find((k) => k === config.kind) ?? 'none' };
    for (const key of SETTINGS) if (typeof config[key] === 'string') relais[key] = key === 'field' ? (config[key] as string).trim() : (config[key] as string);
    for (const key of SECRETS) if (typeof credentials[key] === 'string') relais[key] = credentials[key];
    relais.client_auth = config.client_auth === 'body' ? 'body' : 'basic';
    relais.local = config.local === true || config.local === 'true';
    this.relais = relais;
    // Checked at deploy: the nodes using this one show the problem in their status too.
    try {
      const credential = credentialFromAuth(relais);
      if (credential) checkCredential(credential, this.name || relais.kind);
    } catch (error) {
      this.error(isRelaisError(error) ? error.message : 'This authentication is not configured correctly.');
    }
  }
  RED.nodes.registerType('relais-auth', RelaisAuthNode, {
    credentials: {
      token: { type: 'password' },
      password: { type: 'password' },
      value: { type: 'password' },
      headers: { type: 'password' },
      client_secret: { type: 'password' },
      key: { type: 'password' },
      passphrase: { type: 'password' },
    },
  });
};
