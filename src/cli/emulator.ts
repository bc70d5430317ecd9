// `relais emulator`: the local agent platform (src/emulator) on a port, logging every exchange, until
// SIGINT/SIGTERM. Defaults are for local demos; secrets may come from the environment instead of
// flags (flags show in `ps`).
import { parseArgs } from 'node:util';
import { isRelaisError } from '../errors';
import { startEmulator, type EmulatorOptions } from '../emulator';
import { formatExchange } from '../emulator/format';
import type { CliCommand } from './command';
import { PROCESS_SERVICE_IO, waitForStop, type ServiceIO } from './service-io';

export const EMULATOR_DEFAULTS = { host: '127.0.0.1', port: 3999, bot_id: 'demo-bot', api_key: 'demo-key', session_timeout: '2h', webhook_timeout: '10s' } as const;

const HELP = `relais emulator — a local agent platform (Zendesk "AI agents – Advanced" chat API) for
development, demos and tests. It serves POST /converse/chat, runs a small scripted agent (welcome
buttons, a product carousel, an order lookup via the "lookup_order" action trigger, isTeamOnline then
escalate when the visitor asks for a human; English and French) and posts its events to your webhooks.

Usage: relais emulator [options]

Options:
  --host <host>              Address to listen on (default ${EMULATOR_DEFAULTS.host})
  --port <port>              Port; 0 picks a free one (default ${EMULATOR_DEFAULTS.port})
  --bot-id <id>              Bot id callers must send in the botid header (default ${EMULATOR_DEFAULTS.bot_id})
  --api-key <key>            Key callers must send in Authorization, verbatim (default ${EMULATOR_DEFAULTS.api_key};
                             or RELAIS_EMULATOR_API_KEY)
  --chat-webhook <url>       Where sendMessage, escalate and isTeamOnline are posted (none: logged only)
  --actions-webhook <url>    Where action triggers are posted (none: actions get no results)
  --session-timeout <time>   Idle time before a session expires: 90s, 30m, 2h or milliseconds (default ${EMULATOR_DEFAULTS.session_timeout})
  --webhook-timeout <time>   Deadline of each webhook call (default ${EMULATOR_DEFAULTS.webhook_timeout})
  --signing-secret <secret>  Sign webhook bodies with HMAC-SHA256 (x-relais-timestamp, x-relais-signature;
                             or RELAIS_EMULATOR_SIGNING_SECRET)
  --webhook-secret <secret>  Send this shared secret in x-relais-secret (or RELAIS_EMULATOR_WEBHOOK_SECRET)
  --quiet                    Do not log exchanges
  -h, --help                 Show this help

Example:
  relais emulator --chat-webhook http://127.0.0.1:1880/agent/chat --actions-webhook http://127.0.0.1:1880/agent/actions
  curl -X POST http://127.0.0.1:3999/converse/chat -H 'Authorization: demo-key' -H 'botid: demo-bot' \\
       -H 'content-type: application/json' -d '{"platformConversationId":"demo-1","eventType":"startSession"}'
`;

/** "90s", "30m", "2h", "500ms" or a number of milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  const factors: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const factor = factors[match?.[2] ?? 'ms'] ?? NaN;
  const value = match ? Number(match[1]) * factor : NaN;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} must be a duration such as 90s, 30m or 2h (got "${text}")`);
  return Math.round(value);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port must be a number from 0 to 65535 (got "${text}")`);
  return port;
}

export type EmulatorCommandIO = ServiceIO;

const processIO: EmulatorCommandIO = PROCESS_SERVICE_IO;

/** Builds the options from flags; throws an Error whose message says which flag is wrong. */
export function emulatorOptionsFromArgs(args: string[], env: Record<string, string | undefined> = {}): (EmulatorOptions & { quiet: boolean }) | 'help' {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'bot-id': { type: 'string' },
      'api-key': { type: 'string' },
      'chat-webhook': { type: 'string' },
      'actions-webhook': { type: 'string' },
      'session-timeout': { type: 'string' },
      'webhook-timeout': { type: 'string' },
      'signing-secret': { type: 'string' },
      'webhook-secret': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  return {
    host: values.host ?? EMULATOR_DEFAULTS.host,
    port: parsePort(values.port ?? String(EMULATOR_DEFAULTS.port)),
    bot_id: values['bot-id'] ?? EMULATOR_DEFAULTS.bot_id,
    api_key: values['api-key'] ?? env.RELAIS_EMULATOR_API_KEY ?? EMULATOR_DEFAULTS.api_key,
    chat_webhook_url: values['chat-webhook'],
    actions_webhook_url: values['actions-webhook'],
    session_timeout_ms: parseDuration(values['session-timeout'] ?? EMULATOR_DEFAULTS.session_timeout, '--session-timeout'),
    webhook_timeout_ms: parseDuration(values['webhook-timeout'] ?? EMULATOR_DEFAULTS.webhook_timeout, '--webhook-timeout'),
    signing_secret: values['signing-secret'] ?? env.RELAIS_EMULATOR_SIGNING_SECRET,
    webhook_secret: values['webhook-secret'] ?? env.RELAIS_EMULATOR_WEBHOOK_SECRET,
    quiet: values.quiet ?? false,
  };
}

export function createEmulatorCommand(io: EmulatorCommandIO = processIO): CliCommand {
  return {
    summary: 'Run a local agent platform (chat API + scripted agent) for development and demos',
    async run(args) {
      let options: ReturnType<typeof emulatorOptionsFromArgs>;
      try {
        options = emulatorOptionsFromArgs(args, io.env);
      } catch (error) {
        io.stderr(`relais emulator: ${error instanceof Error ? error.message : String(error)}\n\nrelais emulator --help lists the options.\n`);
        return 2;
      }
      if (options === 'help') {
        io.stdout(HELP);
        return 0;
      }
      const { quiet, ...emulatorOptions } = options;
      let emulator;
      try {
        emulator = await startEmulator({ ...emulatorOptions, log: quiet ? undefined : (entry) => io.stdout(`${formatExchange(entry)}\n`) });
      } catch (error) {
        const code = (error as { code?: string }).code;
        const message = code === 'EADDRINUSE' ? `port ${options.port} is in use; pick another with --port (0 = any free port)` : isRelaisError(error) || error instanceof Error ? error.message : String(error);
        io.stderr(`relais emulator: ${message}\n`);
        return 1;
      }
      io.stdout(
        [
          `Relais emulator listening on ${emulator.url} (bot id ${options.bot_id})`,
          `  chat API:         POST ${emulator.url}/converse/chat with headers Authorization (the API key) and botid`,
          `  chat webhook:     ${options.chat_webhook_url ?? 'none (events are logged only)'}`,
          `  actions webhook:  ${options.actions_webhook_url ?? 'none (actions get no results)'}`,
          `  sessions expire after ${Math.round(options.session_timeout_ms as number / 1000)} s idle${options.signing_secret ? '; webhooks are signed' : ''}${options.webhook_secret ? '; x-relais-secret is sent' : ''}`,
          'Press Ctrl+C to stop.',
          '',
        ].join('\n'),
      );
      await waitForStop(io.signals);
      io.stdout('Stopping the emulator…\n');
      await emulator.close();
      return 0;
    },
  };
}
