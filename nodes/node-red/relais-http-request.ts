// Node-RED node relais-http-request: runs the http_request action (definition in src/blocks, editor form generated
// by scripts/generate/node-red-forms.mjs).
import { registerActionNode } from './lib/action-node';
import { registerEditorRoutes } from './lib/editor-routes';
import type { NodeAPI } from './lib/red';

export = function (RED: NodeAPI): void {
  registerActionNode(RED, 'http_request');
  registerEditorRoutes(RED);
};
