// Node-RED node relais-block: runs any block JSON (seed 001 format) — from msg.block when present,
// else from the node's config. The block's `parameters.credential` names the credential registered
// from the selected relais-auth node (the name set in the node, "default" when empty).
import { describeUnexpected, runBlockJson } from '../../src/adapter';
import { RelaisError } from '../../src/errors';
import { runtimeOptionsFor } from './lib/config';
import { registerEditorRoutes } from './lib/editor-routes';
import { deliver } from './lib/deliver';
import { onInput, releaseOnClose } from './lib/guard';
import { languageOf } from './lib/input';
import { commonText } from './lib/messages';
import type { Node, NodeAPI, NodeDef } from './lib/red';
import { leaseRuntime } from './lib/runtimes';
import { workingStatus } from './lib/status';

export = function (RED: NodeAPI): void {
  registerEditorRoutes(RED);
  function RelaisBlockNode(this: Node, config: NodeDef): void {
    RED.nodes.createNode(this, config);
    start(this, config);
  }

  function start(node: Node, config: NodeDef): void {
    const credentialName = typeof config.credential_name === 'string' && config.credential_name.trim() ? config.credential_name.trim() : 'default';
    const options = runtimeOptionsFor(RED, { auth: config.credential, store: config.store, provider: config.provider });
    if (options.credentials && typeof config.credential === 'string') {
      options.credentials = { [credentialName]: options.credentials[config.credential] };
    }
    const lease = leaseRuntime(options);
    const secrets = lease.secrets;
    const language = languageOf(RED);

    onInput(node, { language, secrets, code: 'invalid_block', operation: 'the block', operationFr: "l'exécution du bloc" }, async (msg, send, done) => {
      const configured = typeof config.block === 'string' && config.block.trim() ? config.block : undefined;
      const block = msg.block ?? configured;
      if (block === undefined || block === null || block === '') {
        throw new RelaisError('invalid_block', commonText('en', 'errors.no_block'), { fr: commonText('fr', 'errors.no_block') });
      }
      node.status(workingStatus(RED, 'running'));
      const outcome = await runBlockJson(block, msg, lease.runtime, {
        language,
        onUnexpected: (error) => node.error(describeUnexpected(error, secrets)),
      });
      deliver(RED, node, msg, outcome, send, done);
    });
    releaseOnClose(node, lease);
  }

  RED.nodes.registerType('relais-block', RelaisBlockNode);
};
