// Node-RED node relais-crm-upsert: runs the crm_upsert action (definition in src/blocks, editor form generated
// by scripts/generate/node-red-forms.mjs).
import { registerActionNode } from './lib/action-node';
import type { NodeAPI } from './lib/red';

export = function (RED: NodeAPI): void {
  registerActionNode(RED, 'crm_upsert');
};
