// The catalogue an MCP server offers: one tool per http_request block (blockTool gives the name,
// description and input schema, shared with ai_reply's tools), the MCP annotations its method implies,
// and the one way a call becomes a tool result — the filtered data as text plus structuredContent, or
// isError with the safe message and the customer fallback line.
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { executeBlock } from '../actions';
import type { ActionResult } from '../actions/types';
import { parseBlock, type Block, type BlockOf } from '../blocks';
import { isRelaisError, RelaisError } from '../errors';
import type { Runtime } from '../runtime';
import { blockTool } from '../tools/block-tool';

export interface McpTool {
  definition: Tool;
  block: BlockOf<'http_request'>;
}

const READ_ONLY = new Set(['GET', 'HEAD']);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

function annotations(block: BlockOf<'http_request'>): NonNullable<Tool['annotations']> {
  const method = block.data.parameters.http_method;
  const readOnly = READ_ONLY.has(method);
  return {
    title: block.data.label?.trim() || block.id,
    readOnlyHint: readOnly,
    // Spec defaults: destructiveHint true, idempotentHint false; said explicitly for every method.
    destructiveHint: !readOnly && method === 'DELETE',
    idempotentHint: IDEMPOTENT.has(method),
    openWorldHint: true,
  };
}

/** Parses the blocks and builds their tools; two blocks whose names collide are refused. */
export function buildCatalogue(blocks: readonly unknown[]): Map<string, McpTool> {
  const tools = new Map<string, McpTool>();
  blocks.forEach((raw, index) => {
    const block: Block = parseBlock(raw);
    if (block.action_type !== 'http_request') {
      throw new RelaisError('invalid_block', `Block "${block.id}" is a ${block.action_type} action; only custom API actions (http_request) are served as MCP tools.`, {
        fr: `Le bloc "${block.id}" est une action ${block.action_type} ; seules les actions d'API personnalisées (http_request) sont servies comme outils MCP.`,
        issues: [{ path: `blocks[${index}].data.parameters.action_type`, message: 'must be http_request', fr: 'doit être http_request' }],
      });
    }
    const tool = blockTool(block);
    const clash = tools.get(tool.name);
    if (clash) {
      throw new RelaisError('invalid_block', `Blocks "${clash.block.id}" and "${block.id}" would both be the MCP tool "${tool.name}"; give one of them another id.`, {
        fr: `Les blocs "${clash.block.id}" et "${block.id}" seraient tous deux l'outil MCP "${tool.name}" ; donnez un autre id à l'un d'eux.`,
        issues: [{ path: `blocks[${index}].id`, message: `tool name "${tool.name}" is taken`, fr: `le nom d'outil "${tool.name}" est déjà pris` }],
      });
    }
    tools.set(tool.name, { block, definition: { ...tool, inputSchema: { ...tool.inputSchema }, annotations: annotations(block) } });
  });
  return tools;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Arguments the tool does not declare are refused (its schema says additionalProperties: false). */
function checkArgumentNames(tool: McpTool, args: Record<string, unknown>): void {
  const declared = tool.definition.inputSchema.properties ?? {};
  const unknown = Object.keys(args).filter((name) => !Object.hasOwn(declared, name));
  if (unknown.length === 0) return;
  const known = Object.keys(declared);
  throw new RelaisError('invalid_variable', `Unknown argument${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; this tool takes ${known.length ? known.join(', ') : 'no arguments'}.`, {
    fr: `Argument${unknown.length > 1 ? 's' : ''} inconnu${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} ; cet outil prend ${known.length ? known.join(', ') : 'aucun argument'}.`,
    issues: unknown.map((name) => ({ path: `arguments.${name}`, message: 'not a variable of this action', fr: "n'est pas une variable de cette action" })),
  });
}

export function successResult(result: ActionResult): CallToolResult {
  const data = result.data;
  const text = typeof data === 'string' ? data : JSON.stringify(data ?? null);
  return { content: [{ type: 'text', text }], structuredContent: isObject(data) ? data : { result: data ?? null } };
}

export function failureResult(error: unknown): CallToolResult {
  const relais = isRelaisError(error) ? error : new RelaisError('invalid_block', 'The action failed unexpectedly.', { fr: "L'action a échoué de façon inattendue." });
  const { code, status, message, fallback, issues } = relais.toJSON();
  return {
    isError: true,
    content: [{ type: 'text', text: `${message}\nFallback line for the customer: ${fallback}` }],
    structuredContent: { error: { code, ...(status === undefined ? {} : { status }), message, fallback, issues } },
  };
}

/** Runs the tool's block with the arguments as its variables; never rejects. */
export async function callTool(tool: McpTool, args: unknown, runtime: Runtime): Promise<CallToolResult> {
  try {
    const variables = args === undefined ? {} : args;
    if (!isObject(variables)) throw new RelaisError('invalid_variable', 'The arguments must be an object of variable names and values.', {
        fr: 'Les arguments doivent être un objet de noms de variables et de valeurs.',
      });
    checkArgumentNames(tool, variables);
    return successResult(await executeBlock(tool.block, { variables }, runtime));
  } catch (error) {
    return failureResult(error);
  }
}
