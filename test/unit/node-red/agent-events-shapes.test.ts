// relais-agent-events in a real Node-RED runtime (node-red-node-test-helper) fed the platform's
// published payloads (test/support/agent-platform-samples.ts: public-api _converse.md and swagger.yaml
// of custom-crm-automation-template@bce854aa): every msg.payload holds the whole event with nothing
// lost; relais-agent-reply's "Sanitised keys" answers in the published shape (ActionWebhookResponseBody).
import { request } from 'node:http';
import { listen, type Listening } from '../../support/emulator-rig';
import { actionWebhookAnswer, conformance } from '../../support/agent-platform-schema';
import * as samples from '../../support/agent-platform-samples';
import { wireBodyOf } from '../../support/agent-platform-roundtrip';
import { nodeModule } from './support/build';
import { helper, helperNode, relaisNodes, tempUserDir, type Msg } from './support/harness';

jest.setTimeout(120_000);

const BOT = '618a30beee4e8e87d2f94015';
const userDir = tempUserDir();
let httpNode: ((req: unknown, res: unknown) => void) | undefined;
let server: Listening;

function nodes() {
  const capturing = (RED: { httpNode: (req: unknown, res: unknown) => void }) => {
    httpNode = RED.httpNode;
    return nodeModule('relais-agent-events')(RED);
  };
  return [...relaisNodes().filter((n) => n !== nodeModule('relais-agent-events')), capturing];
}

beforeAll(async () => {
  helper.settings({ userDir: userDir.dir, relais: {} });
  await helper.startServer();
  server = await listen((req, res) => (httpNode ? httpNode(req, res) : res.writeHead(503).end()));
});
afterAll(async () => {
  await helper.unload();
  await helper.stopServer();
  await server.close();
  userDir.remove();
});

function post(body: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(`${server.url}/relais/agent`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
    });
    req.on('error', reject);
    req.end(text);
  });
}

describe('relais-agent-events with the published payloads', () => {
  const emitted: Msg[] = [];
  beforeAll(async () => {
    await helper.load(nodes(), [
      { id: 'p1', type: 'relais-agent-platform', bot_id: BOT },
      { id: 'events', type: 'relais-agent-events', platform: 'p1', path: '/relais/agent', answer_timeout_ms: '5000', allow_no_secret: true, wires: [['evt']] },
      { id: 'reply', type: 'relais-agent-reply', answer: 'payload', answerType: 'msg', sanitize: 'email, userId', wires: [] },
      helperNode('evt'),
    ]);
    // The flow between the two nodes: answers action triggers and isTeamOnline.
    helper.getNode('evt').on('input', (msg: Msg) => {
      emitted.push(msg);
      if (msg.payload.type === 'isTeamOnline') helper.getNode('reply').receive({ ...msg, payload: true });
      if (msg.payload.type === 'action') helper.getNode('reply').receive({ ...msg, payload: { email: 'ana@example.com', status: 'shipped' } });
    });
  });

  it.each(samples.webhookSamples)('%s: msg.payload holds the whole event', async (_name, sample) => {
    const body = { ...sample, botId: BOT };
    const before = emitted.length;
    const answer = await post(body);
    expect(answer.status).toBe(200);
    const msg = emitted[before];
    expect(msg.payload.raw).toEqual(body);
    expect(wireBodyOf(msg.payload)).toEqual(body);
    expect(msg.topic).toBe(msg.payload.type);
  });

  it('reads the carousel card by card, with each button kind', async () => {
    const before = emitted.length;
    await post({ ...samples.carouselWithLinks, botId: BOT, data: { ...samples.carouselWithLinks.data, messageId: 'nr-carousel-2' } });
    const { payload } = emitted[before];
    expect(payload).toMatchObject({ id: 'nr-carousel-2', messageId: 'nr-carousel-2', agentReplyId: '61e5439dce4387001311d6db', confidence: 0.64, messageType: 'carousel', channel: 'chat' });
    expect(payload.carouselCards.map((card: Msg) => [card.index, card.imageUrl, card.buttons.map((b: Msg) => b.type)])).toEqual([
      [0, 'https://cdn.example.com/card-1.png', ['button', 'link']],
      [1, 'https://cdn.example.com/card-2.png', ['button']],
    ]);
  });

  it('answers with sanitize: true for the keys set in relais-agent-reply', async () => {
    const answer = await post({ ...samples.actionWithSaveAs, botId: BOT, platformConversationId: 'nr-sanitize' });
    expect(answer).toEqual({ status: 200, body: { results: [{ key: 'email', value: 'ana@example.com', sanitize: true }, { key: 'status', value: 'shipped' }] } });
    expect(conformance(actionWebhookAnswer, answer.body)).toEqual([]);
  });
});

describe('relais-agent-events answering escalations', () => {
  beforeAll(async () => {
    await helper.unload();
    await helper.load(nodes(), [
      { id: 'p1', type: 'relais-agent-platform', bot_id: BOT },
      { id: 'events', type: 'relais-agent-events', platform: 'p1', path: '/relais/agent', answer_timeout_ms: '5000', answer_escalate: true, allow_no_secret: true, wires: [['evt']] },
      { id: 'reply', type: 'relais-agent-reply', answer: 'payload', answerType: 'msg', wires: [] },
      helperNode('evt'),
    ]);
    // The hand-over succeeds for the "support" team only.
    helper.getNode('evt').on('input', (msg: Msg) => {
      if (msg.payload.type === 'escalate') helper.getNode('reply').receive({ ...msg, payload: msg.payload.escalateTo === 'support' });
    });
  });

  it('answers 200 when relais-agent-reply says the hand-over succeeded, 503 when it failed', async () => {
    const escalate = (escalateTo: string) => ({ ...samples.escalateWithChannel, botId: BOT, data: { ...samples.escalateWithChannel.data, escalateTo } });
    expect(await post(escalate('support'))).toEqual({ status: 200, body: {} });
    expect(await post(escalate('sales'))).toEqual({ status: 503, body: {} });
  });
});
