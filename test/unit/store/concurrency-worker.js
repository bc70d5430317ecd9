// A worker thread with its own sqlite connection, for the concurrency test: it loads the store's
// TypeScript source (transpiled on the fly; worker threads do not go through ts-jest), waits for the
// shared start signal so every worker writes at the same moment, runs its upserts and tags, and
// reports what happened.
const { readFileSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }, fileName: filename });
  module._compile(outputText, filename);
};

const { openStore } = require(workerData.openModule);
const noHttp = { request: () => Promise.reject(new Error('no network')), close: async () => undefined };

async function main() {
  const store = await openStore({ backend: 'sqlite', path: workerData.path, busy_timeout_ms: 30000 }, noHttp);
  const start = new Int32Array(workerData.start);
  Atomics.add(start, 1, 1);
  Atomics.wait(start, 0, 0);
  const started = performance.now();
  const results = await Promise.all(
    workerData.jobs.map(async (job) => {
      try {
        const { contact, created } = await store.upsertContact({ email: job.email, phone: job.phone, first_name: job.first_name });
        await store.tagContact(contact.id, job.tag);
        return { id: contact.id, created };
      } catch (error) {
        return { error: `${error.code}: ${error.message}` };
      }
    }),
  );
  const ms = performance.now() - started;
  await store.close();
  parentPort.postMessage({ results, ms });
}

main().catch((error) => parentPort.postMessage({ results: [{ error: `worker: ${error.code ?? ''} ${error.message}` }], ms: 0 }));
