// The slice of Node-RED's runtime API these nodes use, typed here so the package needs no Node-RED
// type package (Node-RED provides the objects at run time; 4.x and 5.x have the same shape here).

export interface NodeMessage {
  _msgid?: string;
  payload?: unknown;
  [key: string]: unknown;
}

export type Send = (msg: NodeMessage | Array<NodeMessage | null> | null) => void;
export type Done = (error?: Error) => void;

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface NodeDef {
  id: string;
  type: string;
  name?: string;
  [key: string]: unknown;
}

export interface Node {
  id: string;
  type: string;
  name?: string;
  wires?: string[][];
  credentials?: Record<string, string | undefined>;
  on(event: 'input', handler: (msg: NodeMessage, send: Send, done: Done) => void): void;
  on(event: 'close', handler: (removed: boolean, done: () => void) => void): void;
  status(status: NodeStatus | Record<string, never>): void;
  error(error: unknown, msg?: NodeMessage): void;
  warn(message: unknown): void;
  log(message: unknown): void;
  send(msg: NodeMessage | Array<NodeMessage | null>): void;
}

/** Express-like router of Node-RED's HTTP node server (RED.httpNode). */
export interface HttpRouter {
  post(path: string, ...handlers: Array<(req: unknown, res: unknown, next: () => void) => void>): void;
  _router?: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
}

export interface NodeAPI {
  nodes: {
    createNode(node: Node, def: NodeDef): void;
    registerType<T extends Node>(type: string, constructor: (this: T, def: NodeDef) => void, options?: { credentials?: Record<string, { type: 'text' | 'password' }> }): void;
    getNode(id: string): unknown;
    /** Every node configuration of the deployed flows (the runtime API has it; optional in test doubles). */
    eachNode?(callback: (config: NodeDef) => void): void;
  };
  util: {
    evaluateNodeProperty(value: unknown, type: string, node: Node, msg: NodeMessage, callback: (error: Error | null, result: unknown) => void): void;
  };
  settings: { userDir?: string; lang?: string; relais?: unknown; [key: string]: unknown };
  httpNode?: HttpRouter;
  /** The admin app (editor and admin API); absent when httpAdminRoot is false. */
  httpAdmin?: HttpRouter;
  /** Node-RED's admin permissions: a middleware refusing a user without `permission`. */
  auth?: { needsPermission(permission: string): (req: unknown, res: unknown, next: () => void) => void };
  _(key: string, substitutions?: Record<string, unknown>): string;
}
