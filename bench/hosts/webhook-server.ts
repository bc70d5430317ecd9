// The core webhook handler alone (createAgentWebhook on a node:http server), answering action
// triggers at once, dedupe on, checking the shared secret — and the HMAC signature too when started
// with the argument `hmac`. Run as its own process by the webhook benchmark (forked with this file's
// path); prints {"port": N} on its first line and exits when its stdin closes.
import { createServer } from 'node:http';
import { createAgentWebhook } from '../../src/conversation';
import { actionAnswer, WEBHOOK_BOT_ID, WEBHOOK_HMAC_SECRET, WEBHOOK_SECRET } from './webhook-events';

/** This file, compiled: what the benchmark forks. */
export const WEBHOOK_SERVER_SCRIPT = __filename;

function main(): void {
  const hmac = process.argv[2] === 'hmac';
  const handler = createAgentWebhook({
    bot_id: WEBHOOK_BOT_ID,
    secret: WEBHOOK_SECRET,
    hmac_secret: hmac ? WEBHOOK_HMAC_SECRET : undefined,
    answer_timeout_ms: 8000,
    dedupe_window_ms: 60_000,
    onEvent: (event) => (event.type === 'action' ? actionAnswer(event.variables.order_number ?? '') : undefined),
  });
  const server = createServer((req, res) => void handler(req, res));
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
  });
  process.stdin.resume();
  process.stdin.on('end', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

if (require.main === module) main();
