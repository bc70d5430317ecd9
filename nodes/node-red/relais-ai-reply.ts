// Node-RED node relais-ai-reply: runs the ai_reply action (definition in src/blocks, editor form generated
// by scripts/generate/node-red-forms.mjs).
import { registerActionNode } from './lib/action-node';
import type { NodeAPI } from './lib/red';

export = function (RED: NodeAPI): void {
  registerActionNode(RED, 'ai_reply');
};
