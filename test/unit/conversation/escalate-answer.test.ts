// Escalations answered by the flow (`answer_escalate`), over real loopback HTTP. The template's
// src/services/ConverseWebhook.service.ts (custom-crm-automation-template@bce854aa) says escalate "will
// be processed SYNCHRONOUSLY and respond if the escalation was successful (200) or not (4xx-5xx)";
// public-api and Zendesk's chat webhook page say to acknowledge at once — so 200 at once stays the
// default, and the flow's answer is opt-in.
import { createAgentWebhook, toEscalateStatus, type AgentEvent } from '../../../src/conversation';
import { listen, type Listening } from '../../support/emulator-rig';
import { escalateWithChannel } from '../../support/agent-platform-samples';

const BOT = escalateWithChannel.botId;
let server: Listening | undefined;

async function serve(options: { answer_escalate?: boolean; answer_timeout_ms?: number; escalated?: boolean }, answer: (event: AgentEvent) => unknown) {
  const handler = createAgentWebhook({ bot_id: BOT, answer_escalate: options.answer_escalate, answer_timeout_ms: options.answer_timeout_ms, default_answer: { escalated: options.escalated }, onEvent: answer });
  server = await listen((req, res) => void handler(req, res));
  return server.url;
}

const escalate = (conversation: string) => ({ ...escalateWithChannel, data: { ...escalateWithChannel.data, platformConversationId: conversation } });
async function post(url: string, body: unknown) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.text() };
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('escalate answered by the flow', () => {
  it('answers 200 or 4xx/5xx from what the flow says about the hand-over', async () => {
    const outcomes: Record<string, unknown> = { 'esc-ok': true, 'esc-no': false, 'esc-busy': { escalated: false, status: 409 }, 'esc-yes': { escalated: true } };
    const url = await serve({ answer_escalate: true }, (event) => (event.type === 'escalate' ? outcomes[event.platformConversationId] : undefined));
    expect(await post(url, escalate('esc-ok'))).toEqual({ status: 200, body: '{}' });
    expect(await post(url, escalate('esc-no'))).toEqual({ status: 503, body: '{}' });
    expect(await post(url, escalate('esc-busy'))).toEqual({ status: 409, body: '{}' });
    expect(await post(url, escalate('esc-yes'))).toEqual({ status: 200, body: '{}' });
  });

  it('counts a late or failing flow as a failed hand-over, unless the default says otherwise', async () => {
    const url = await serve({ answer_escalate: true, answer_timeout_ms: 100 }, () => new Promise(() => undefined));
    expect((await post(url, escalate('esc-late'))).status).toBe(503);
    await server?.close();
    const lenient = await serve({ answer_escalate: true, escalated: true }, () => {
      throw new Error('the hand-over system is down');
    });
    expect((await post(lenient, escalate('esc-broken'))).status).toBe(200);
  });

  it('answers 200 at once without the opt-in, whatever the flow does', async () => {
    const url = await serve({}, () => new Promise(() => undefined));
    const started = Date.now();
    expect(await post(url, escalate('esc-default'))).toEqual({ status: 200, body: '{}' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses an answer that is not a hand-over outcome, naming the field', () => {
    expect(() => toEscalateStatus('maybe')).toThrow(expect.objectContaining({ code: 'conversation_error', issues: [{ path: 'escalated', message: 'expected a boolean', fr: 'un booléen est attendu' }] }));
    expect(() => toEscalateStatus({ escalated: false, status: 200 })).toThrow(expect.objectContaining({ issues: [{ path: 'status', message: 'expected an integer from 400 to 599', fr: 'un entier de 400 à 599 est attendu' }] }));
  });
});
