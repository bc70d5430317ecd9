// Load: 2000 events from 50 concurrent conversations through createAgentWebhook over loopback HTTP.
// Each conversation posts its events one after the other (as the platform does), a tenth of them
// delivered twice; the flow takes a random 0–9 ms per event (longer than a delivery takes). Nothing may be lost, nothing
// processed twice, and each conversation's events must reach the flow in order.
import { createAgentWebhook, type AgentEvent } from '../../../src/conversation';
import { listen } from '../../support/emulator-rig';

const CONVERSATIONS = 50;
const EVENTS_PER_CONVERSATION = 40;
const BOT = 'load-bot';

function eventFor(conversation: number, seq: number): unknown {
  const platformConversationId = `load-${conversation}`;
  if (seq % 10 === 5) {
    return { botId: BOT, conversationId: `s-${conversation}`, platformConversationId, name: 'lookup_order', data: [{ key: 'seq', value: String(seq) }] };
  }
  if (seq === EVENTS_PER_CONVERSATION - 1) return { botId: BOT, data: { eventType: 'escalate', platformConversationId, escalateTo: `team-${seq}` } };
  return { botId: BOT, data: { eventType: 'sendMessage', platformConversationId, text: `message ${seq}`, buttons: [{ title: 'ok', value: String(seq) }] } };
}

const seqOf = (event: AgentEvent): number => {
  if (event.type === 'action') return Number(event.variables.seq);
  if (event.type === 'escalate') return Number(event.escalateTo?.split('-')[1]);
  if (event.type === 'sendMessage') return Number(event.text?.split(' ')[1]);
  throw new Error(`unexpected ${event.type}`);
};

describe('agent webhook under load', () => {
  it('handles 2000 events from 50 concurrent conversations: none lost, none twice, in order', async () => {
    const TOTAL = CONVERSATIONS * EVENTS_PER_CONVERSATION;
    const processed = new Map<string, number[]>();
    let finished = 0;
    let allDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (allDone = resolve));
    let concurrentNow = 0;
    let concurrentMax = 0;
    const handler = createAgentWebhook({
      bot_id: BOT,
      secret: 'load-secret',
      async onEvent(event) {
        concurrentNow += 1;
        concurrentMax = Math.max(concurrentMax, concurrentNow);
        // Recorded after the work, so a later event overtaking a slower earlier one would show.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 10)));
        const conversation = (event as { platformConversationId: string }).platformConversationId;
        const list = processed.get(conversation) ?? [];
        list.push(seqOf(event));
        processed.set(conversation, list);
        concurrentNow -= 1;
        finished += 1;
        if (finished === TOTAL) allDone();
        return event.type === 'action' ? { echoed: event.variables.seq } : undefined;
      },
    });
    const server = await listen((req, res) => void handler(req, res));
    const wrongAnswers: string[] = [];
    let duplicatesSent = 0;
    const started = Date.now();
    try {
      await Promise.all(
        Array.from({ length: CONVERSATIONS }, async (_, conversation) => {
          for (let seq = 0; seq < EVENTS_PER_CONVERSATION; seq += 1) {
            const body = JSON.stringify(eventFor(conversation, seq));
            const deliveries = seq % 10 === 3 || seq % 10 === 5 ? 2 : 1;
            for (let attempt = 0; attempt < deliveries; attempt += 1) {
              if (attempt > 0) duplicatesSent += 1;
              const response = await fetch(`${server.url}/hooks/chat`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-relais-secret': 'load-secret' }, body });
              const json = (await response.json()) as { results?: Array<{ key: string; value: string }> };
              if (response.status !== 200) wrongAnswers.push(`${conversation}/${seq}: ${response.status}`);
              if (seq % 10 === 5 && json.results?.[0]?.value !== String(seq)) wrongAnswers.push(`${conversation}/${seq}: ${JSON.stringify(json)}`);
            }
          }
        }),
      );
      // Acks do not wait for the flow: wait until the flow has finished every event.
      await done;
    } finally {
      await server.close();
    }
    const elapsed = Date.now() - started;

    expect(wrongAnswers).toEqual([]);
    expect(processed.size).toBe(CONVERSATIONS);
    const expected = Array.from({ length: EVENTS_PER_CONVERSATION }, (_, i) => i);
    for (const [, seqs] of processed) expect(seqs).toEqual(expected);
    const stats = handler.processor.stats();
    expect(stats).toMatchObject({ received: CONVERSATIONS * EVENTS_PER_CONVERSATION + duplicatesSent, duplicates: duplicatesSent, dispatched: CONVERSATIONS * EVENTS_PER_CONVERSATION, refused: 0, default_answers: 0, flow_errors: 0 });
    // Conversations really ran side by side.
    expect(concurrentMax).toBeGreaterThan(1);
    expect(elapsed).toBeLessThan(20_000);
    process.stdout.write(`load: ${stats.received} deliveries (${duplicatesSent} duplicates) in ${elapsed} ms, ${Math.round((stats.received * 1000) / elapsed)}/s, max ${concurrentMax} events in the flow at once\n`);
  }, 30_000);
});
