// A writer with its own sqlite connection, for the concurrency test, run either as a worker thread or as
// a child process (separate processes contend through the operating system's file locks). It loads the
// store's TypeScript source (transpiled on the fly; neither goes through ts-jest), waits for the start
// signal so every writer writes at the same moment, runs its upserts and tags, and reports what
// happened and how long its writes took.
const { readFileSync } = require('node:fs');
const threads = require('node:worker_threads');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }, fileName: filename });
  module._compile(outputText, filename);
};

const noHttp = { request: () => Promise.reject(new Error('no network')), close: async () => undefined };

/** Thread: workerData + a shared start flag. Process: the same data in the first message, then "go". */
function channel() {
  if (!threads.isMainThread) {
    const start = new Int32Array(threads.workerData.start);
    return {
      data: Promise.resolve(threads.workerData),
      ready: () => Atomics.add(start, 1, 1),
      go: async () => void Atomics.wait(start, 0, 0),
      report: (message) => threads.parentPort.postMessage(message),
    };
  }
  const messages = [];
  const waiters = [];
  process.on('message', (m) => (waiters.length ? waiters.shift()(m) : messages.push(m)));
  const next = () => (messages.length ? Promise.resolve(messages.shift()) : new Promise((r) => waiters.push(r)));
  return {
    data: next(),
    ready: () => process.send('ready'),
    go: () => next(),
    report: (message) => process.send(message, () => process.disconnect()),
  };
}

async function main(io) {
  const data = await io.data;
  const { openStore } = require(data.openModule);
  const store = await openStore({ backend: 'sqlite', path: data.path, busy_timeout_ms: 30000 }, noHttp);
  io.ready();
  await io.go();
  const started = performance.now();
  const results = await Promise.all(
    data.jobs.map(async (job) => {
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
  io.report({ results, ms });
}

const io = channel();
main(io).catch((error) => io.report({ results: [{ error: `writer: ${error.code ?? ''} ${error.message}` }], ms: 0 }));
