// Findings of the attack run on the webhook pipeline (issue 14): memory bounded in bytes under large
// distinct deliveries, replays inside the signature window, work started after its answer was sent,
// an unbounded per-conversation backlog, and slow unauthenticated uploads.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { createAgentEventProcessor, createAgentWebhook, signatureHeaders, type AgentEvent, type EventInfo } from '../../../src/conversation';
import { listen, type Listening } from '../../support/emulator-rig';
import { partialUpload } from '../../support/partial-upload';

jest.setTimeout(120_000);
const BOT = 'bot-hard';

describe('the dedupe ledger is bounded in bytes, not only in entries', () => {
  it('keeps the heap flat under 10,000 distinct deliveries of ~256 KiB (a 512 MB heap held ~2,000 before)', async () => {
    const child = join(__dirname, 'memory-child.js');
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--expose-gc', '--max-old-space-size=512', child, '10000', String(256 * 1024 - 100)], { maxBuffer: 1 << 20 }, (error, stdout, stderr) =>
        error ? reject(new Error(`the child died (${error.message}): ${stderr.slice(-2000)}`)) : resolve(stdout),
      );
    });
    const result = JSON.parse(output) as { delta: number; ledger_bytes: number; stats: { dispatched: number } };
    expect(result.stats.dispatched).toBe(10_000);
    // 10,000 bodies of 256 KiB are 2.5 GB: the ledger keeps keys and answers only (~3 MB).
    expect(result.ledger_bytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(result.delta).toBeLessThan(48 * 1024 * 1024);
  });

  it('forgets the oldest deliveries once its byte budget is spent, and keeps no event in an entry', async () => {
    const processor = createAgentEventProcessor({ bot_id: BOT, dedupe_max_bytes: 20_000, onEvent: () => ({ status: 'ok' }) });
    const send = (i: number) =>
      processor.receive({ headers: {}, raw_body: JSON.stringify({ botId: BOT, conversationId: 's', platformConversationId: `c-${i}`, name: 'n', data: [{ key: 'k', value: 'x'.repeat(5000) }] }) });
    for (let i = 0; i < 200; i += 1) expect((await send(i)).outcome).toBe('processed');
    expect(processor.ledgerBytes()).toBeLessThanOrEqual(20_000);
    // The newest is still known; its duplicate carries the answer but not the event.
    const again = await send(199);
    expect(again.outcome).toBe('duplicate');
    expect(again.body).toEqual({ results: [{ key: 'status', value: 'ok' }] });
    expect(again.event).toBeUndefined();
    // The oldest was forgotten for the budget: processed again.
    expect((await send(0)).outcome).toBe('processed');
  });
});

describe('replays inside the signature window', () => {
  it('refuses a signed delivery replayed at +61 s, +125 s and +240 s (remembered while its timestamp is accepted)', async () => {
    let clock = 1_800_000_000_000;
    const events: AgentEvent[] = [];
    const processor = createAgentEventProcessor({ bot_id: BOT, hmac_secret: 'hmac-key', now: () => clock, onEvent: (event) => void events.push(event) });
    const raw = JSON.stringify({ botId: BOT, data: { eventType: 'sendMessage', platformConversationId: 'c-1', text: 'refund me' } });
    const headers = signatureHeaders('hmac-key', raw, clock);
    expect((await processor.receive({ headers, raw_body: raw })).outcome).toBe('processed');
    const start = clock;
    for (const seconds of [61, 125, 240, 299]) {
      clock = start + seconds * 1000;
      expect({ seconds, outcome: (await processor.receive({ headers, raw_body: raw })).outcome }).toEqual({ seconds, outcome: 'duplicate' });
    }
    clock = start + 301_000;
    expect((await processor.receive({ headers, raw_body: raw })).outcome).toBe('stale_timestamp');
    expect(events).toHaveLength(1);
  });

  it('keeps unsigned deliveries for the dedupe window only', async () => {
    let clock = 1_800_000_000_000;
    const events: AgentEvent[] = [];
    const processor = createAgentEventProcessor({ bot_id: BOT, now: () => clock, onEvent: (event) => void events.push(event) });
    const raw = JSON.stringify({ botId: BOT, data: { eventType: 'sendMessage', platformConversationId: 'c-1', text: 'hi' } });
    await processor.receive({ headers: {}, raw_body: raw });
    clock += 61_000;
    expect((await processor.receive({ headers: {}, raw_body: raw })).outcome).toBe('processed');
    expect(events).toHaveLength(2);
  });
});

/** Resolves once `state()` holds, checked after each turn of the event loop. */
async function until(state: () => boolean): Promise<void> {
  while (!state()) await new Promise((resolve) => setImmediate(resolve));
}

