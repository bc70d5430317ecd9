// `relais reply <block.json> --tools <file|dir>`: runs an ai_reply block with tools — the blocks of a
// file (one block or a list) or of every *.json file of a folder — and prints the reply, with each tool
// call the model made.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { executeBlock } from '../actions';
import { RelaisError } from '../errors';
import { BLOCK_OPTIONS_HELP, createBlockCommand, type BlockCommandIO } from './block-command';
import type { CliCommand } from './command';

const HELP = `relais reply — run an AI reply block (action_type ai_reply) whose model may call tools, and print
{"ok": true, "data": {"text", "tool_calls": [{name, arguments, ok, data | error}], "usage"}, "meta"}.

Usage: relais reply <block.json> [--tools <file|dir>] [options]

  --tools <file|dir>         Blocks the model may call: a JSON file holding one block or a list of
                             blocks, or a folder whose *.json files each hold one (added to the
                             block's own "tools")
${BLOCK_OPTIONS_HELP}

Example:
  RELAIS_AI_BASE_URL=https://api.openai.com/v1 RELAIS_AI_API_KEY=sk-… RELAIS_AI_MODEL=gpt-5-mini \\
    relais reply reply.json --tools order-lookup.json --context ctx.json --credentials creds.json`;

function usage(message: string, fr: string): RelaisError {
  return new RelaisError('invalid_block', message, { fr, issues: [{ path: '--tools', message, fr }] });
}

async function jsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usage(`the tools file ${path} ${code ? `cannot be read (${code})` : 'is not valid JSON'}`, `le fichier d'outils ${path} ${code ? `ne peut pas être lu (${code})` : "n'est pas du JSON valide"}`);
  }
}

/** The blocks of a file or folder. */
export async function readTools(path: string): Promise<unknown[]> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch {
    throw usage(`the tools path ${path} does not exist`, `le chemin d'outils ${path} n'existe pas`);
  }
  const files = isFolder ? (await readdir(path)).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f)) : [path];
  const blocks: unknown[] = [];
  for (const file of files) {
    const value = await jsonFile(file);
    blocks.push(...(Array.isArray(value) ? value : [value]));
  }
  if (blocks.length === 0) throw usage(`no tool blocks in ${path}`, `aucun bloc d'outil dans ${path}`);
  return blocks;
}

function withTools(block: unknown, tools: unknown[]): unknown {
  const record = block as { data?: { parameters?: Record<string, unknown> } };
  const parameters = record?.data?.parameters;
  if (!parameters || typeof parameters !== 'object') return block;
  const own = typeof parameters.tools === 'string' && parameters.tools.trim() !== '' ? (JSON.parse(parameters.tools) as unknown[]) : Array.isArray(parameters.tools) ? parameters.tools : [];
  return { ...record, data: { ...record.data, parameters: { ...parameters, tools: [...own, ...tools] } } };
}

export function createReplyCommand(io?: BlockCommandIO): CliCommand {
  return {
    summary: 'Run an AI reply block whose model may call tools (blocks)',
    async run(args) {
      const at = args.indexOf('--tools');
      const rest = at === -1 ? args : [...args.slice(0, at), ...args.slice(at + 2)];
      const toolsPath = at === -1 ? undefined : args[at + 1];
      const command = createBlockCommand(
        'reply',
        'Run an AI reply block whose model may call tools (blocks)',
        HELP,
        async (block, context, runtime) => {
          if (at !== -1 && (toolsPath === undefined || toolsPath.startsWith('--'))) throw usage('--tools needs a file or folder', '--tools demande un fichier ou un dossier');
          const tools = toolsPath === undefined ? [] : await readTools(toolsPath);
          return executeBlock(withTools(block, tools), context, runtime);
        },
        io,
      );
      return command.run(rest);
    },
  };
}
