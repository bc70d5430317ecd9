// relais-ai-reply's tools picked by node: the relais-http-request and relais-block nodes of the
// workspace whose ids the editor stored in `tool_nodes`. Each one's configuration (read from the
// deployed flows, so the order nodes start in does not matter) becomes a block in the seed 001 format,
// named after the node; its relais-auth credential is registered in the reply's runtime under the auth
// node's id, as the node itself does. A tool node must hold fixed values (none read from msg): the
// model's arguments are its variables.
import { paramsFromForm } from '../../../src/adapter';
import { ACTION_DEFINITIONS } from '../../../src/blocks';
import { valuesAreFixed } from './input';
import type { NodeAPI, NodeDef } from './red';

export const TOOL_NODE_TYPES = ['relais-http-request', 'relais-block'] as const;

export interface ToolNodes {
  blocks: unknown[];
  /** relais-auth node ids the tools use (their credentials join the reply's runtime). */
  auths: string[];
  /** The contact store of the first tool that names one (for platform blocks). */
  store?: string;
  /** What makes the picked nodes unusable, said on every message (and in French: problemFr). */
  problem?: string;
  problemFr?: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function deployedConfigs(RED: NodeAPI): Map<string, NodeDef> {
  const configs = new Map<string, NodeDef>();
  RED.nodes.eachNode?.((config) => configs.set(config.id, config));
  return configs;
}

function httpRequestBlock(config: NodeDef): unknown {
  const label = text(config.name) || 'HTTP request';
  const parameters = paramsFromForm(ACTION_DEFINITIONS.http_request.fields, { ...config });
  if (!text(config.credential)) delete parameters.credential;
  return { id: text(config.name) || `http_request_${config.id}`, type: 'action', data: { label, description: label, parameters: { action_type: 'http_request', ...parameters } } };
}

function blockNodeBlock(config: NodeDef): unknown {
  const block = JSON.parse(text(config.block)) as { id?: string; data?: { parameters?: Record<string, unknown> } };
  const parameters = block.data?.parameters;
  // relais-block names its credential credential_name ("default"); in the reply's runtime it is the auth node's id.
  const name = text(config.credential_name) || 'default';
  if (parameters && text(config.credential) && parameters.credential === name) parameters.credential = config.credential;
  return { ...block, id: block.id ?? (text(config.name) || `block_${config.id}`) };
}

export function toolNodesFor(RED: NodeAPI, ids: unknown): ToolNodes {
  const picked = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && id !== '') : [];
  const result: ToolNodes = { blocks: [], auths: [] };
  if (picked.length === 0) return result;
  const configs = deployedConfigs(RED);
  const problems: string[] = [];
  const problemsFr: string[] = [];
  for (const id of picked) {
    const config = configs.get(id);
    if (!config || !(TOOL_NODE_TYPES as readonly string[]).includes(config.type)) {
      problems.push(`the tool node ${id} is not deployed (deleted, or disabled?): pick the tools again in the node's dialog`);
      problemsFr.push(`le nœud outil ${id} n'est pas déployé (supprimé, ou désactivé ?) : choisissez à nouveau les outils dans la boîte de dialogue du nœud`);
      continue;
    }
    const name = text(config.name) || id;
    try {
      if (config.type === 'relais-http-request') {
        if (!valuesAreFixed(config, ACTION_DEFINITIONS.http_request.fields)) {
          problems.push(`the tool node "${name}" reads a value from msg/flow/global/env; a tool's values must be fixed (the model fills its variables)`);
          problemsFr.push(`le nœud outil "${name}" lit une valeur dans msg/flow/global/env ; les valeurs d'un outil doivent être fixes (le modèle remplit ses variables)`);
          continue;
        }
        result.blocks.push(httpRequestBlock(config));
      } else {
        if (!text(config.block)) {
          problems.push(`the tool node "${name}" holds no block JSON`);
          problemsFr.push(`le nœud outil "${name}" ne contient aucun JSON de bloc`);
          continue;
        }
        result.blocks.push(blockNodeBlock(config));
      }
    } catch {
      problems.push(`the tool node "${name}" holds block JSON that is not valid JSON`);
      problemsFr.push(`le nœud outil "${name}" contient un JSON de bloc qui n'est pas du JSON valide`);
      continue;
    }
    if (text(config.credential)) result.auths.push(text(config.credential));
    if (!result.store && text(config.store)) result.store = text(config.store);
  }
  if (problems.length) {
    result.problem = `relais-ai-reply tools: ${problems.join('; ')}.`;
    result.problemFr = `Outils de relais-ai-reply : ${problemsFr.join(' ; ')}.`;
  }
  return result;
}

/** The reply's form values with the picked nodes' blocks added to its own `tools` JSON. */
export function withToolBlocks(config: NodeDef, blocks: unknown[]): NodeDef {
  if (blocks.length === 0) return config;
  const own = config.tools;
  let listed: unknown[] = [];
  if (Array.isArray(own)) listed = own;
  else if (typeof own === 'string' && own.trim() !== '') {
    try {
      const parsed = JSON.parse(own) as unknown;
      if (!Array.isArray(parsed)) return config; // the action reports "must be a list of blocks"
      listed = parsed;
    } catch {
      return config; // the action reports the invalid JSON
    }
  }
  return { ...config, tools: [...listed, ...blocks] };
}
