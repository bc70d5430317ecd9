// processor.handoff: the shape n8n needs (its trigger returns the event to start the workflow and a
// later node answers), driven without HTTP since n8n hands over a parsed body and the raw bytes.
import { createAgentEventProcessor, signatureHeaders } from '../../../src/conversation';

const BOT = 'bot-h';
const actionBody = (value: string) => JSON.stringify({ botId: BOT, conversationId: 's', platformConversationId: 'c', name: 'lookup_order', data: [{ key: 'order_number', value }] });

describe('processor.handoff', () => {
  it('hands over an event that needs no answer with its 200 already settled', async () => {
    const processor = createAgentEventProcessor({ bot_id: BOT });
    const raw = JSON.stringify({ botId: BOT, data: { eventType: 'sendMessage', platformConversationId: 'c', text: 'hi' } });
    const handoff = await processor.handoff({ headers: {}, raw_body: raw, body: JSON.parse(raw) });
    expect(handoff.event).toMatchObject({ type: 'sendMessage', text: 'hi' });
    expect(handoff.respond).toBeUndefined();
    expect(await handoff.reply).toMatchObject({ status: 200, body: {} });
  });

  it('waits for respond() to answer an action trigger, once', async () => {
    const processor = createAgentEventProcessor({ bot_id: BOT, hmac_secret: 'k' });
    const raw = Buffer.from(actionBody('12'));
    const handoff = await processor.handoff({ headers: signatureHeaders('k', raw), raw_body: raw });
    expect(handoff.event).toMatchObject({ type: 'action', variables: { order_number: '12' } });
    let settled = false;
    void handoff.reply.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    expect(handoff.respond?.({ status: 'packed' })).toBe(true);
    expect(await handoff.reply).toMatchObject({ status: 200, body: { results: [{ key: 'status', value: 'packed' }] } });
    expect(handoff.respond?.({ status: 'again' })).toBe(false);
  });

  it('answers with the default at the deadline; a late respond() is refused', async () => {
    const processor = createAgentEventProcessor({ bot_id: BOT, answer_timeout_ms: 50, default_answer: { results: [{ key: 'status', value: 'unknown' }] } });
    const handoff = await processor.handoff({ headers: {}, raw_body: actionBody('13') });
    expect(await handoff.reply).toMatchObject({ status: 200, outcome: 'default_answer', body: { results: [{ key: 'status', value: 'unknown' }] } });
    expect(handoff.respond?.({ status: 'late' })).toBe(false);
  });

  it('hands nothing over for a refused delivery or a duplicate', async () => {
    const processor = createAgentEventProcessor({ bot_id: BOT });
    const refused = await processor.handoff({ headers: {}, body: { botId: 'other', data: { eventType: 'escalate', platformConversationId: 'c' } } });
    expect(refused.event).toBeUndefined();
    expect(await refused.reply).toMatchObject({ status: 401 });

    const first = await processor.handoff({ headers: {}, raw_body: actionBody('14') });
    const second = processor.handoff({ headers: {}, raw_body: actionBody('14') });
    first.respond?.({ ok: 1 });
    const duplicate = await second;
    expect(duplicate.event).toBeUndefined();
    expect((await duplicate.reply).body).toEqual({ results: [{ key: 'ok', value: '1' }] });
  });

  it('two identical isTeamOnline deliveries in flight at once each get their own answer', async () => {
    const processor = createAgentEventProcessor({ bot_id: BOT, answer_timeout_ms: 2000, default_answer: { isOnline: false } });
    const raw = JSON.stringify({ botId: BOT, data: { eventType: 'isTeamOnline', teamId: 'support' } });
    const [a, b] = await Promise.all([processor.handoff({ headers: {}, raw_body: raw }), processor.handoff({ headers: {}, raw_body: raw })]);
    expect(a.event?.id).toBe(b.event?.id); // same body, same event id
    expect(a.reply_id).toEqual(expect.any(String));
    expect(a.reply_id).not.toBe(b.reply_id);
    // Answered in the other order, with different answers: each request gets the one given for it.
    expect(b.respond?.(false)).toBe(true);
    expect(a.respond?.(true)).toBe(true);
    expect(await a.reply).toMatchObject({ outcome: 'processed', body: { isOnline: true } });
    expect(await b.reply).toMatchObject({ outcome: 'processed', body: { isOnline: false } });
    expect(processor.stats()).toMatchObject({ default_answers: 0 });
  });
});
