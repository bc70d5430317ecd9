// What `relais preview` and `relais run` share: reading the block, the context and the credentials
// from files, building the runtime from flags, and printing a result or a RelaisError as JSON.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Context } from '../context';
import type { Credential } from '../credentials';
import { isRelaisError, RelaisError } from '../errors';
import { createRuntime, type AiOptions, type Runtime } from '../runtime';
import { contextFromInput } from '../variables/context';
import type { CliCommand } from './command';

export interface BlockCommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIO: BlockCommandIO = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

export const BLOCK_OPTIONS_HELP = `Options:
  --context <file>           JSON call context: {"variables": {…}, "contact": {…}, "agent": {…},
                             "direction": "inbound", "medium": "phone"} (a "payload" object is used as
                             the variables when "variables" is absent)
  --credentials <file>       JSON credentials by name: {"crm": {"type": "bearer", "token": "…"}}
                             (types bearer, basic, header, body); blocks name one in "credential"
  --ai <file>                JSON AI provider for ai_reply blocks: {"provider": "openai" | "anthropic" |
                             "openai_compatible", "base_url", "api_key", "model", "timeout_ms"}
                             (default: RELAIS_AI_PROVIDER, RELAIS_AI_BASE_URL, RELAIS_AI_API_KEY, RELAIS_AI_MODEL)
  --allow-host <host[:port]> Let this host through the private-network guard (repeatable)
  --allow-private-network    Allow private and loopback addresses for every block
  -h, --help                 Show this help`;

interface Loaded {
  block: unknown;
  context: Context;
  runtime: Runtime;
}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${what} file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // JSON.parse quotes the text, which may hold secrets (credentials files): say where, not what.
    throw new UsageError(`the ${what} file ${path} is not valid JSON`);
  }
}

class UsageError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

async function load(args: string[]): Promise<Loaded | 'help'> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        context: { type: 'string' },
        credentials: { type: 'string' },
        ai: { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        'allow-private-network': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the block file: <block.json>' : `one block file only (got ${positionals.length})`);
  const block = await readJson(positionals[0], 'block');
  const input = values.context === undefined ? {} : await readJson(values.context, 'context');
  if (!isObject(input)) throw new UsageError('the context file must hold a JSON object');
  const credentials = values.credentials === undefined ? {} : await readJson(values.credentials, 'credentials');
  if (!isObject(credentials)) throw new UsageError('the credentials file must hold a JSON object of credentials by name');
  const ai = values.ai === undefined ? aiFromEnvironment() : await readJson(values.ai, 'AI provider');
  if (ai !== undefined && !isObject(ai)) throw new UsageError('the AI provider file must hold a JSON object: {"base_url", "api_key", "model"}');
  const runtime = createRuntime({
    credentials: credentials as Record<string, Credential>,
    ...(ai ? { ai: ai as unknown as AiOptions } : {}),
    network: { allowed_hosts: values['allow-host'] ?? [], allow_private_network: values['allow-private-network'] ?? false },
  });
  return { block, context: contextFromInput(input), runtime };
}

/** The AI provider from RELAIS_AI_* environment variables, when any is set. */
function aiFromEnvironment(): Record<string, unknown> | undefined {
  const env = process.env;
  if (!env.RELAIS_AI_BASE_URL && !env.RELAIS_AI_PROVIDER) return undefined;
  return { provider: env.RELAIS_AI_PROVIDER, base_url: env.RELAIS_AI_BASE_URL ?? '', api_key: env.RELAIS_AI_API_KEY, model: env.RELAIS_AI_MODEL };
}

/** A command that loads a block and prints what `action` returns, as JSON. */
export function createBlockCommand(
  name: string,
  summary: string,
  help: string,
  action: (block: unknown, context: Context, runtime: Runtime) => Promise<unknown>,
  io: BlockCommandIO = processIO,
): CliCommand {
  return {
    summary,
    async run(args) {
      let loaded: Loaded | 'help';
      try {
        loaded = await load(args);
      } catch (error) {
        if (isRelaisError(error)) return printError(error, io);
        return printUsage(name, (error as Error).message, io);
      }
      if (loaded === 'help') {
        io.stdout(`${help}\n`);
        return 0;
      }
      try {
        io.stdout(`${JSON.stringify(await action(loaded.block, loaded.context, loaded.runtime), null, 2)}\n`);
        return 0;
      } catch (error) {
        return printError(error, io);
      } finally {
        await loaded.runtime.close();
      }
    },
  };
}

/** The error as JSON on stderr (code, status, message, fallback, issues, redacted body); exit 1.
 * Anything but a RelaisError is reported as an unexpected failure. */
export function printError(error: unknown, io: BlockCommandIO): number {
  const relais = isRelaisError(error) ? error : new RelaisError('invalid_block', `Unexpected failure: ${(error as Error).message}`, { fr: `Échec inattendu : ${(error as Error).message}` });
  io.stderr(`${JSON.stringify({ error: relais.toJSON() }, null, 2)}\n`);
  return 1;
}

/** A usage problem on stderr with the pointer to --help; exit 2. */
export function printUsage(command: string, message: string, io: BlockCommandIO): number {
  io.stderr(`relais ${command}: ${message}\n\nrelais ${command} --help lists the options.\n`);
  return 2;
}
