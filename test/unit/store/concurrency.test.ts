// 200 upserts of 50 contacts at once (same emails, different phones), each followed by a tag: exactly 50
// contacts must exist afterwards, each with all four of its tags. On sqlite the writers are 8 worker
// threads, each with its own connection to the same file, and then 4 separate processes (contending
// through the operating system's file locks); on postgres, 4 pools of 10 connections to a real server.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HttpClient } from '../../../src/http/types';
import { openStore } from '../../../src/store/open';
import type { ContactStore } from '../../../src/store/types';
import { describeWhen, findPostgresBin } from '../../support/prerequisites';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../support/postgres';

jest.setTimeout(90_000);
const noHttp: HttpClient = { request: () => Promise.reject(new Error('no network')), close: async () => undefined };

interface Job {
  email: string;
  phone: string;
  first_name: string;
  tag: string;
}
type Outcome = { id: string; created: boolean } | { error: string };

const CONTACTS = 50;
const UPSERTS = 200;
const jobs: Job[] = Array.from({ length: UPSERTS }, (_, i) => ({
  email: `${i % 2 ? 'Client' : 'client'}${i % CONTACTS}@Example.com`,
  phone: `+336${String(10_000_000 + i).slice(-8)}`,
  first_name: `Run ${i}`,
  tag: `t${i}`,
}));

async function expectOneContactPerEmail(store: ContactStore, outcomes: Outcome[]): Promise<void> {
  const errors = outcomes.filter((o): o is { error: string } => 'error' in o);
  expect(errors).toEqual([]);
  expect(outcomes.filter((o) => 'created' in o && o.created)).toHaveLength(CONTACTS);
  const contacts = await store.findContacts({ limit: 1000 });
  expect(contacts).toHaveLength(CONTACTS);
  expect(new Set(contacts.map((c) => c.email!.toLowerCase())).size).toBe(CONTACTS);
  for (const contact of contacts) {
    const k = Number(/client(\d+)@/i.exec(contact.email!)![1]);
    const expected = jobs.map((job, i) => ({ job, i })).filter(({ i }) => i % CONTACTS === k).map(({ job }) => job.tag).sort();
    expect(contact.tags).toEqual(expected);
    // Every upsert of this email went to this one contact.
    expect(new Set(outcomes.filter((_, i) => i % CONTACTS === k).map((o) => (o as { id: string }).id))).toEqual(new Set([contact.id]));
  }
}

describe('sqlite under concurrent writers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relais-sqlite-race-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const WORKER = join(__dirname, 'concurrency-worker.js');
  const OPEN_MODULE = join(__dirname, '../../../src/store/open.ts');
  const slices = (writers: number) => Array.from({ length: writers }, (_, w) => jobs.map((job, i) => ({ job, i })).filter(({ i }) => i % writers === w));

  interface WriterReport {
    ms: number;
    outcomes: Array<{ i: number; outcome: Outcome }>;
  }

  async function check(path: string, finished: WriterReport[], label: string): Promise<void> {
    const outcomes: Outcome[] = [];
    for (const { i, outcome } of finished.flatMap((f) => f.outcomes)) outcomes[i] = outcome;
    const store = await openStore({ backend: 'sqlite', path }, noHttp);
    try {
      await expectOneContactPerEmail(store, outcomes);
    } finally {
      await store.close();
    }
    // The slowest writer's time from the common start signal to its last write.
    process.stdout.write(`sqlite: ${UPSERTS} upserts + ${UPSERTS} tags from ${label} in ${Math.round(Math.max(...finished.map((f) => f.ms)))} ms\n`);
  }

  it('8 worker threads × 25 upserts+tags on one new file leave exactly 50 contacts with all their tags', async () => {
    const path = join(dir, 'threads.db');
    const start = new SharedArrayBuffer(8);
    const flags = new Int32Array(start);
    const mine = slices(8);
    const runs = mine.map(
      (slice) =>
        new Promise<WriterReport>((resolve, reject) => {
          const worker = new Worker(WORKER, { workerData: { path, start, openModule: OPEN_MODULE, jobs: slice.map(({ job }) => job) } });
          worker.once('message', ({ results, ms }: { results: Outcome[]; ms: number }) => resolve({ ms, outcomes: slice.map(({ i }, n) => ({ i, outcome: results[n] ?? results[0] })) }));
          worker.once('error', reject);
        }),
    );
    // Release all workers at once, when every one has opened its connection.
    while (Atomics.load(flags, 1) < mine.length) await new Promise((r) => setTimeout(r, 5));
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
    await check(path, await Promise.all(runs), '8 worker threads');
  });

  it('4 processes × 50 upserts+tags on one new file leave exactly 50 contacts with all their tags', async () => {
    const path = join(dir, 'processes.db');
    const mine = slices(4);
    let ready = 0;
    const children = mine.map(() => fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    const allReady = new Promise<void>((resolve) => {
      for (const child of children) child.once('message', () => ++ready === children.length && resolve());
    });
    const runs = children.map(
      (child, w) =>
        new Promise<WriterReport>((resolve, reject) => {
          child.on('message', (message: unknown) => {
            if (message === 'ready') return;
            const { results, ms } = message as { results: Outcome[]; ms: number };
            resolve({ ms, outcomes: mine[w].map(({ i }, n) => ({ i, outcome: results[n] ?? results[0] })) });
          });
          child.once('error', reject);
          child.once('exit', (code) => code !== 0 && reject(new Error(`writer process exited with ${code}`)));
          child.send({ path, openModule: OPEN_MODULE, jobs: mine[w].map(({ job }) => job) });
        }),
    );
    await allReady;
    for (const child of children) child.send('go');
    await check(path, await Promise.all(runs), '4 processes');
  });
});

