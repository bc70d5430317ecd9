// Node-RED node relais-sales-task: runs the sales_task action (definition in src/blocks, editor form generated
// by scripts/generate/node-red-forms.mjs).
import { registerActionNode } from './lib/action-node';
import type { NodeAPI } from './lib/red';

export = function (RED: NodeAPI): void {
  registerActionNode(RED, 'sales_task');
};
