// The platform's published payloads through the core: they parse into events with nothing lost (every
// card, image and button kind; messageId, replyId, confidence, type, channel), the schema-built ones
// conform to swagger.yaml, and the published samples that do not (no `channel`) are recorded as such.
// Sources: test/support/agent-platform-schema.ts and agent-platform-samples.ts.
import { deliveryId, parseAgentEvent, toActionAnswer, type SendMessageEvent } from '../../../src/conversation';
import { actionWebhookAnswer, actionWebhookBody, conformance, converseWebhookBody } from '../../support/agent-platform-schema';
import * as samples from '../../support/agent-platform-samples';
import { wireBodyOf } from '../../support/agent-platform-roundtrip';

const parse = (body: unknown) => parseAgentEvent(body, deliveryId(JSON.stringify(body)));

describe('the published payloads', () => {
  it('the schema-built samples conform to swagger.yaml', () => {
    for (const body of [samples.textWithButtonKinds, samples.carouselWithLinks, samples.escalateWithChannel, samples.isTeamOnlineWithChannel]) {
      expect(conformance(converseWebhookBody, body)).toEqual([]);
    }
    expect(conformance(actionWebhookBody, samples.actionWithSaveAs)).toEqual([]);
  });

  it('the published samples break swagger.yaml only where the sources disagree (written in docs/conversation.md)', () => {
    for (const body of [samples.publishedButtons, samples.publishedCarousel, samples.publishedEscalate]) {
      expect(conformance(converseWebhookBody, body)).toEqual(['channel: Invalid input: expected string, received undefined']);
    }
    expect(conformance(converseWebhookBody, samples.publishedIsTeamOnline)).toEqual([
      'channel: Invalid input: expected string, received undefined',
      'data.platformConversationId: Invalid input: expected string, received undefined',
    ]);
    expect(conformance(actionWebhookBody, samples.publishedAction)).toEqual([
      'channel: Invalid input: expected string, received undefined',
      'data.0: Unrecognized key: "sanitize"',
    ]);
  });

  it.each(samples.webhookSamples)('%s parses with nothing lost', (_name, body) => {
    expect(wireBodyOf(parse(body) as unknown as Record<string, unknown>)).toEqual(body);
  });

  it('reads the real carousel: every card, image, description and button kind, and the message ids', () => {
    const event = parse(samples.carouselWithLinks) as SendMessageEvent;
    expect(event).toMatchObject({
      type: 'sendMessage',
      id: '6571a1f0c2d4e5f6a7b8c9d1',
      messageId: '6571a1f0c2d4e5f6a7b8c9d1',
      agentReplyId: '61e5439dce4387001311d6db',
      confidence: 0.64,
      messageType: 'carousel',
      channel: 'chat',
      text: '',
      buttons: [],
    });
    expect(event.carouselCards).toEqual([
      {
        index: 0,
        title: 'card 1',
        description: 'card 1 description',
        imageUrl: 'https://cdn.example.com/card-1.png',
        buttons: [
          { text: 'firstCardButton', type: 'button' },
          { text: 'https://shop.example.com/1', type: 'link', url: 'https://shop.example.com/1' },
        ],
      },
      { index: 1, title: 'card 2', imageUrl: 'https://cdn.example.com/card-2.png', buttons: [{ text: 'secondCardButton', type: 'button' }] },
    ]);
    const published = parse(samples.publishedCarousel) as SendMessageEvent;
    expect(published.carouselCards.map((card) => [card.index, card.title, card.imageUrl, card.buttons.map((b) => `${b.type}:${b.text}`)])).toEqual([
      [0, 'card 1', 'URL', ['button:button 1', 'button:button 2']],
      [1, 'card 2', 'URL', ['button:button 1', 'button:button 2']],
    ]);
  });

  it('keeps each button kind; a link labelled with a URL gets it as url, a plain-label link has none', () => {
    const event = parse(samples.textWithButtonKinds) as SendMessageEvent;
    expect(event.buttons).toEqual([
      { text: 'YES', type: 'button' },
      { text: 'https://help.example.com/returns', type: 'link', url: 'https://help.example.com/returns' },
      { text: 'Return policy', type: 'link' },
    ]);
  });

  it('uses the platform messageId as the event id, the body hash when there is none', () => {
    const withId = parse(samples.textWithButtonKinds);
    const redelivered = parseAgentEvent({ ...samples.textWithButtonKinds, channel: 'chat' }, 'another-hash');
    expect([withId.id, redelivered.id]).toEqual(['6571a1f0c2d4e5f6a7b8c9d0', '6571a1f0c2d4e5f6a7b8c9d0']);
    expect(parse(samples.publishedButtons).id).toBe(deliveryId(JSON.stringify(samples.publishedButtons)));
    expect(parse(samples.escalateWithChannel).id).toBe(deliveryId(JSON.stringify(samples.escalateWithChannel)));
  });

  it('reads action values as arrays, with saveAs and the template sample\'s sanitize', () => {
    expect(parse(samples.actionWithSaveAs)).toMatchObject({
      type: 'action',
      channel: 'chat',
      data: [
        { key: 'order_number', value: 'A-1001', values: ['A-1001'], saveAs: 'orderNumber' },
        { key: 'sizes', value: 'S, M', values: ['S', 'M'] },
      ],
      variables: { order_number: 'A-1001', sizes: 'S, M' },
    });
    expect(parse(samples.publishedAction)).toMatchObject({ data: [{ key: 'userId', values: ['aaaaaa123'], sanitize: true }, { key: 'balance', values: ['1234.56'] }] });
  });

  it('answers with sanitize where the flow or the settings ask, in the published answer shape', () => {
    const fromItems = toActionAnswer({ results: [{ key: 'pin', value: 1234, sanitize: true }, { key: 'status', value: 'ok' }] });
    const fromSettings = toActionAnswer({ email: 'ana@example.com', status: 'ok' }, { sanitize: ['email'] });
    expect(fromItems).toEqual({ results: [{ key: 'pin', value: '1234', sanitize: true }, { key: 'status', value: 'ok' }] });
    expect(fromSettings).toEqual({ results: [{ key: 'email', value: 'ana@example.com', sanitize: true }, { key: 'status', value: 'ok' }] });
    expect(conformance(actionWebhookAnswer, fromItems)).toEqual([]);
    expect(conformance(actionWebhookAnswer, fromSettings)).toEqual([]);
  });
});
