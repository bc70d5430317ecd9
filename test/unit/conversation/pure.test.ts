// The host-free parts the Node-RED and n8n adapters reuse: parsing, answers, verification, dedupe,
// ordering and pending answers.
import fc from 'fast-check';
import {
  createDeduper,
  createKeyedQueue,
  createPendingAnswers,
  deliveryId,
  normaliseValues,
  parseAgentEvent,
  safeEqual,
  signBody,
  toActionAnswer,
  toTeamOnlineAnswer,
  verifyDelivery,
  verifySignature,
} from '../../../src/conversation';
import { RelaisError } from '../../../src/errors';

describe('parseAgentEvent', () => {
  // The published shapes (swagger.yaml at bce854aa): buttons {text, type}, carouselCards; public-api's
  // table types buttons as string[], so a plain string is a button too. The invented spellings of the
  // past (label/payload/title/value, `carousel: {cards}`, subtitle/image) are not read any more.
  it('normalises buttons and carousel cards in the published shape', () => {
    const event = parseAgentEvent(
      {
        botId: 'b',
        data: {
          eventType: 'sendMessage',
          platformConversationId: 'c',
          text: 'Pick one',
          buttons: ['Yes', { text: 'No', type: 'button' }, { text: 'https://example.com/', type: 'link' }, { nothing: true }],
          carouselCards: [{ title: 'A', description: '1 €', imageUrl: 'https://example.com/a.png', buttons: [{ text: 'Buy', type: 'button' }] }, { title: 'B', buttons: [] }],
        },
      },
      'id-1',
    );
    expect(event).toMatchObject({
      type: 'sendMessage',
      id: 'id-1',
      messageType: 'carousel',
      text: 'Pick one',
      buttons: [
        { text: 'Yes', type: 'button' },
        { text: 'No', type: 'button' },
        { text: 'https://example.com/', type: 'link', url: 'https://example.com/' },
      ],
      carouselCards: [
        { index: 0, title: 'A', description: '1 €', imageUrl: 'https://example.com/a.png', buttons: [{ text: 'Buy', type: 'button' }] },
        { index: 1, title: 'B', buttons: [] },
      ],
    });
    const invented = parseAgentEvent({ botId: 'b', data: { eventType: 'sendMessage', platformConversationId: 'c', type: 'text', carousel: { cards: [{ title: 'X' }] }, buttons: [{ title: 'Y', value: 'y' }] } }, 'i');
    expect(invented).toMatchObject({ messageType: 'text', carouselCards: [], buttons: [] });
  });

  it('normalises action data given as strings, arrays of strings or other values', () => {
    const event = parseAgentEvent(
      { botId: 'b', conversationId: 's', platformConversationId: 'c', name: 'crm', data: [{ key: 'a', value: 'x' }, { key: 'b', value: ['y', 'z'], saveAs: 'bb' }, { key: 'c', value: 3 }, { key: 'd' }] },
      'i',
    );
    expect(event).toMatchObject({
      type: 'action',
      name: 'crm',
      data: [
        { key: 'a', value: 'x', values: ['x'] },
        { key: 'b', value: 'y, z', values: ['y', 'z'], saveAs: 'bb' },
        { key: 'c', value: '3', values: ['3'] },
        { key: 'd', value: '', values: [] },
      ],
      variables: { a: 'x', b: 'y, z', c: '3', d: '' },
    });
    expect(normaliseValues([['a'], { k: 1 }, null])).toEqual(['a', '{"k":1}']);
  });

  it('names every problem of an event it cannot accept', () => {
    try {
      parseAgentEvent({ botId: 'b', name: 'x', data: [{ value: 1 }, 'bad'] }, 'i');
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(RelaisError);
      expect((error as RelaisError).issues.map((i) => i.path)).toEqual(['data.0.key', 'data.1.key']);
      expect((error as RelaisError).status).toBe(400);
    }
    expect(() => parseAgentEvent('text', 'i')).toThrow(RelaisError);
    expect(() => parseAgentEvent({ botId: 'b', data: { eventType: 'escalate' } }, 'i')).toThrow(/platformConversationId/);
  });

  it('passes unknown shapes through as unknown events', () => {
    expect(parseAgentEvent({ botId: 'b', hello: 1 }, 'i')).toEqual({ type: 'unknown', id: 'i', botId: 'b', raw: { botId: 'b', hello: 1 } });
  });

  it('gives the same delivery id to the same bytes only', () => {
    expect(deliveryId('{"a":1}')).toBe(deliveryId(Buffer.from('{"a":1}')));
    expect(deliveryId('{"a":1}')).not.toBe(deliveryId('{"a":2}'));
  });
});

