// Imported blocks as something a host imports as it is: an n8n workflow (chat trigger → AI Agent with
// a chat model, each action a Relais HTTP Tool wired to the agent as a tool) or a Node-RED flow (one
// relais-http-request node per action on its own tab, each behind a `link in` named after its tool,
// answering through a `link out` in return mode, so any flow can call it; a relais-auth config node
// per credential, secrets left empty). Plain JSON: nothing here imports n8n or Node-RED.
import { createHash } from 'node:crypto';
import { blockToolName } from '../tools/block-tool';
import type { ImportedBlock, ImportedCredential } from './types';

const N8N_AUTH: Record<string, string> = { bearer: 'relaisBearerAuth', basic: 'relaisBasicAuth', header: 'relaisHeaderAuth' };
const NODE_RED_KINDS: Record<string, string> = { bearer: 'bearer', basic: 'basic', header: 'header' };

/** A stable id from text (a re-import gives the same ids, so the host updates instead of duplicating). */
const stableId = (text: string, length = 16) => createHash('sha256').update(text).digest('hex').slice(0, length);
const uuid = (text: string) => {
  const h = stableId(text, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export function n8nWorkflow(name: string, blocks: ImportedBlock[], credentials: ImportedCredential[]): Record<string, unknown> {
  const kinds = new Map(credentials.map((c) => [c.name, c.type]));
  const nodes: Record<string, unknown>[] = [
    { id: uuid(`${name}:trigger`), name: 'When chat message received', type: '@n8n/n8n-nodes-langchain.chatTrigger', typeVersion: 1.1, position: [0, 0], webhookId: uuid(`${name}:webhook`), parameters: { options: {} } },
    { id: uuid(`${name}:agent`), name: 'AI Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 3, position: [260, 0], parameters: { options: {} } },
    { id: uuid(`${name}:model`), name: 'OpenAI Chat Model', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', typeVersion: 1.2, position: [100, 240], parameters: { options: {} } },
  ];
  const connections: Record<string, unknown> = {
    'When chat message received': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
    'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
  };
  const used = new Set<string>();
  blocks.forEach((block, index) => {
    const p = block.data.parameters;
    let nodeName = block.data.label.slice(0, 60);
    for (let n = 2; used.has(nodeName); n++) nodeName = `${block.data.label.slice(0, 56)} ${n}`;
    used.add(nodeName);
    const kind = p.credential === undefined ? undefined : kinds.get(p.credential);
    const parameters: Record<string, unknown> = {
      toolDescription: block.data.description,
      authentication: kind !== undefined && N8N_AUTH[kind] ? N8N_AUTH[kind] : 'none',
      http_method: p.http_method,
      url: p.url,
      variables: { variable: p.variables.map((v) => ({ name: v.name, type: v.type, description: v.description, example: v.example ?? '', required: v.required, default: v.default === undefined ? '' : String(v.default) })) },
      content_type: p.content_type ?? 'json',
    };
    for (const key of ['headers_json', 'query_json', 'body_json', 'body_text'] as const) if (p[key] !== undefined) parameters[key] = p[key];
    if (p.filter) parameters.filter = Object.fromEntries(Object.entries(p.filter).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
    nodes.push({ id: uuid(`${name}:${block.id}`), name: nodeName, type: '@relais/n8n-nodes-agent-actions.relaisHttpTool', typeVersion: 1, position: [400 + (index % 6) * 180, 240 + Math.floor(index / 6) * 160], parameters });
    connections[nodeName] = { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] };
  });
  return { name, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

export function nodeRedFlow(name: string, blocks: ImportedBlock[], credentials: ImportedCredential[]): Record<string, unknown>[] {
  const tab = stableId(`${name}:tab`);
  const flow: Record<string, unknown>[] = [{ id: tab, type: 'tab', label: name, info: 'Imported by relais import: one action per row, called through its link in node (link call) and answering through link out (return).' }];
  const auth = new Map<string, string>();
  for (const credential of credentials) {
    const kind = NODE_RED_KINDS[credential.type];
    if (!kind) continue;
    const id = stableId(`${name}:auth:${credential.name}`);
    auth.set(credential.name, id);
    const shape = credential.credential as Record<string, unknown>;
    flow.push({ id, type: 'relais-auth', name: credential.name, kind, username: typeof shape.username === 'string' ? shape.username : '', field: credential.type === 'header' ? String(shape.name) : '' });
  }
  blocks.forEach((block, index) => {
    const p = block.data.parameters;
    const y = 60 + index * 80;
    const ids = { in: stableId(`${name}:${block.id}:in`), node: stableId(`${name}:${block.id}:node`), out: stableId(`${name}:${block.id}:out`) };
    const filter = p.filter ?? {};
    flow.push(
      { id: ids.in, type: 'link in', z: tab, name: blockToolName(block.id), links: [], x: 120, y, wires: [[ids.node]] },
      {
        id: ids.node,
        type: 'relais-http-request',
        z: tab,
        name: block.data.label.slice(0, 60),
        http_method: p.http_method,
        url: p.url,
        urlType: 'str',
        credential: p.credential === undefined ? '' : (auth.get(p.credential) ?? ''),
        variables: p.variables.map((v) => ({ name: v.name, type: v.type, description: v.description, example: v.example ?? '', required: v.required, default: v.default === undefined ? '' : String(v.default) })),
        content_type: p.content_type ?? 'json',
        headers_json: p.headers_json ?? '',
        query_json: p.query_json ?? '',
        body_json: p.body_json ?? '',
        body_text: p.body_text ?? '',
        filter_expression: typeof filter.expression === 'string' ? filter.expression : '',
        filter_include: Array.isArray(filter.include) ? filter.include.join(', ') : '',
        filter_exclude: '',
        filter_max_items: filter.max_items === undefined ? '' : String(filter.max_items),
        filter_max_string_length: '',
        filter_max_chars: '',
        filter_html_to_text: '',
        timeout_seconds: '10',
        timeout_secondsType: 'num',
        retry_attempts: '',
        retry_base_delay_ms: '',
        allow_http: false,
        allow_private_network: false,
        x: 360,
        y,
        wires: [[ids.out], [ids.out]],
      },
      { id: ids.out, type: 'link out', z: tab, name: '', mode: 'return', links: [], x: 600, y, wires: [] },
    );
  });
  return flow;
}
