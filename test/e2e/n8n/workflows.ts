// Small builders for the workflows the n8n suites import: a Manual Trigger (what `n8n execute` starts
// from), a Set node holding an item, Relais nodes by name, and straight chains between them.
import { relaisType, type Workflow, type WorkflowNode } from '../../support/n8n';

let nodeCounter = 0;

function nodeId(): string {
  nodeCounter += 1;
  return `00000000-0000-4000-8000-${String(nodeCounter).padStart(12, '0')}`;
}

/** n8n workflow ids are 16 letters and digits: a readable stem of at most 16, padded with zeros. */
export function workflowId(stem: string): string {
  if (!/^[A-Za-z0-9]{1,16}$/.test(stem)) throw new Error(`workflow id stem "${stem}" must be 1 to 16 letters and digits`);
  return stem.padEnd(16, '0');
}

export function manualTrigger(name = 'Start'): WorkflowNode {
  return { id: nodeId(), name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
}

/** A Set node (raw mode) whose one output item is `json`. */
export function itemNode(name: string, json: Record<string, unknown>): WorkflowNode {
  return {
    id: nodeId(),
    name,
    type: 'n8n-nodes-base.set',
    typeVersion: 3.4,
    position: [0, 0],
    parameters: { mode: 'raw', jsonOutput: JSON.stringify(json), options: {} },
  };
}

export interface RelaisNodeOptions {
  credentials?: Record<string, { id: string; name: string }>;
  /** n8n's per-node error handling: 'continueErrorOutput' routes failures to a second output. */
  onError?: 'continueErrorOutput' | 'continueRegularOutput' | 'stopWorkflow';
  webhookId?: string;
}

/** A node of the Relais package, by its node name (e.g. `relaisHttpRequest`). */
export function relaisNode(name: string, nodeName: string, parameters: Record<string, unknown>, options: RelaisNodeOptions = {}): WorkflowNode {
  return {
    id: nodeId(),
    name,
    type: relaisType(nodeName),
    typeVersion: 1,
    position: [0, 0],
    parameters,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.webhookId ? { webhookId: options.webhookId } : {}),
  };
}

type Connections = Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;

/** `from` output `output` → `to` input 0, added to `connections`. */
export function connect(connections: Connections, from: string, to: string, output = 0): void {
  const entry = (connections[from] ??= { main: [] });
  while (entry.main.length <= output) entry.main.push([]);
  entry.main[output].push({ node: to, type: 'main', index: 0 });
}

/**
 * A workflow from `nodes` and the edges `[from, to, output?]`; with no edges, the nodes form one
 * chain in order. Nodes are laid out left to right so the editor shows them readably.
 */
export function workflow(stem: string, name: string, nodes: WorkflowNode[], edges?: Array<[string, string, number?]>): Workflow {
  const connections: Connections = {};
  const links = edges ?? nodes.slice(1).map((node, index): [string, string] => [nodes[index].name, node.name]);
  for (const [from, to, output] of links) connect(connections, from, to, output ?? 0);
  nodes.forEach((node, index) => (node.position = [index * 240, 0]));
  return { id: workflowId(stem), name, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** The `{id, name}` a node's `credentials` entry points at. */
export function credentialRef(credential: { id: string; name: string }): { id: string; name: string } {
  return { id: credential.id, name: credential.name };
}

/**
 * Relais HTTP Tool's parameters for the order API of order-api.ts: a required order number, an
 * optional boolean (which must stay optional in the tool schema), a bearer credential, a filter.
 */
export function orderLookupToolParameters(apiUrl: string): Record<string, unknown> {
  return {
    toolDescription: 'Looks an order up by its number',
    authentication: 'relaisBearerAuth',
    http_method: 'GET',
    url: `${apiUrl}/orders/{{order_number}}`,
    variables: { variable: [
      { name: 'order_number', type: 'string', description: 'The order number, e.g. A-100', example: 'A-100', required: true, default: '' },
      { name: 'include_items', type: 'boolean', description: 'Whether to list the items', example: 'false', required: false, default: 'false' },
    ] },
    query_json: '{"include_items": "{{include_items}}"}',
    filter: { include: 'order.status, order.tracking' },
    options: { allow_http: true, allow_private_network: true, timeout_seconds: 5 },
  };
}
