// `relais run <block.json>`: executes a block and prints its filtered result.
import { executeBlock } from '../actions';
import { BLOCK_OPTIONS_HELP, createBlockCommand, type BlockCommandIO } from './block-command';
import type { CliCommand } from './command';

const HELP = `relais run — execute an action block (block JSON) and print its result: {"ok": true, "data", "meta"}
with the response filtered as the block's "filter" says and the request redacted in meta.

Usage: relais run <block.json> [options]

${BLOCK_OPTIONS_HELP}

On failure prints {"error": {code, status, message, fallback, issues, body}} on stderr and exits 1
(e.g. http_404 with the fallback line for the customer).

Example:
  relais run order-lookup.json --context ctx.json --credentials creds.json`;

export function createRunCommand(io?: BlockCommandIO): CliCommand {
  return createBlockCommand('run', 'Execute a block and print its filtered result', HELP, executeBlock, io);
}
