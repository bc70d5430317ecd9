// Relais Agent Trigger and Relais Respond to Agent, driven by the real agent platform emulator over
// loopback: the emulator posts chat events and action triggers to the trigger (hosted by a stand-in
// for n8n's webhook server, ./webhook-host.ts), the workflow answers with Respond to Agent, and the
// emulator's conversation shows the answer was used. Plus refusals (unsigned, wrong bot id), the
// answer deadline with its default answer, and Respond to Agent after the deadline.
import type { IDataObject, IExecuteResponsePromiseData, INodeExecutionData } from 'n8n-workflow';
import { agentTriggerStats } from '../../../nodes/n8n/shared/agent-webhook';
import { RelaisConversation } from '../../../nodes/n8n/RelaisConversation/RelaisConversation.node';
import { RelaisRespondToAgent } from '../../../nodes/n8n/RelaisRespondToAgent/RelaisRespondToAgent.node';
import { signatureHeaders } from '../../../src/conversation/verify';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { executeContext } from '../../support/n8n-context';
import { startWebhookHost, type WebhookHost, type Workflow } from './webhook-host';

const BOT_ID = 'bot-n8n-test';
const API_KEY = 'key-n8n-Secret-123456';
const HMAC = 'hmac-secret-for-tests-0987';

const platformCredential = (extra: IDataObject = {}) => ({ relaisAgentPlatformApi: { baseUrl: '', botId: BOT_ID, apiKey: API_KEY, hmacSecret: HMAC, allowPrivateNetwork: true, ...extra } });

/** Relais Respond to Agent inside the workflow, with n8n's sendResponse for the pending request. */
async function respond(items: INodeExecutionData[], sendResponse: (r: IExecuteResponsePromiseData) => Promise<void>, parameters: Record<string, unknown>) {
  const { context } = executeContext({ parameters, items, sendResponse });
  return (await new RelaisRespondToAgent().execute.call(context))[0];
}

/** The order-status workflow: action triggers get the order's status, isTeamOnline gets "online". */
const orderWorkflow: Workflow = async (items, sendResponse) => {
  const event = items[0].json;
  if (event.type === 'action') {
    const order = (event.variables as IDataObject).order_number;
    await respond(items, sendResponse, { answerWith: 'fields', results: { result: [{ key: 'order_status', value: `shipped (${String(order)})` }] } });
  } else if (event.type === 'isTeamOnline') {
    await respond(items, sendResponse, { isOnline: true });
  }
};

let host: WebhookHost;
let emulator: Emulator;

async function conversation(operation: string, parameters: IDataObject) {
  const { context } = executeContext({ parameters: { operation, ...parameters }, credentials: platformCredential({ baseUrl: emulator.url }) });
  return (await new RelaisConversation().execute.call(context))[0];
}

