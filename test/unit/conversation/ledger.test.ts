// The shared delivery ledgers against a real Redis (Debian's redis-server) and a real PostgreSQL,
// both private to this suite: one claim wins among many clients at once (each its own connection, as
// separate processes would be), answers are shared, claims expire, a busy delivery is released, and an
// unreachable ledger fails closed for action triggers and open for chat events. Then two processors
// (two "webhook processes") on one ledger: a duplicate on the second gets the first one's answer.
import { createAgentEventProcessor, openDeliveryLedger, type AgentEvent, type DeliveryLedger, type DeliveryLedgerConfig } from '../../../src/conversation';
import { freePort } from '../../support/node-red';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../support/postgres';
import { describeWhen, findPostgresBin } from '../../support/prerequisites';
import { findRedisServer, startRedis, type Redis } from '../../support/redis';

jest.setTimeout(120_000);
const BOT = 'bot-ledger';
const redisBin = findRedisServer();
const postgresBin = findPostgresBin();

/** Polls `probe` until it returns true (states, not time), failing after `ms`. */
async function eventually(probe: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const action = (conversation: string, value: string) => JSON.stringify({ botId: BOT, conversationId: `s-${conversation}`, platformConversationId: conversation, name: 'lookup', data: [{ key: 'n', value }] });
const chat = (conversation: string, text: string) => JSON.stringify({ botId: BOT, data: { eventType: 'sendMessage', platformConversationId: conversation, text } });

function ledgerContract(name: string, available: boolean, missing: string, configure: () => Promise<{ config: DeliveryLedgerConfig; unreachable: DeliveryLedgerConfig; stop(): Promise<void> }>) {
  describeWhen(available, `the ${name} delivery ledger`, missing, () => {
    let setup: Awaited<ReturnType<typeof configure>>;
    const open: DeliveryLedger[] = [];
    const ledger = () => {
      const made = openDeliveryLedger(setup.config) as DeliveryLedger;
      open.push(made);
      return made;
    };
    beforeAll(async () => {
      setup = await configure();
    });
    afterAll(async () => {
      for (const made of open) await made.close().catch(() => undefined);
      await setup?.stop();
    });

    it('lets exactly one of many concurrent claimants (separate connections) win each key', async () => {
      const clients = [ledger(), ledger(), ledger(), ledger()];
      const keys = Array.from({ length: 100 }, (_, i) => `race-${name}-${i}`);
      const claims = await Promise.all(keys.flatMap((key) => clients.flatMap((client) => [client.claim(key, 30_000), client.claim(key, 30_000)])));
      const winners = claims.filter((claim) => claim.first);
      expect(winners).toHaveLength(keys.length);
      for (let k = 0; k < keys.length; k += 1) expect(claims.slice(k * 8, k * 8 + 8).filter((claim) => claim.first)).toHaveLength(1);
    });

    it('gives the first answer to a duplicate on another connection, and nothing while the first runs', async () => {
      const [a, b] = [ledger(), ledger()];
      expect(await a.claim('answer-1', 30_000)).toEqual({ first: true });
      expect(await b.claim('answer-1', 30_000)).toEqual({ first: false });
      await a.settle('answer-1', { status: 200, body: { results: [{ key: 'k', value: 'v' }] } }, 30_000);
      expect(await b.claim('answer-1', 30_000)).toEqual({ first: false, reply: { status: 200, body: { results: [{ key: 'k', value: 'v' }] } } });
      expect(await b.peek('answer-1')).toEqual({ first: false, reply: { status: 200, body: { results: [{ key: 'k', value: 'v' }] } } });
    });

    it('forgets a claim once it expires, and a released one at once', async () => {
      const [a, b] = [ledger(), ledger()];
      expect((await a.claim('expiring', 300)).first).toBe(true);
      expect((await b.claim('expiring', 300)).first).toBe(false);
      await eventually(async () => (await b.claim('expiring', 300_000)).first);
      expect((await a.claim('expiring', 300)).first).toBe(false);
      expect((await a.claim('released', 300_000)).first).toBe(true);
      await a.release('released');
      expect((await b.claim('released', 300_000)).first).toBe(true);
    });

    it('keeps a renewed claim past its lease, and only a running one (an answer keeps its expiry)', async () => {
      const [a, b] = [ledger(), ledger()];
      expect((await a.claim('renewed', 300)).first).toBe(true);
      const until = Date.now() + 1000;
      while (Date.now() < until) {
        await a.renew('renewed', 300);
        expect((await b.claim('renewed', 300)).first).toBe(false);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      await a.settle('renewed', { status: 200, body: { ok: true } }, 60_000);
      await a.renew('renewed', 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await b.peek('renewed')).toEqual({ first: false, reply: { status: 200, body: { ok: true } } });
      expect((await b.peek('never-claimed')).first).toBe(false);
      expect(await b.peek('never-claimed')).toMatchObject({ absent: true });
    });

    it('frees a delivery whose process died mid-run (no more renewals) after the lease: a retry elsewhere runs it', async () => {
      const holder = ledger();
      const ran: string[] = [];
      const dying = createAgentEventProcessor({ bot_id: BOT, ledger: holder, ledger_lease_ms: 300, answer_timeout_ms: 2000, onEvent: () => (ran.push('dying'), new Promise(() => undefined)) });
      const survivor = createAgentEventProcessor({ bot_id: BOT, ledger: ledger(), ledger_lease_ms: 300, answer_timeout_ms: 10_000, onEvent: () => (ran.push('survivor'), { order: 'taken over' }) });
      const body = action(`died-${name}`, '7');
      void dying.receive({ headers: {}, raw_body: body });
      await eventually(async () => ran.length === 1);
      await holder.close(); // the process is gone: its heartbeat can no longer renew the claim
      const retry = await survivor.receive({ headers: {}, raw_body: body });
      expect(retry).toMatchObject({ outcome: 'processed', body: { results: [{ key: 'order', value: 'taken over' }] } });
      expect(ran).toEqual(['dying', 'survivor']);
    });

    it('rejects with store_error, within its deadline, when the store is unreachable', async () => {
      const down = openDeliveryLedger(setup.unreachable) as DeliveryLedger;
      open.push(down);
      const started = Date.now();
      await expect(down.claim('k', 1000)).rejects.toMatchObject({ code: 'store_error' });
      expect(Date.now() - started).toBeLessThan(8000);
    });

    it('fails closed for an action trigger (default answer, not run) and open for a chat event (run), and logs both', async () => {
      const down = openDeliveryLedger(setup.unreachable) as DeliveryLedger;
      open.push(down);
      const ran: AgentEvent[] = [];
      const warnings: string[] = [];
      const processor = createAgentEventProcessor({ bot_id: BOT, ledger: down, default_answer: { results: { status: 'unknown' } }, logger: { debug: () => undefined, warn: (line) => warnings.push(line) }, onEvent: (event) => void ran.push(event) });
      const answered = await processor.receive({ headers: {}, raw_body: action('down-1', '1') });
      expect(answered).toMatchObject({ status: 200, outcome: 'default_answer', body: { results: [{ key: 'status', value: 'unknown' }] } });
      const acknowledged = await processor.receive({ headers: {}, raw_body: chat('down-1', 'hello') });
      expect(acknowledged).toMatchObject({ status: 200, outcome: 'processed' });
      await eventually(async () => ran.length === 1);
      expect(ran.map((event) => event.type)).toEqual(['sendMessage']);
      expect(processor.stats().ledger_errors).toBe(2);
      expect(warnings.join('\n')).toMatch(/fails closed[\s\S]*fails open/);
    });

    it('answers a duplicate on a second process like the first, even while the first is still running, and runs it once', async () => {
      const ran: string[] = [];
      let release: () => void = () => undefined;
      const slow = new Promise<void>((resolve) => (release = resolve));
      const make = () => createAgentEventProcessor({ bot_id: BOT, ledger: ledger(), answer_timeout_ms: 10_000, onEvent: async (event) => (ran.push(event.id), await slow, { order: 'shipped' }) });
      const [one, two] = [make(), make()];
      const body = action(`dup-${name}`, '42');
      const first = one.receive({ headers: {}, raw_body: body });
      await eventually(async () => ran.length === 1);
      const second = two.receive({ headers: {}, raw_body: body });
      release();
      expect(await first).toMatchObject({ outcome: 'processed', body: { results: [{ key: 'order', value: 'shipped' }] } });
      expect(await second).toMatchObject({ outcome: 'duplicate', body: { results: [{ key: 'order', value: 'shipped' }] } });
      // A chat duplicate on the other process is acknowledged and not run.
      const message = chat(`dup-${name}`, 'once');
      expect((await one.receive({ headers: {}, raw_body: message })).outcome).toBe('processed');
      expect((await two.receive({ headers: {}, raw_body: message })).outcome).toBe('duplicate');
      await new Promise((resolve) => setImmediate(resolve));
      expect(ran).toHaveLength(2);
      expect(two.stats().duplicates).toBe(2);
    });
  });
}

ledgerContract('redis', redisBin !== undefined, 'redis-server is not installed: apt-get install redis-server', async () => {
  const redis: Redis = await startRedis(redisBin as string);
  const closed = await freePort();
  return {
    config: { backend: 'redis', url: `redis://127.0.0.1:${redis.port}/0`, prefix: 'relais:test:' },
    unreachable: { backend: 'redis', host: '127.0.0.1', port: closed, timeout_ms: 500 },
    stop: () => redis.stop(),
  };
});

ledgerContract('postgres', postgresBin !== undefined, POSTGRES_MISSING, async () => {
  const server: PostgresServer = await startPostgres();
  const connection = await server.createDatabase('ledger');
  const closed = await freePort();
  return {
    config: { backend: 'postgres', connection_string: connection },
    unreachable: { backend: 'postgres', connection_string: `postgres://relais:nope@127.0.0.1:${closed}/ledger`, timeout_ms: 500 },
    stop: () => server.stop(),
  };
});
