// A block seen as a tool a model can call: the one definition shared by ai_reply's agent loop and the
// MCP server (ARCHITECTURE.md, "AI provider and tools" / "Import and MCP"). The name is the block id
// with every character outside [A-Za-z0-9_-] replaced by `_`, at most 64 characters (what OpenAI,
// Anthropic and MCP clients accept); the description is the block's description, else its label; the
// parameters are the JSON Schema of its declared variables (optional variables stay optional).
import type { Block } from '../blocks';
import { variablesJsonSchema, type JsonSchemaObject } from '../variables/json-schema';

export interface BlockTool {
  name: string;
  description: string;
  inputSchema: JsonSchemaObject;
}

const MAX_TOOL_NAME = 64;

export function blockToolName(id: string): string {
  const name = id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_TOOL_NAME);
  return name === '' ? 'relais_action' : name;
}

export function blockTool(block: Block): BlockTool {
  const variables = block.action_type === 'http_request' ? block.data.parameters.variables : [];
  const description = block.data.description?.trim() || block.data.label?.trim() || block.id;
  return { name: blockToolName(block.id), description, inputSchema: variablesJsonSchema(variables) };
}
