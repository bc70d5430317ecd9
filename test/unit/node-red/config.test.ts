// Config nodes → runtime options (nodes/node-red/lib/config.ts), with a RED whose getNode answers from a
// map (the only part of Node-RED these pure functions touch; the runtime tests cover the real thing).
import { credentialFromAuth, runtimeOptionsFor, settingsNetwork, storeOptions } from '../../../nodes/node-red/lib/config';
import { runtimeSecrets } from '../../../src/adapter/secrets';
import { translate } from '../../../nodes/node-red/lib/messages';
import type { NodeAPI } from '../../../nodes/node-red/lib/red';

function red(configs: Record<string, unknown>, settings: Record<string, unknown> = {}): NodeAPI {
  return {
    nodes: { createNode: () => undefined, registerType: () => undefined, getNode: (id: string) => (id in configs ? { relais: configs[id] } : null) },
    util: { evaluateNodeProperty: () => undefined },
    settings: { userDir: '/data/nr', ...settings },
    _: (key: string) => key,
  };
}

describe('Node-RED config reading', () => {
  it('maps each relais-auth kind to a core credential, none to nothing', () => {
    expect(credentialFromAuth({ kind: 'bearer', token: 't' })).toEqual({ type: 'bearer', token: 't' });
    expect(credentialFromAuth({ kind: 'basic', username: 'u', password: 'p' })).toEqual({ type: 'basic', username: 'u', password: 'p' });
    expect(credentialFromAuth({ kind: 'header', field: 'X-API-Key', value: 'v' })).toEqual({ type: 'header', name: 'X-API-Key', value: 'v' });
    expect(credentialFromAuth({ kind: 'body', field: 'api_key', value: 'v' })).toEqual({ type: 'body', name: 'api_key', value: 'v' });
    expect(credentialFromAuth({ kind: 'none' })).toBeUndefined();
    expect(credentialFromAuth(undefined)).toBeUndefined();
  });

  it('puts sqlite files in the user directory unless the path is absolute', () => {
    const RED = red({});
    expect(storeOptions(RED, undefined)).toEqual({ backend: 'sqlite', path: '/data/nr/relais-contacts.sqlite' });
    expect(storeOptions(RED, { backend: 'sqlite', path: 'crm/leads.db' })).toEqual({ backend: 'sqlite', path: '/data/nr/crm/leads.db' });
    expect(storeOptions(RED, { backend: 'sqlite', path: '/var/lib/leads.db' })).toEqual({ backend: 'sqlite', path: '/var/lib/leads.db' });
    expect(storeOptions(RED, { backend: 'postgres', connection_string: 'postgres://x' })).toEqual({ backend: 'postgres', connection_string: 'postgres://x' });
  });

  it('builds runtime options: credential under the auth node id, operator settings, only the opted-in hosts', () => {
    const RED = red(
      {
        a1: { kind: 'bearer', token: 'tok-1' },
        p1: { base_url: 'http://127.0.0.1:3999', bot_id: 'b', api_key: 'k', allow_private_network: true },
        ai1: { base_url: 'http://127.0.0.1:11434/v1', api_key: 'sk-1', model: 'llama', allow_private_network: true },
      },
      { relais: { allowed_hosts: ['crm.internal'], max_response_bytes: 1000 } },
    );
    const options = runtimeOptionsFor(RED, { auth: 'a1', platform: 'p1', provider: 'ai1' });
    expect(options.credentials).toEqual({ a1: { type: 'bearer', token: 'tok-1' } });
    expect(options.network).toEqual({ allowed_hosts: ['127.0.0.1:3999', 'crm.internal'], max_response_bytes: 1000 });
    expect(options.ai).toEqual({ base_url: 'http://127.0.0.1:11434/v1', api_key: 'sk-1', model: 'llama', allow_private_network: true, allow_http: true });
    expect(runtimeSecrets(options).sort()).toEqual(['sk-1', 'tok-1']);
  });

  it('ignores malformed operator settings', () => {
    expect(settingsNetwork(red({}, { relais: { allowed_hosts: 'nope', allow_private_network: 'yes' } }))).toEqual({});
    expect(settingsNetwork(red({}, { relais: { network: { allow_private_network: true } } }))).toEqual({ allow_private_network: true });
  });

  it('translates common keys, falling back to English with substitutions when no catalogue answers', () => {
    expect(translate((key) => key, 'status.listening', { path: '/x' })).toBe('listening on /x');
    expect(translate((key) => (key === 'relais.status.ok' ? 'ok!' : key), 'status.ok')).toBe('ok!');
  });
});
