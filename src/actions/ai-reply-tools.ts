// ai_reply's tools: the blocks (seed 001 JSON) its model may call. Each becomes a tool by the one shared
// definition (src/tools/block-tool.ts); a call runs executeBlock with the model's arguments as the
// variables — typed coercion, required variables, placement escaping, the SSRF guard and the
// pre-filter all apply, and the model still never picks a URL's scheme or host. Every HTTP call a tool
// makes is held to what is left of the reply's one deadline.
import { parseBlock, type Block } from '../blocks';
import type { Context } from '../context';
import { RelaisError, isRelaisError, type RelaisIssue } from '../errors';
import type { HttpClient } from '../http/types';
import type { Runtime } from '../runtime';
import { blockTool } from '../tools/block-tool';
import type { LoopTool, ToolOutcome } from '../ai/tool-loop';
import { executeBlock } from './index';

export const MAX_TOOLS = 32;

const parsedTools = new WeakMap<readonly unknown[], Block[]>();

function invalid(path: string, message: string, fr: string): RelaisError {
  return new RelaisError('invalid_block', `data.parameters.${path}: ${message}`, { fr: `data.parameters.${path} : ${fr}`, issues: [{ path: `data.parameters.${path}`, message, fr }] });
}

/** The tool blocks, parsed once per parameters object; errors name the tool's index. */
export function toolBlocks(raw: readonly unknown[] | undefined): Block[] {
  if (!raw || raw.length === 0) return [];
  const cached = parsedTools.get(raw);
  if (cached) return cached;
  if (raw.length > MAX_TOOLS) throw invalid('tools', `at most ${MAX_TOOLS} tools (got ${raw.length})`, `au plus ${MAX_TOOLS} outils (reçu ${raw.length})`);
  const names = new Map<string, number>();
  const blocks = raw.map((entry, index) => {
    let block: Block;
    try {
      block = parseBlock(entry);
    } catch (error) {
      if (!isRelaisError(error)) throw error;
      const issues: RelaisIssue[] = error.issues.map((issue) => ({ path: `data.parameters.tools[${index}].${issue.path}`, message: issue.message, fr: issue.fr }));
      throw new RelaisError('invalid_block', `data.parameters.tools[${index}] is not a valid block: ${error.message}`, { fr: `data.parameters.tools[${index}] n'est pas un bloc valide : ${error.fr}`, issues });
    }
    if (block.action_type === 'ai_reply') throw invalid(`tools[${index}]`, 'an AI reply cannot be a tool of another AI reply; give it http_request, crm_upsert, tag_contact or sales_task blocks', "une réponse IA ne peut pas être l'outil d'une autre réponse IA ; donnez-lui des blocs http_request, crm_upsert, tag_contact ou sales_task");
    const name = blockTool(block).name;
    if (names.has(name)) throw invalid(`tools[${index}]`, `two tools are named "${name}" (tools[${names.get(name)}] too); give the blocks different ids`, `deux outils s'appellent "${name}" (tools[${names.get(name)}] aussi) ; donnez aux blocs des id différents`);
    names.set(name, index);
    return block;
  });
  parsedTools.set(raw, blocks);
  return blocks;
}

/** The runtime a tool runs with: the same credentials, store and policy, every HTTP call capped to the deadline. */
function underDeadline(runtime: Runtime, endsAt: number): Runtime {
  const http: HttpClient = {
    request: (request) => runtime.http.request({ ...request, timeout_ms: Math.max(1, Math.min(request.timeout_ms, endsAt - Date.now())) }),
    close: () => Promise.resolve(),
  };
  return { ...runtime, http, close: () => Promise.resolve() };
}

async function runBlock(block: Block, args: unknown, context: Context, runtime: Runtime, endsAt: number): Promise<ToolOutcome> {
  try {
    const result = await executeBlock(block, { ...context, variables: args as Record<string, unknown> }, underDeadline(runtime, endsAt));
    return { ok: true, data: result.data };
  } catch (error) {
    if (isRelaisError(error)) return { ok: false, error: { code: error.code, message: error.message, fallback: error.fallback } };
    runtime.logger.warn(`ai_reply tool "${block.id}" failed unexpectedly: ${(error as Error)?.name ?? 'error'}`);
    return { ok: false, error: { code: 'tool_failed', message: 'The tool failed unexpectedly.', fallback: "I'm having trouble accessing the system right now." } };
  }
}

export function loopTools(blocks: Block[], context: Context, runtime: Runtime): LoopTool[] {
  return blocks.map((block) => {
    const tool = blockTool(block);
    return { spec: { name: tool.name, description: tool.description, inputSchema: tool.inputSchema as unknown as Record<string, unknown> }, run: (args, endsAt) => runBlock(block, args, context, runtime, endsAt) };
  });
}