describe('work after the answer', () => {
  const trigger = (i: number | string) => JSON.stringify({ botId: BOT, conversationId: 's-1', platformConversationId: 'c-flood', name: 'lookup', data: [{ key: 'n', value: String(i) }] });

  it('does not start an event whose answer was already sent, so a genuine trigger after a flood is answered by the flow', async () => {
    const late: string[] = [];
    const started: string[] = [];
    const onEvent = (event: AgentEvent, info: EventInfo) => {
      const n = event.type === 'action' ? event.variables.n : '';
      started.push(n);
      // The processor reads its clock just before starting an event (a due one is skipped, even when the
      // event loop is too busy to have run its deadline timer yet); a millisecond may tick in between.
      if (info.deadline !== undefined && Date.now() > info.deadline + 1) late.push(n);
      // The flood never settles; the genuine trigger answers at once.
      return n === 'genuine' ? { answered: 'by the flow' } : new Promise(() => undefined);
    };
    const processor = createAgentEventProcessor({ bot_id: BOT, answer_timeout_ms: 1000, ordering_hold_ms: 50, onEvent });
    const flood = await Promise.all(Array.from({ length: 101 }, (_, i) => processor.receive({ headers: {}, raw_body: trigger(i) })));
    expect(flood.every((reply) => reply.outcome === 'default_answer')).toBe(true);
    const genuine = await processor.receive({ headers: {}, raw_body: trigger('genuine') });
    expect(genuine.outcome).toBe('processed');
    expect(genuine.body).toEqual({ results: [{ key: 'answered', value: 'by the flow' }] });
    expect(late).toEqual([]);
    // About answer_timeout_ms / ordering_hold_ms of the flood started; the rest were skipped, not run late.
    expect(started.length).toBeLessThan(60);
    expect(processor.stats().skipped).toBeGreaterThan(40);
  });

  it('does not start an event that is due by the clock, even before its deadline timer has run (a busy event loop)', async () => {
    // The processor's clock is the test's: it passes the second event's deadline while the real timers
    // (300 ms) have not run, as a busy event loop delays them. Its turn comes when the first one answers.
    let clock = 1_800_000_000_000;
    const started: string[] = [];
    let answerFirst: (value: unknown) => void = () => undefined;
    const onEvent = (event: AgentEvent) => {
      const n = event.type === 'action' ? event.variables.n : '';
      started.push(n);
      return n === '0' ? new Promise((resolve) => (answerFirst = resolve)) : { answered: n };
    };
    const processor = createAgentEventProcessor({ bot_id: BOT, answer_timeout_ms: 300, ordering_hold_ms: 60_000, now: () => clock, onEvent });
    const first = processor.receive({ headers: {}, raw_body: trigger(0) });
    const second = processor.receive({ headers: {}, raw_body: trigger(1) });
    await until(() => started.length === 1);
    clock += 301;
    answerFirst({ answered: 'first' });
    expect((await first).outcome).toBe('processed');
    // Its turn has come once it is either started or skipped.
    await until(() => started.length === 2 || processor.stats().skipped === 1);
    expect(started).toEqual(['0']);
    expect(processor.stats().skipped).toBe(1);
    expect((await second).outcome).toBe('default_answer');
  });

  it('bounds a conversation’s backlog: past it an action trigger gets the default answer at once and a chat event 503', async () => {
    const processor = createAgentEventProcessor({ bot_id: BOT, answer_timeout_ms: 1500, ordering_hold_ms: 100, max_queued_per_conversation: 5, default_answer: { results: { status: 'busy' } }, onEvent: () => new Promise(() => undefined) });
    // Five fill the conversation's queue (they wait for the flow); the sixth is turned away at once.
    const waiting = Array.from({ length: 5 }, (_, i) => processor.receive({ headers: {}, raw_body: trigger(i) }));
    const sixth = await processor.receive({ headers: {}, raw_body: trigger(5) });
    expect(sixth).toMatchObject({ outcome: 'default_answer', body: { results: [{ key: 'status', value: 'busy' }] } });
    const chat = JSON.stringify({ botId: BOT, data: { eventType: 'sendMessage', platformConversationId: 'c-flood', text: 'still there?' } });
    expect(await processor.receive({ headers: {}, raw_body: chat })).toMatchObject({ status: 503, outcome: 'busy' });
    // Turned away, not remembered: the platform's retry is not answered as a duplicate of the refusal.
    expect((await processor.receive({ headers: {}, raw_body: chat })).outcome).toBe('busy');
    expect(processor.stats().duplicates).toBe(0);
    // The five waiting ones get the default at their deadline.
    expect((await Promise.all(waiting)).map((reply) => reply.outcome)).toEqual(Array(5).fill('default_answer'));
  });
});

describe('slow unauthenticated uploads', () => {
  let server: Listening | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers 401 to a wrong secret before the body has arrived', async () => {
    const events: AgentEvent[] = [];
    const handler = createAgentWebhook({ bot_id: BOT, secret: 'sekret-1', body_timeout_ms: 60_000, onEvent: (event) => void events.push(event) });
    server = await listen((req, res) => void handler(req, res));
    expect((await partialUpload(`${server.url}/hook`, { 'x-relais-secret': 'wrong' })).status).toBe(401);
    expect((await partialUpload(`${server.url}/hook`, {})).status).toBe(401);
    expect(handler.processor.stats().refused).toBe(2);
    expect(events).toEqual([]);
  });

  it('gives up a body that does not arrive within body_timeout_ms (408), even with the right secret', async () => {
    const handler = createAgentWebhook({ bot_id: BOT, secret: 'sekret-1', body_timeout_ms: 300, onEvent: () => undefined });
    server = await listen((req, res) => void handler(req, res));
    const answer = await partialUpload(`${server.url}/hook`, { 'x-relais-secret': 'sekret-1' });
    expect(answer.status).toBe(408);
    expect(handler.processor.stats().refused).toBe(1);
  });
});
