// The emulator's traffic against the platform's published description (test/support/
// agent-platform-schema.ts, written from ultimateai/custom-crm-automation-template@bce854aa swagger.yaml
// and ChatApi.dto.ts): every webhook body it posts and every answer it gets; every body the
// conversation client sends; and the published request samples, which it accepts.
import { readRawBody } from '../../../src/conversation';
import type { AgentEvent, SendMessageEvent } from '../../../src/conversation';
import { createConversationClient } from '../../../src/conversation';
import { RelaisError } from '../../../src/errors';
import { actionWebhookAnswer, actionWebhookBody, conformance, converseRequestBody, converseWebhookBody, isTeamOnlineAnswer } from '../../support/agent-platform-schema';
import { publishedRequests } from '../../support/agent-platform-samples';
import { API_KEY, BOT_ID, demoIntegration, listen, loopbackRuntime, startRig, type Rig } from '../../support/emulator-rig';

/** A whole conversation touching every event kind, through the client. */
async function converse(rig: Rig, id: string): Promise<void> {
  const { client, log } = rig;
  await client.start(id, { metaData: [{ key: 'firstName', value: 'Ana' }, { key: 'age', value: 41 }] });
  const welcome = (await log.waitFor((e) => e.type === 'sendMessage' && e.platformConversationId === id)) as SendMessageEvent;
  await client.message(id, { button: welcome.buttons[1] });
  const catalogue = (await log.waitFor((e) => e.type === 'sendMessage' && e.carouselCards.length > 0)) as SendMessageEvent;
  const card = catalogue.carouselCards[1];
  await client.message(id, { button: card.buttons[0], cardIndex: card.index });
  await log.waitFor((e) => e.type === 'sendMessage' && /Good choice/.test(e.text ?? ''));
  await client.message(id, 'where is my order 1234?');
  await log.waitFor((e) => e.type === 'sendMessage' && /^Order 1234/.test(e.text ?? ''));
  await client.metadata(id, { key: 'vip', value: true, sanitize: true });
  await client.message(id, 'I want to talk to a human');
  await log.waitFor((e) => e.type === 'escalate');
  await client.end(id);
  await rig.emulator.idle();
}