describe('answers', () => {
  it('turns what a flow returns into {results} with string values', () => {
    expect(toActionAnswer(undefined)).toEqual({ results: [] });
    expect(toActionAnswer([{ key: 'a', value: 1 }])).toEqual({ results: [{ key: 'a', value: '1' }] });
    expect(toActionAnswer({ results: [{ key: 'a.b-c_1', value: { x: 1 } }] })).toEqual({ results: [{ key: 'a.b-c_1', value: '{"x":1}' }] });
    expect(() => toActionAnswer('text')).toThrow(RelaisError);
    expect(() => toActionAnswer({ ['k'.repeat(129)]: 1 })).toThrow(/1–128/);
  });

  it('always produces string values and valid keys (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/), fc.jsonValue()), (input) => {
        const { results } = toActionAnswer(input);
        expect(results.map((r) => r.key)).toEqual(Object.keys(input));
        for (const result of results) expect(typeof result.value).toBe('string');
      }),
    );
  });

  it('reads isOnline from a boolean, an object or "true"/"false"', () => {
    expect(toTeamOnlineAnswer(true)).toEqual({ isOnline: true });
    expect(toTeamOnlineAnswer({ isOnline: false })).toEqual({ isOnline: false });
    expect(toTeamOnlineAnswer('true')).toEqual({ isOnline: true });
    expect(() => toTeamOnlineAnswer('yes')).toThrow(RelaisError);
  });
});

describe('verification', () => {
  it('compares in constant time and only equal strings are equal', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });

  it('verifies a signature at the edges of the window', () => {
    const body = '{"x":1}';
    const now = 1_800_000_000_000;
    const at = (seconds: number) => ({ 'x-relais-timestamp': String(seconds), 'x-relais-signature': signBody('k', body, seconds) });
    expect(verifySignature('k', at(now / 1000 - 299), body, now)).toBeUndefined();
    expect(verifySignature('k', at(now / 1000 - 301), body, now)).toBe('stale_timestamp');
    expect(verifySignature('k', { ...at(now / 1000), 'x-relais-timestamp': '1e9' }, body, now)).toBe('stale_timestamp');
    expect(verifyDelivery({ hmac_secret: 'k', headers: at(now / 1000) })).toBe('missing_signature');
    expect(verifyDelivery({ secret: 's', headers: { 'X-Relais-Secret': 's' } })).toBeUndefined();
  });
});

describe('createDeduper', () => {
  it('remembers a key for the window, then forgets it', async () => {
    let now = 0;
    const dedupe = createDeduper<number>({ window_ms: 1000, now: () => now });
    let runs = 0;
    const produce = async () => ++runs;
    expect(await dedupe.once('k', produce).result).toBe(1);
    now = 999;
    expect(dedupe.once('k', produce)).toMatchObject({ duplicate: true });
    now = 1000;
    expect(dedupe.once('k', produce).duplicate).toBe(false);
    expect(runs).toBe(2);
  });

  it('stays bounded, forgetting the oldest first', () => {
    const dedupe = createDeduper<number>({ window_ms: 60_000, max_entries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) dedupe.once(key, async () => 0);
    expect(dedupe.size()).toBe(3);
    expect(dedupe.once('a', async () => 1).duplicate).toBe(false);
    expect(dedupe.once('d', async () => 1).duplicate).toBe(true);
  });
});

describe('createKeyedQueue', () => {
  it('runs tasks of one key in order, other keys in parallel, and survives failures', async () => {
    const queue = createKeyedQueue();
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a1 = queue.run('a', async () => {
      await gate;
      order.push('a1');
      throw new Error('a1 failed');
    });
    const a2 = queue.run('a', () => order.push('a2'));
    const b1 = queue.run('b', () => order.push('b1'));
    await b1;
    expect(order).toEqual(['b1']);
    release();
    await expect(a1).rejects.toThrow('a1 failed');
    await a2;
    expect(order).toEqual(['b1', 'a1', 'a2']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.active()).toBe(0);
  });
});

describe('createKeyedQueue hold', () => {
  it('lets the next task of a key start once a hung task has held its turn for hold_ms', async () => {
    const queue = createKeyedQueue();
    const hung = queue.run('k', () => new Promise(() => undefined), 30);
    const started = Date.now();
    await queue.run('k', () => 'next');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    void hung;
  });

  it('does not wait for the hold when the task settles first', async () => {
    const queue = createKeyedQueue();
    await queue.run('k', () => 'quick', 60_000);
    const started = Date.now();
    await queue.run('k', () => 'next');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('createPendingAnswers', () => {
  it('hands an answer given later to the waiting event, and drops it on abort', async () => {
    const pending = createPendingAnswers();
    const waiting = pending.wait('e1');
    expect(pending.resolve('e1', { ok: 1 })).toBe(true);
    await expect(waiting).resolves.toEqual({ ok: 1 });
    expect(pending.resolve('e1', {})).toBe(false);

    const controller = new AbortController();
    const late = pending.wait('e2', controller.signal);
    controller.abort(new Error('deadline'));
    await expect(late).rejects.toThrow('deadline');
    expect(pending.size()).toBe(0);
    expect(pending.resolve('e2', {})).toBe(false);
  });
});
