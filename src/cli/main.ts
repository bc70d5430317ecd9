#!/usr/bin/env node
// The `relais` command: one file per subcommand, registered in COMMANDS.
import type { CliCommand } from './command';
import { createEmulatorCommand } from './emulator';
import { createImportCommand } from './import';
import { createMcpCommand } from './mcp';
import { createPreviewCommand } from './preview';
import { createReplyCommand } from './reply';
import { createRunCommand } from './run';

const COMMANDS: Record<string, () => CliCommand> = {
  emulator: () => createEmulatorCommand(),
  import: () => createImportCommand(),
  mcp: () => createMcpCommand(),
  preview: () => createPreviewCommand(),
  run: () => createRunCommand(),
  reply: () => createReplyCommand(),
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, load]) => `  relais ${name.padEnd(10)} ${load().summary}`);
  return ['Relais — the action layer of an AI agent platform for n8n and Node-RED.', '', 'Usage:', ...lines, '', 'relais <command> --help shows the options of a command.'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`relais: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  return load().run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`relais: ${message}\n`);
    process.exitCode = 1;
  },
);
