// The memory bound of the webhook pipeline, measured in a process of its own (the heap limit given by
// the parent must not be the test runner's): loads the processor's TypeScript source (transpiled on
// the fly, as test/unit/store/concurrency-worker.js does), sends `count` distinct deliveries of
// `bytes` each through it with no secret (the worst case: nothing refuses them early), and prints the
// heap in use after a full GC before and after, as JSON on stdout.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }, fileName: filename });
  module._compile(outputText, filename);
};

const { createAgentEventProcessor } = require(join(__dirname, '../../../src/conversation/processor.ts'));

async function main() {
  const [count, bytes] = process.argv.slice(2).map(Number);
  const processor = createAgentEventProcessor({ bot_id: 'bot-mem', onEvent: () => undefined });
  const filler = 'x'.repeat(bytes - 200);
  global.gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i += 1) {
    // A fresh string each time (a distinct body, as distinct deliveries are), not a shared slice.
    const raw = Buffer.from(JSON.stringify({ botId: 'bot-mem', data: { eventType: 'sendMessage', platformConversationId: `c-${i % 50}`, text: `${i} ${filler}` } }));
    const reply = await processor.receive({ headers: {}, raw_body: raw });
    if (reply.outcome !== 'processed') throw new Error(`delivery ${i}: ${reply.outcome}`);
  }
  // Let the ordering queue's last tasks settle before measuring.
  await new Promise((resolve) => setImmediate(resolve));
  global.gc();
  const after = process.memoryUsage().heapUsed;
  process.stdout.write(JSON.stringify({ before, after, delta: after - before, ledger_bytes: processor.ledgerBytes(), stats: processor.stats() }));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
