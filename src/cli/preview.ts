// `relais preview <block.json>`: the rendered, validated, redacted request a block would send.
import { previewBlock } from '../actions';
import { BLOCK_OPTIONS_HELP, createBlockCommand, type BlockCommandIO } from './block-command';
import type { CliCommand } from './command';

const HELP = `relais preview — show what a block would do, without doing it: for an http_request block the
method, final URL, headers and body, rendered with the context's variables, validated (HTTPS, private
addresses, JSON, required variables) and with secrets redacted. Nothing is sent.

Usage: relais preview <block.json> [options]

${BLOCK_OPTIONS_HELP}

Prints the preview as JSON on stdout (exit 0), or {"error": {code, message, fallback, issues}} on
stderr (exit 1).

Example:
  relais preview order-lookup.json --context ctx.json --credentials creds.json`;

export function createPreviewCommand(io?: BlockCommandIO): CliCommand {
  return createBlockCommand('preview', 'Show the rendered, redacted request of a block (sends nothing)', HELP, previewBlock, io);
}
