// Whole conversations over real loopback HTTP: the client (through the core transport) talks to the
// emulator, which posts its events to createAgentWebhook on a node:http server.
import type { ActionEvent, AgentEvent, SendMessageEvent } from '../../../src/conversation';
import { startRig, type Rig } from '../../support/emulator-rig';

const messagesOf = (events: AgentEvent[], conversation: string) =>
  events.filter((e): e is SendMessageEvent => e.type === 'sendMessage' && e.platformConversationId === conversation);

describe('a conversation through the client, the emulator and the agent webhook', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  it('runs start, buttons, carousel, order lookup, metadata, escalation and end', async () => {
    const id = 'conv-full-1';
    const { client, emulator, log } = rig;

    const started = await client.start(id, { metaData: { key: 'firstName', value: 'Ana' } });
    expect(started.status).toBe(200);
    const welcome = (await log.waitFor((e) => e.type === 'sendMessage' && e.platformConversationId === id)) as SendMessageEvent;
    expect(welcome.text).toContain('Hello Ana');
    expect(welcome.buttons).toEqual([
      { text: 'Track my order', type: 'button' },
      { text: 'See our products', type: 'button' },
      { text: 'Talk to a human', type: 'button' },
    ]);

    // The visitor taps "See our products": the button's text goes back as the message text.
    await client.message(id, { button: welcome.buttons[1] });
    const catalogue = (await log.waitFor((e) => e.type === 'sendMessage' && e.carouselCards.length > 0)) as SendMessageEvent;
    expect(catalogue.carouselCards.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(catalogue.carouselCards[1]).toMatchObject({ title: 'Waterproof jacket', description: '129 €', buttons: [{ type: 'button' }, { type: 'link', url: 'https://example.com/products/2' }] });

    // A card pick carries the picked button's text and the card's index.
    await client.message(id, { button: catalogue.carouselCards[1].buttons[0], cardIndex: 1 });
    await log.waitFor((e) => e.type === 'sendMessage' && /Good choice: Waterproof jacket/.test(e.text ?? ''));

    // Order lookup: the agent asks, the visitor answers, the action trigger's results come back in the reply.
    await client.message(id, 'Where is my order?');
    await log.waitFor((e) => e.type === 'sendMessage' && /order number/.test(e.text ?? ''));
    await client.message(id, 'It is 1234');
    const action = (await log.waitFor((e) => e.type === 'action')) as ActionEvent;
    expect(action).toMatchObject({ name: 'lookup_order', platformConversationId: id, variables: { order_number: '1234' } });
    expect(action.conversationId).toBe(emulator.sessions(id)[0].session_id);
    const answer = await log.waitFor((e) => e.type === 'sendMessage' && /^Order 1234/.test(e.text ?? ''));
    expect((answer as SendMessageEvent).text).toBe('Order 1234: status: shipped, eta: 2026-11-25.');
    expect(emulator.sessions(id)[0].params).toEqual({ status: 'shipped', eta: '2026-11-25' });

    // Metadata lands in the session; sanitized values are never kept in clear.
    await client.metadata(id, { key: 'email', value: 'ana@example.com', sanitize: true });
    await client.metadata(id, { key: 'plan', value: 'gold' });
    await emulator.idle();
    expect(emulator.sessions(id)[0].metadata).toEqual({ firstName: 'Ana', email: '[sanitized]', plan: 'gold' });
    expect(JSON.stringify(emulator.exchanges())).not.toContain('ana@example.com');

    // Asking for a human: isTeamOnline first, then the escalation.
    await client.message(id, 'I want to talk to a human');
    const escalate = await log.waitFor((e) => e.type === 'escalate');
    expect(escalate).toMatchObject({ platformConversationId: id, escalateTo: 'support' });
    const kinds = log.events.map((e) => e.type);
    expect(kinds.indexOf('isTeamOnline')).toBeGreaterThan(-1);
    expect(kinds.indexOf('isTeamOnline')).toBeLessThan(kinds.indexOf('escalate'));
    expect(log.events.find((e) => e.type === 'isTeamOnline')).toMatchObject({ teamId: 'support' });

    await client.end(id);
    await emulator.idle();
    const [session] = emulator.sessions(id);
    expect(session.state).toBe('ended');
    expect(session.escalated).toBe(true);
    expect(session.transcript.map((t) => `${t.from}:${t.kind}`)).toEqual([
      'platform:started',
      'visitor:metadata',
      'visitor:startSession',
      'agent:sendMessage',
      'visitor:message',
      'agent:sendMessage',
      'visitor:message',
      'agent:sendMessage',
      'visitor:message',
      'agent:sendMessage',
      'visitor:message',
      'agent:action',
      'platform:action_results',
      'agent:sendMessage',
      'visitor:metadata',
      'visitor:metadata',
      'visitor:message',
      'agent:isTeamOnline',
      'agent:sendMessage',
      'agent:escalate',
      'visitor:endSession',
      'platform:ended',
    ]);
  });

  it('starts a new session when a message follows endSession, and resumes a live one', async () => {
    const id = 'conv-restart';
    const { client, emulator, log } = rig;
    await client.start(id);
    await client.start(id);
    await emulator.idle();
    expect(emulator.sessions(id)).toHaveLength(1);
    await log.waitFor((e) => e.type === 'sendMessage' && e.text === 'Welcome back! Where were we?');

    await client.end(id);
    await client.message(id, 'hello again');
    await emulator.idle();
    const sessions = emulator.sessions(id);
    expect(sessions.map((s) => s.state)).toEqual(['ended', 'active']);
    expect(sessions[1].session_id).not.toBe(sessions[0].session_id);
    expect(sessions[1].transcript.map((t) => t.kind)).toEqual(['started', 'message', 'sendMessage']);
    expect(messagesOf(log.events, id).at(-1)?.text).toMatch(/^Sorry, I didn't get that/);
  });

  it('answers in French, and says when nobody is online instead of escalating', async () => {
    await rig.close();
    rig = await startRig({ onEvent: (event) => (event.type === 'isTeamOnline' ? false : undefined) });
    const id = 'conv-fr';
    const { client, emulator, log } = rig;
    await client.start(id, { metaData: { key: 'language', value: 'fr-FR' } });
    const welcome = (await log.waitFor((e) => e.type === 'sendMessage')) as SendMessageEvent;
    expect(welcome.text).toMatch(/^Bonjour !/);
    expect(welcome.buttons.map((b) => b.text)).toContain('Parler à un humain');
    await client.message(id, 'Je veux parler à un humain');
    await emulator.idle();
    expect(messagesOf(log.events, id).at(-1)?.text).toMatch(/^Notre équipe est absente/);
    expect(log.events.some((e) => e.type === 'escalate')).toBe(false);
    // Without results the agent says it found nothing, in French.
    await client.message(id, 'Où est ma commande 999 ?');
    await log.waitFor((e) => e.type === 'sendMessage' && /Je ne trouve pas la commande 999/.test(e.text ?? ''));
  });

  it('expires an idle session and starts a new one on the next message', async () => {
    await rig.close();
    rig = await startRig({ emulator: { session_timeout_ms: 150 } });
    const id = 'conv-idle';
    const { client, emulator } = rig;
    await client.start(id);
    await emulator.idle();
    const first = emulator.sessions(id)[0].session_id;
    // The emulator's sweeper reports the expiry: await it rather than sleeping.
    await emulator.waitFor((e) => e.kind === 'session' && e.event === 'expired' && e.session_id === first, 3000);
    await client.message(id, 'products please');
    await emulator.idle();
    const sessions = emulator.sessions(id);
    expect(sessions.map((s) => s.state)).toEqual(['expired', 'active']);
    expect(sessions[1].transcript.some((t) => t.kind === 'sendMessage')).toBe(true);
  });

  it('keeps conversations apart and each one in order', async () => {
    const { client, emulator, log } = rig;
    const ids = ['conv-a', 'conv-b', 'conv-c'];
    await Promise.all(ids.map(async (id) => {
      await client.start(id);
      await client.message(id, 'products');
      await client.message(id, { text: 'Choose', cardIndex: 2 });
    }));
    await emulator.idle();
    for (const id of ids) {
      const texts = messagesOf(log.events, id).map((e) => e.text);
      expect(texts).toEqual([expect.stringMatching(/^Hello!/), 'Here is our catalogue:', expect.stringMatching(/^Good choice: Merino socks/)]);
    }
  });
});
