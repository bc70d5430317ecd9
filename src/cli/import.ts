// `relais import openapi <file|url> …` and `relais import curl '<command>'`: print the imported blocks
// (with their credential stubs and warnings) as JSON, or, with --format n8n|node-red, a workflow / flow
// a host imports as it is. --out DIR writes one file per block, credentials.json (the runtime's
// `credentials` map, usable with `relais run --credentials`) and the host file instead.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nodeRedFlow, n8nWorkflow } from '../import/host-formats';
import { importCurl } from '../import/curl';
import { importOpenApi } from '../import/openapi';
import { createRuntime } from '../runtime';
import type { ImportedBlock, ImportedCredential } from '../import/types';
import { printError, printUsage, type BlockCommandIO } from './block-command';
import type { CliCommand } from './command';

const HELP = `relais import openapi <file|url> [options]   every operation of an OpenAPI 3.0/3.1 or Swagger 2.0 description (JSON or YAML)
relais import curl '<curl command>' [options]  one action from a cURL command (secrets go into the credential)

Options:
  --operation <id>          Import only this operation id (repeatable; openapi only)
  --server-url <url>        Use this server URL instead of the description's (openapi only)
  --format blocks|n8n|node-red
                            blocks (default): {"blocks", "credentials", "warnings"} as JSON;
                            n8n: a workflow (chat trigger, AI Agent, one Relais HTTP Tool per action);
                            node-red: a flow (one relais-http-request per action behind a link in)
  --name <text>             Name of the workflow / flow tab (default: the description's title)
  --out <dir>               Write <id>.json per block, credentials.json and workflow.json / flow.json there
  --allow-host <host[:port]> Let a description URL on this private host through the guard (repeatable)
  --allow-http              Accept an http:// description URL
  -h, --help                Show this help`;

const FORMATS = ['blocks', 'n8n', 'node-red'] as const;
const processIO: BlockCommandIO = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** A file name from a block id ("repos/get" → "repos_get.json"). */
const fileName = (id: string) => `${id.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^\.+/, '_')}.json`;

function credentialsMap(credentials: ImportedCredential[]): Record<string, unknown> {
  return Object.fromEntries(credentials.map((c) => [c.name, c.credential]));
}

export function createImportCommand(io: BlockCommandIO = processIO): CliCommand {
  return {
    summary: 'Import actions from an OpenAPI description or a cURL command',
    async run(args) {
      let parsed;
      try {
        parsed = parseArgs({
          args,
          allowPositionals: true,
          options: {
            operation: { type: 'string', multiple: true },
            'server-url': { type: 'string' },
            format: { type: 'string', default: 'blocks' },
            name: { type: 'string' },
            out: { type: 'string' },
            'allow-host': { type: 'string', multiple: true },
            'allow-http': { type: 'boolean' },
            help: { type: 'boolean', short: 'h' },
          },
        });
      } catch (error) {
        return printUsage('import', (error as Error).message, io);
      }
      const { values, positionals } = parsed;
      if (values.help) {
        io.stdout(`${HELP}\n`);
        return 0;
      }
      const [kind, source, ...extra] = positionals;
      const format = values.format as (typeof FORMATS)[number];
      const usage = (message: string) => printUsage('import', message, io);
      if (kind !== 'openapi' && kind !== 'curl') return usage('say what to import: relais import openapi <file|url> or relais import curl \'<command>\'');
      if (source === undefined || extra.length > 0) return usage(kind === 'openapi' ? 'give one description: a file or an https:// URL' : 'give the cURL command as one quoted argument');
      if (!(FORMATS as readonly string[]).includes(format)) return usage(`--format is one of ${FORMATS.join(', ')}`);
      const runtime = createRuntime({ network: { allowed_hosts: values['allow-host'] ?? [] } });
      try {
        let blocks: ImportedBlock[];
        let credentials: ImportedCredential[];
        let warnings: string[];
        let name = values.name;
        if (kind === 'openapi') {
          const result = await importOpenApi(source, { runtime, operations: values.operation, server_url: values['server-url'], allow_http: values['allow-http'] });
          ({ blocks, credentials, warnings } = result);
          name ??= 'Imported API actions';
        } else {
          const result = importCurl(source);
          blocks = [result.block];
          credentials = result.credential ? [result.credential] : [];
          warnings = result.warnings;
          name ??= result.block.data.label;
        }
        const output = format === 'n8n' ? n8nWorkflow(name, blocks, credentials) : format === 'node-red' ? nodeRedFlow(name, blocks, credentials) : { blocks, credentials, warnings };
        for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
        if (values.out === undefined) {
          io.stdout(`${JSON.stringify(output, null, 2)}\n`);
          return 0;
        }
        await mkdir(values.out, { recursive: true });
        for (const block of blocks) await writeFile(join(values.out, fileName(block.id)), `${JSON.stringify(block, null, 2)}\n`);
        await writeFile(join(values.out, 'credentials.json'), `${JSON.stringify(credentialsMap(credentials), null, 2)}\n`);
        if (format !== 'blocks') await writeFile(join(values.out, format === 'n8n' ? 'workflow.json' : 'flow.json'), `${JSON.stringify(output, null, 2)}\n`);
        io.stdout(`${blocks.length} action${blocks.length === 1 ? '' : 's'} written to ${values.out} (fill the secrets in credentials.json)\n`);
        return 0;
      } catch (error) {
        return printError(error, io);
      } finally {
        await runtime.close();
      }
    },
  };
}