describe('Relais Agent Trigger + Respond to Agent with the emulator', () => {
  beforeAll(async () => {
    host = await startWebhookHost({ parameters: { path: 'relais-agent', answerTimeoutSeconds: 3, defaultResults: '{}', defaultIsOnline: false }, credentials: platformCredential() }, orderWorkflow);
    emulator = await startEmulator({
      host: '127.0.0.1',
      port: 0,
      bot_id: BOT_ID,
      api_key: API_KEY,
      chat_webhook_url: `${host.url}/webhook/relais-agent`,
      actions_webhook_url: `${host.url}/webhook/relais-agent`,
      signing_secret: HMAC,
    });
  });
  afterAll(async () => {
    await emulator?.close();
    await host?.idle();
    await host?.close();
  });

  it('acknowledges chat events at once and starts the workflow with the normalised event', async () => {
    await conversation('start', { conversationId: 'conv-1', startOptions: { key: 'firstName', value: 'Ana' } });
    const delivered = await emulator.waitFor((e) => e.kind === 'chat_webhook' && e.event === 'sendMessage' && e.platformConversationId === 'conv-1');
    expect(delivered.status).toBe(200);
    await host.idle();
    const run = host.runs.find((items) => items[0].json.platformConversationId === 'conv-1');
    expect(run?.[0].json.type).toBe('sendMessage');
    expect(String(run?.[0].json.text)).toContain('Ana');
    expect((run?.[0].json.relais as IDataObject).needs_answer).toBe(false);
  });

  it('answers an action trigger through Respond to Agent; the agent reads the result back', async () => {
    await conversation('message', { conversationId: 'conv-1', text: 'track my order 1002' });
    const said = await emulator.waitFor((e) => e.kind === 'chat_webhook' && e.event === 'sendMessage' && JSON.stringify(e.body).includes('1002'));
    expect(JSON.stringify(said.body)).toContain('shipped (1002)');
    const action = emulator.exchanges().find((e) => e.kind === 'actions_webhook' && e.event === 'lookup_order');
    expect(action?.answer).toEqual({ results: [{ key: 'order_status', value: 'shipped (1002)' }] });
    expect(host.lateResponses).toBe(0);
  });

  it('answers isTeamOnline through Respond to Agent, and the agent escalates', async () => {
    await conversation('message', { conversationId: 'conv-1', text: 'I want a human' });
    const escalated = await emulator.waitFor((e) => e.kind === 'chat_webhook' && e.event === 'escalate');
    expect(escalated.platformConversationId).toBe('conv-1');
    const asked = emulator.exchanges().find((e) => e.event === 'isTeamOnline');
    expect(asked?.answer).toEqual({ isOnline: true });
  });

  it('sends metadata and ends the session through Relais Conversation', async () => {
    const [metadata] = await conversation('metadata', { conversationId: 'conv-1', key: 'plan', value: 'gold', sanitize: false });
    expect(metadata.json.status).toBe(200);
    const [ended] = await conversation('end', { conversationId: 'conv-1' });
    expect((ended.json.request as IDataObject).eventType).toBe('endSession');
    const [session] = emulator.sessions('conv-1');
    expect(session.metadata.plan).toBe('gold');
  });

  it('turns a refused API key into a conversation_error item with status 401, without the key', async () => {
    const { context } = executeContext({ parameters: { operation: 'message', conversationId: 'conv-2', text: 'hi' }, credentials: platformCredential({ baseUrl: emulator.url, apiKey: 'wrong-key-5555555' }), continueOnFail: true });
    const [output] = await new RelaisConversation().execute.call(context);
    const error = output[0].json.error as IDataObject;
    expect(error.code).toBe('conversation_error');
    expect(error.status).toBe(401);
    expect(JSON.stringify(output)).not.toContain('wrong-key-5555555');
  });

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const actionTrigger = { botId: BOT_ID, conversationId: 'c', platformConversationId: 'conv-9', name: 'lookup_order', data: [{ key: 'order_number', value: '77' }] };

  it('refuses an unsigned delivery when an HMAC secret is set, and starts nothing', async () => {
    const response = await post(`${host.url}/webhook/relais-agent`, actionTrigger);
    expect(response.status).toBe(401);
    expect(host.runs.some((items) => items[0].json.platformConversationId === 'conv-9')).toBe(false);
  });

  it('accepts a delivery signed with the HMAC secret and answers it with the workflow\'s results', async () => {
    const raw = JSON.stringify({ ...actionTrigger, platformConversationId: 'conv-10' });
    const response = await fetch(`${host.url}/webhook/relais-agent`, { method: 'POST', headers: { 'content-type': 'application/json', ...signatureHeaders(HMAC, raw) }, body: raw });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ results: [{ key: 'order_status', value: 'shipped (77)' }] });
  });

});

