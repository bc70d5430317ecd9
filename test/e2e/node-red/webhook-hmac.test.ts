// relais-agent-events with an HMAC secret in a real Node-RED with the DEFAULT roots (httpAdminRoot "/"
// and httpNodeRoot "/"): the admin app is mounted first and parses every JSON body, so before the raw
// body capture (nodes/node-red/lib/raw-body.ts) every signed delivery got 401 missing_signature (seen in
// bench/webhook). Now a signed action trigger reaches the flow and gets its answer, a bad signature is
// refused, an oversized body gets 413, and a core `http in` endpoint still receives parsed JSON.
import { signatureHeaders, SECRET_HEADER } from '../../../src/conversation';
import { startNodeRed, type FlowNode, type NodeRed } from '../../support/node-red';
import { relaisTarball } from '../../support/tarball';

const BOT = 'bot-hmac-e2e';
const SECRET = 'whsec-E2e-Hmac-1';
const HMAC = 'hmac-E2e-Secret-2';
const TAB = 'hmac.tab';

const flows: FlowNode[] = [
  { id: TAB, type: 'tab', label: 'relais hmac' },
  { id: 'hmac.platform', type: 'relais-agent-platform', base_url: 'https://api.ultimate.ai', bot_id: BOT, credentials: { api_key: 'unused-here' } },
  {
    id: 'hmac.events',
    type: 'relais-agent-events',
    z: TAB,
    platform: 'hmac.platform',
    path: '/relais/agent',
    answer_timeout_ms: '8000',
    default_online: false,
    default_results: '',
    credentials: { secret: SECRET, hmac_secret: HMAC },
    wires: [['hmac.answer']],
  },
  {
    id: 'hmac.answer',
    type: 'function',
    z: TAB,
    outputs: 1,
    func: "if (msg.topic !== 'action') return null;\nmsg.payload = { order_status: 'shipped', order_number: msg.variables.order_number };\nreturn msg;",
    wires: [['hmac.reply']],
  },
  { id: 'hmac.reply', type: 'relais-agent-reply', z: TAB, answer: 'payload', answerType: 'msg', wires: [] },
  // A core endpoint on the same server: its JSON must still be parsed as before.
  { id: 'hmac.in', type: 'http in', z: TAB, url: '/core/echo', method: 'post', wires: [['hmac.out']] },
  { id: 'hmac.out', type: 'http response', z: TAB, statusCode: '', headers: {}, wires: [] },
];

function actionTrigger(order: string): string {
  return JSON.stringify({ botId: BOT, conversationId: 'conv-h', platformConversationId: 'conv-h', name: 'lookup_order', data: [{ key: 'order_number', value: order }] });
}

describe('relais-agent-events: HMAC under Node-RED default settings (admin app at "/")', () => {
  let red: NodeRed;
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${red.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(20_000) });

  beforeAll(async () => {
    red = await startNodeRed({ tarball: relaisTarball(), settings: { httpAdminRoot: '/', httpNodeRoot: '/' }, startTimeoutMs: 60_000 });
    await red.deploy(flows);
  }, 240_000);

  afterAll(async () => {
    await red?.stop();
  });

  it('accepts a correctly signed delivery and the flow answers it', async () => {
    const body = actionTrigger('4242');
    const reply = await post('/relais/agent', body, { [SECRET_HEADER]: SECRET, ...signatureHeaders(HMAC, body) });
    const text = await reply.text();
    expect({ status: reply.status, text }).toEqual({ status: 200, text: expect.stringContaining('4242') });
    expect(JSON.parse(text).results).toEqual(expect.arrayContaining([{ key: 'order_number', value: '4242' }]));
  });

  it('accepts a signed delivery on the token path too', async () => {
    const body = actionTrigger('77');
    const reply = await post(`/relais/agent/${SECRET}`, body, signatureHeaders(HMAC, body));
    expect(reply.status).toBe(200);
  });

  it('refuses a bad signature', async () => {
    const signedFor = actionTrigger('1');
    const body = actionTrigger('2');
    const reply = await post('/relais/agent', body, { [SECRET_HEADER]: SECRET, ...signatureHeaders(HMAC, signedFor) });
    expect(reply.status).toBe(401);
    expect(await reply.text()).toContain('invalid_signature');
  });

  it('answers 413 to a body over the webhook limit', async () => {
    const body = JSON.stringify({ botId: BOT, pad: 'x'.repeat(300 * 1024) });
    const reply = await post('/relais/agent', body, { [SECRET_HEADER]: SECRET, ...signatureHeaders(HMAC, body) });
    expect(reply.status).toBe(413);
  });

  it('leaves other endpoints and the admin API to their parsers, and gives no HMAC warning', async () => {
    const echo = await post('/core/echo', '{"n":5}', {});
    expect(await echo.json()).toEqual({ n: 5 });
    const flowsNow = await red.flows();
    expect(flowsNow.flows.some((n) => n.id === 'hmac.events')).toBe(true);
    expect(red.logs()).not.toContain('HMAC verification cannot work');
  });
});