describeWhen(!!findPostgresBin(), 'postgres under concurrent writers', POSTGRES_MISSING, () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('4 pools × 10 connections running 200 upserts+tags at once leave exactly 50 contacts with all their tags', async () => {
    const url = await server.createDatabase('race');
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ backend: 'postgres', connection_string: url, pool_size: 10 }, noHttp)));
    const started = Date.now();
    try {
      const outcomes = await Promise.all(
        jobs.map(async (job, i): Promise<Outcome> => {
          const store = stores[i % stores.length];
          try {
            const { contact, created } = await store.upsertContact({ email: job.email, phone: job.phone, first_name: job.first_name });
            await store.tagContact(contact.id, job.tag);
            return { id: contact.id, created };
          } catch (error) {
            return { error: `${(error as { code?: string }).code}: ${(error as Error).message}` };
          }
        }),
      );
      const elapsed = Date.now() - started;
      await expectOneContactPerEmail(stores[0], outcomes);
      process.stdout.write(`postgres: ${UPSERTS} upserts + ${UPSERTS} tags over 40 connections in ${elapsed} ms\n`);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('one delivery run on 4 pools at once (each 3 times) opens one sales task and one tag per delivery: unique keys decide, not a read first', async () => {
    const url = await server.createDatabase('delivery');
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ backend: 'postgres', connection_string: url, pool_size: 10 }, noHttp)));
    try {
      const deliveries = Array.from({ length: 25 }, (_, i) => ({ key: `delivery-${i}`, email: `buyer${i % 5}@example.com` }));
      const runs = deliveries.flatMap((delivery) => stores.flatMap((store) => [0, 1, 2].map(() => ({ store, delivery }))));
      const tasks = await Promise.all(
        runs.map(async ({ store, delivery }) => {
          const { contact } = await store.upsertContact({ email: delivery.email });
          await store.tagContact(contact.id, 'lead');
          return store.createTask({ title: `Follow up ${delivery.key}`, contact_id: contact.id, delivery_key: delivery.key });
        }),
      );
      const stored = await stores[0].listTasks();
      expect(stored).toHaveLength(deliveries.length);
      // Every run of one delivery got the same task back.
      for (const delivery of deliveries) {
        expect(new Set(tasks.filter((task) => task.title === `Follow up ${delivery.key}`).map((task) => task.id)).size).toBe(1);
      }
      const contacts = await stores[0].findContacts({ limit: 100 });
      expect(contacts).toHaveLength(5);
      expect(contacts.every((contact) => contact.tags.length === 1 && contact.tags[0] === 'lead')).toBe(true);
      // Without a delivery key, two creates are two tasks (as before).
      await stores[1].createTask({ title: 'no key' });
      await stores[2].createTask({ title: 'no key' });
      expect((await stores[0].listTasks()).filter((task) => task.title === 'no key')).toHaveLength(2);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