describe('Relais Agent Trigger refusals and deadline', () => {
  let slowHost: WebhookHost;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const lateAnswers: IDataObject[] = [];

  beforeAll(async () => {
    // This workflow answers only after the deadline (1 s) has passed.
    slowHost = await startWebhookHost(
      { parameters: { path: 'relais-agent', answerTimeoutSeconds: 1, defaultResults: '{"order_status": "unknown"}', defaultIsOnline: false }, credentials: platformCredential({ hmacSecret: '' }) },
      async (items, sendResponse) => {
        await released;
        const [out] = await respond(items, sendResponse, { answerWith: 'json', answerJson: '{"order_status": "late"}' });
        lateAnswers.push(out.json);
      },
    );
  });
  afterAll(async () => {
    release();
    await slowHost.idle();
    await slowHost.close();
  });

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const actionTrigger = { botId: BOT_ID, conversationId: 'c', platformConversationId: 'conv-9', name: 'lookup_order', data: [{ key: 'order_number', value: '77' }] };

  it('refuses an event for another bot id', async () => {
    const response = await post(`${slowHost.url}/webhook/relais-agent`, { ...actionTrigger, botId: 'someone-else' });
    expect(response.status).toBe(401);
    expect(slowHost.runs).toHaveLength(0);
  });

  it('sends the default answer when the workflow misses the deadline; the late Respond to Agent does not answer', async () => {
    const started = Date.now();
    const response = await post(`${slowHost.url}/webhook/relais-agent`, actionTrigger);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ results: [{ key: 'order_status', value: 'unknown' }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    release();
    await slowHost.idle();
    expect(lateAnswers).toHaveLength(1);
    expect(lateAnswers[0].answered).toBe(false);
    expect(slowHost.lateResponses).toBe(0);
  });
});

describe('Relais Agent Trigger bookkeeping and failing workflows', () => {
  const name = 'Relais Agent Trigger (stats)';
  let statsHost: WebhookHost;

  beforeAll(async () => {
    // Answers like orderWorkflow, except an action named "explode", which fails before Respond to Agent.
    statsHost = await startWebhookHost(
      { name, parameters: { path: 'relais-agent', answerTimeoutSeconds: 1, defaultResults: '{"order_status": "unknown"}', defaultIsOnline: false }, credentials: platformCredential({ hmacSecret: '' }) },
      async (items, sendResponse) => {
        if (items[0].json.name === 'explode') throw new Error('the order API is down');
        await orderWorkflow(items, sendResponse);
      },
    );
  });
  afterAll(async () => {
    await statsHost.idle().catch(() => undefined);
    await statsHost.close();
  });

  const post = async (body: unknown) => {
    const response = await fetch(`${statsHost.url}/webhook/relais-agent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('answers an action trigger and isTeamOnline through Respond to Agent without logging a flow error or a default answer', async () => {
    const action = await post({ botId: BOT_ID, conversationId: 'c-s', platformConversationId: 'conv-s', name: 'lookup_order', data: [{ key: 'order_number', value: '5' }] });
    const team = await post({ botId: BOT_ID, data: { eventType: 'isTeamOnline', teamId: 'support' } });
    expect([action, team]).toEqual([
      { status: 200, body: { results: [{ key: 'order_status', value: 'shipped (5)' }] } },
      { status: 200, body: { isOnline: true } },
    ]);
    expect(agentTriggerStats('wf-test', { id: 'node-' + name, name })).toEqual(expect.objectContaining({ dispatched: 2, flow_errors: 0, default_answers: 0 }));
    expect(statsHost.lateResponses).toBe(0);
  });

  it('sends the default answer when the workflow fails before Respond to Agent', async () => {
    const reply = await post({ botId: BOT_ID, conversationId: 'c-x', platformConversationId: 'conv-x', name: 'explode', data: [] });
    expect(reply).toEqual({ status: 200, body: { results: [{ key: 'order_status', value: 'unknown' }] } });
    expect(agentTriggerStats('wf-test', { id: 'node-' + name, name })).toEqual(expect.objectContaining({ default_answers: 1 }));
  });
});

describe('Relais Agent Trigger in queue mode (EXECUTIONS_MODE=queue)', () => {
  // The workflow runs on a worker there: the answer goes through n8n's response relay (sendResponse).
  let queueHost: WebhookHost;
  const previous = process.env.EXECUTIONS_MODE;

  beforeAll(async () => {
    process.env.EXECUTIONS_MODE = 'queue';
    // This stand-in host has no queue Redis: the ledger is this process's memory (test/e2e/n8n covers Redis).
    queueHost = await startWebhookHost({ name: 'Relais Agent Trigger (queue)', parameters: { path: 'relais-agent', answerTimeoutSeconds: 2, defaultResults: '{}', defaultIsOnline: false, deliveryLedger: 'memory' }, credentials: platformCredential({ hmacSecret: '' }) }, orderWorkflow);
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.EXECUTIONS_MODE;
    else process.env.EXECUTIONS_MODE = previous;
    await queueHost.idle();
    await queueHost.close();
  });

  it('answers an action trigger with Respond to Agent through sendResponse', async () => {
    const response = await fetch(`${queueHost.url}/webhook/relais-agent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ botId: BOT_ID, conversationId: 'c-q', platformConversationId: 'conv-q', name: 'lookup_order', data: [{ key: 'order_number', value: '9' }] }),
    });
    expect({ status: response.status, body: (await response.json()) as unknown }).toEqual({ status: 200, body: { results: [{ key: 'order_status', value: 'shipped (9)' }] } });
    expect(queueHost.runs[0][0].json.relais).toEqual(expect.objectContaining({ answer_via: 'send_response' }));
    expect(queueHost.lateResponses).toBe(0);
  });
});

describe('Relais Agent Trigger with identical deliveries in flight at once', () => {
  const name = 'Relais Agent Trigger (twins)';
  let twinsHost: WebhookHost;
  let runs = 0;

  beforeAll(async () => {
    // The first run answers "online" after the second run has answered "offline": each request must
    // still get the answer of the run it started.
    twinsHost = await startWebhookHost(
      { name, parameters: { path: 'relais-agent', answerTimeoutSeconds: 2, defaultResults: '{}', defaultIsOnline: false }, credentials: platformCredential({ hmacSecret: '' }) },
      async (items, sendResponse) => {
        const run = ++runs;
        if (run === 1) await new Promise((resolve) => setTimeout(resolve, 150));
        await respond(items, sendResponse, { isOnline: run === 1 });
      },
    );
  });
  afterAll(async () => {
    await twinsHost.idle().catch(() => undefined);
    await twinsHost.close();
  });

  it('two visitors asking isTeamOnline with the same body each get the answer of their own run', async () => {
    const ask = async () => {
      const response = await fetch(`${twinsHost.url}/webhook/relais-agent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ botId: BOT_ID, data: { eventType: 'isTeamOnline', teamId: 'support' } }) });
      return (await response.json()) as { isOnline: boolean };
    };
    const first = ask();
    // The second delivery once the first run has started (and is waiting to answer).
    while (runs < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = ask();
    expect(await Promise.all([first, second])).toEqual([{ isOnline: true }, { isOnline: false }]);
    expect(agentTriggerStats('wf-test', { id: 'node-' + name, name })).toEqual(expect.objectContaining({ dispatched: 2, default_answers: 0 }));
  });
});