describe('the emulator speaks the published shapes', () => {
  let rig: Rig;
  afterEach(async () => {
    await rig?.close();
  });

  it('posts only bodies that conform to swagger.yaml, and gets answers that do', async () => {
    rig = await startRig({
      onEvent: (event: AgentEvent) => (event.type === 'action' ? { results: [{ key: 'status', value: 'shipped', sanitize: true }] } : demoIntegration(event)),
    });
    await converse(rig, 'conformance-1');
    const posted = rig.emulator.exchanges().filter((e) => e.kind === 'chat_webhook' || e.kind === 'actions_webhook');
    expect(new Set(posted.map((e) => e.event))).toEqual(new Set(['sendMessage', 'lookup_order', 'isTeamOnline', 'escalate']));
    for (const entry of posted) {
      expect({ event: entry.event, problems: conformance(entry.kind === 'chat_webhook' ? converseWebhookBody : actionWebhookBody, entry.body) }).toEqual({ event: entry.event, problems: [] });
      expect(entry.status).toBe(200);
      if (entry.event === 'isTeamOnline') expect(conformance(isTeamOnlineAnswer, entry.answer)).toEqual([]);
      if (entry.kind === 'actions_webhook') expect(conformance(actionWebhookAnswer, entry.answer)).toEqual([]);
    }
    // The carousel carries both button kinds; every message its ids and confidence.
    const carousel = posted.find((e) => (e.body as { data: { type?: string } }).data.type === 'carousel')?.body as { data: { carouselCards: Array<{ buttons: Array<{ type: string }> }> } };
    expect(carousel.data.carouselCards[0].buttons.map((b) => b.type)).toEqual(['button', 'link']);
    for (const entry of posted.filter((e) => e.event === 'sendMessage')) {
      expect(Object.keys((entry.body as { data: object }).data).sort()).toEqual(['buttons', 'carouselCards', 'confidence', 'eventType', 'messageId', 'platformConversationId', 'replyId', 'text', 'type']);
    }
    // The sanitised answer is kept masked, in the session and in the log.
    expect(rig.emulator.sessions('conformance-1')[0].params).toEqual({ status: '[sanitized]' });
    expect(JSON.stringify(rig.emulator.exchanges())).not.toContain('"shipped"');
  });

  it('every body the client sends conforms to ChatApi.dto.ts (metaData an array of strings, a card pick with its button text)', async () => {
    const bodies: unknown[] = [];
    const recorder = await listen((req, res) => {
      void readRawBody(req, 65_536).then((read) => {
        if (read.ok) bodies.push(JSON.parse(read.raw.toString('utf8')));
        res.writeHead(200, { 'content-length': 0 }).end();
      });
    });
    const runtime = loopbackRuntime(recorder.url);
    const client = createConversationClient({ base_url: recorder.url, bot_id: BOT_ID, api_key: API_KEY, runtime, allow_http: true });
    try {
      await client.start('c-1', { metaData: { key: 'age', value: 41 } });
      await client.message('c-1', 'hello');
      await client.message('c-1', { button: { text: 'YES', type: 'button' } });
      await client.message('c-1', { text: 'secondCardButton', cardIndex: 1 });
      await client.metadata('c-1', [{ key: 'vip', value: true }, { key: 'email', value: 'a@b.c', sanitize: true }]);
      await client.end('c-1');
      await expect(client.metadata('c-1', { key: 'cart', value: { items: 2 } as never })).rejects.toMatchObject({ code: 'conversation_error', issues: [{ path: 'metaData.value' }] });
      await expect(client.message('c-1', { button: { text: 'https://shop.example.com', type: 'link' } })).rejects.toBeInstanceOf(RelaisError);
      await expect(client.message('c-1', { cardIndex: 1 })).rejects.toMatchObject({ issues: [{ path: 'text' }] });
    } finally {
      await client.close();
      await runtime.close();
      await recorder.close();
    }
    expect(bodies).toEqual([
      { platformConversationId: 'c-1', eventType: 'startSession', metaData: [{ key: 'age', value: '41' }] },
      { platformConversationId: 'c-1', eventType: 'message', text: 'hello' },
      { platformConversationId: 'c-1', eventType: 'message', text: 'YES' },
      { platformConversationId: 'c-1', eventType: 'message', text: 'secondCardButton', cardIndex: 1 },
      { platformConversationId: 'c-1', eventType: 'metadata', metaData: [{ key: 'vip', value: 'true' }, { key: 'email', value: 'a@b.c', sanitize: true }] },
      { platformConversationId: 'c-1', eventType: 'endSession' },
    ]);
    for (const body of bodies) expect(conformance(converseRequestBody, body)).toEqual([]);
  });

  it('accepts the published request samples and every published form of metaData; refuses what the API refuses', async () => {
    rig = await startRig();
    const call = async (body: unknown) => {
      const response = await fetch(`${rig.emulator.url}/converse/chat`, { method: 'POST', headers: { authorization: API_KEY, botid: BOT_ID, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    };
    for (const body of Object.values(publishedRequests)) {
      expect(conformance(converseRequestBody, body)).toEqual([]);
      expect(await call(body)).toEqual({ status: 200, body: undefined });
    }
    // public-api's snippets send one object; Zendesk's "Event types" page spells it `metadata`.
    expect((await call({ platformConversationId: 'm-1', eventType: 'metadata', metaData: { key: 'plan', value: 'gold' } })).status).toBe(200);
    expect((await call({ platformConversationId: 'm-1', eventType: 'startSession', metadata: [{ key: 'userId', value: '123456789' }, { key: 'accountId', value: 'abcdefghi', sanitize: true }] })).status).toBe(200);
    await rig.emulator.idle();
    expect(rig.emulator.sessions('m-1')[0].metadata).toEqual({ plan: 'gold', userId: '123456789', accountId: '[sanitized]' });
    expect(await call({ platformConversationId: 'm-2', eventType: 'metadata', metaData: [{ key: 'n', value: 3 }] })).toEqual({
      status: 400,
      body: { message: 'metaData.0.value: metaData.value must be a string', issues: [{ path: 'metaData.0.value', message: 'metaData.value must be a string' }] },
    });
  });
});
