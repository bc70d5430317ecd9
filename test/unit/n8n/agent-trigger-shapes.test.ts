// Relais Agent Trigger's output for the platform's published payloads (test/support/agent-platform-
// samples.ts: public-api _converse.md and swagger.yaml of custom-crm-automation-template@bce854aa):
// every item holds the whole event with nothing lost, the platform's replyId as agentReplyId beside the
// trigger's own relais.reply_id; and Relais Respond to Agent marks sanitised keys in the published
// answer shape (swagger.yaml ActionWebhookResponseBody).
import type { IDataObject, IExecuteResponsePromiseData, INodeExecutionData } from 'n8n-workflow';
import { RelaisRespondToAgent } from '../../../nodes/n8n/RelaisRespondToAgent/RelaisRespondToAgent.node';
import { actionWebhookAnswer, conformance } from '../../support/agent-platform-schema';
import * as samples from '../../support/agent-platform-samples';
import { wireBodyOf } from '../../support/agent-platform-roundtrip';
import { executeContext } from '../../support/n8n-context';
import { startWebhookHost, type WebhookHost } from './webhook-host';

const BOT_ID = '618a30beee4e8e87d2f94015';
const credentials = { relaisAgentPlatformApi: { baseUrl: '', botId: BOT_ID, apiKey: 'key-shapes-1234567', allowPrivateNetwork: true } };

async function respond(items: INodeExecutionData[], sendResponse: (r: IExecuteResponsePromiseData) => Promise<void>, parameters: Record<string, unknown>) {
  const { context } = executeContext({ parameters, items, sendResponse });
  return (await new RelaisRespondToAgent().execute.call(context))[0];
}

describe('Relais Agent Trigger with the published payloads', () => {
  let host: WebhookHost;
  beforeAll(async () => {
    host = await startWebhookHost({ parameters: { path: 'shapes', answerTimeoutSeconds: 5, defaultResults: '{}', defaultIsOnline: false }, credentials }, async (items, sendResponse) => {
      const event = items[0].json;
      if (event.type === 'isTeamOnline') await respond(items, sendResponse, { isOnline: true });
      if (event.type === 'action' && event.name === 'lookup_order') {
        await respond(items, sendResponse, { answerWith: 'fields', results: { result: [{ key: 'email', value: 'ana@example.com', sanitize: true }, { key: 'status', value: 'shipped', sanitize: false }] } });
      } else if (event.type === 'action') {
        await respond(items, sendResponse, { answerWith: 'json', answerJson: '{"balance": "1234.56", "userId": "aaaaaa123"}', sanitizeKeys: 'userId, unknown_key' });
      }
    });
  });
  afterAll(async () => {
    await host.idle();
    await host.close();
  });

  const deliver = async (body: unknown) => {
    const response = await fetch(`${host.url}/webhook/shapes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as IDataObject) : undefined };
  };

  it.each(samples.webhookSamples)('%s: the item holds the whole event', async (_name, sample) => {
    const body = { ...sample, botId: BOT_ID };
    const before = host.runs.length;
    expect((await deliver(body)).status).toBe(200);
    const [item] = host.runs[before];
    const { relais, raw, ...event } = item.json as IDataObject & { relais: IDataObject };
    expect(raw).toEqual(body);
    expect(wireBodyOf(event)).toEqual(body);
    expect(typeof relais.needs_answer).toBe('boolean');
  });

  it('names the platform replyId agentReplyId, apart from the trigger\'s per-delivery relais.reply_id', async () => {
    const before = host.runs.length;
    await deliver({ ...samples.carouselWithLinks, botId: BOT_ID, data: { ...samples.carouselWithLinks.data, messageId: 'm-reply-ids' } });
    const json = host.runs[before][0].json as IDataObject & { relais: IDataObject; carouselCards: IDataObject[] };
    expect(json).toMatchObject({ id: 'm-reply-ids', messageId: 'm-reply-ids', agentReplyId: '61e5439dce4387001311d6db', confidence: 0.64, messageType: 'carousel', channel: 'chat' });
    expect(json.relais.reply_id).toBeUndefined(); // a sendMessage needs no answer: no delivery id to answer
    expect((json.carouselCards[0].buttons as IDataObject[]).map((b) => b.type)).toEqual(['button', 'link']);
    const beforeAction = host.runs.length;
    await deliver({ ...samples.actionWithSaveAs, botId: BOT_ID, platformConversationId: 'reply-ids' }); // not a duplicate of the first delivery
    const action = host.runs[beforeAction][0].json as IDataObject & { relais: IDataObject };
    expect(typeof action.relais.reply_id).toBe('string');
    expect(action.agentReplyId).toBeUndefined();
  });

  it('Respond to Agent sends sanitize: true for the rows and the keys the user marked', async () => {
    const rows = await deliver({ ...samples.actionWithSaveAs, botId: BOT_ID, platformConversationId: 'sanitize-rows' });
    expect(rows).toEqual({ status: 200, body: { results: [{ key: 'email', value: 'ana@example.com', sanitize: true }, { key: 'status', value: 'shipped' }] } });
    const json = await deliver({ ...samples.publishedAction, botId: BOT_ID, platformConversationId: 'sanitize-json' });
    expect(json).toEqual({ status: 200, body: { results: [{ key: 'balance', value: '1234.56' }, { key: 'userId', value: 'aaaaaa123', sanitize: true }] } });
    expect(conformance(actionWebhookAnswer, rows.body)).toEqual([]);
    expect(conformance(actionWebhookAnswer, json.body)).toEqual([]);
  });
});

describe('Relais Agent Trigger answering escalations (Answer Escalations on)', () => {
  let host: WebhookHost;
  beforeAll(async () => {
    host = await startWebhookHost(
      { parameters: { path: 'escalations', answerTimeoutSeconds: 5, defaultResults: '{}', defaultIsOnline: false, answerEscalations: true }, credentials },
      async (items, sendResponse) => {
        const event = items[0].json;
        // The hand-over succeeds for the "support" team only.
        if (event.type === 'escalate') await respond(items, sendResponse, { escalated: event.escalateTo === 'support' });
      },
    );
  });
  afterAll(async () => {
    await host.idle();
    await host.close();
  });

  it('answers 200 when Respond to Agent says the hand-over succeeded, 503 when it failed', async () => {
    const post = (escalateTo: string) =>
      fetch(`${host.url}/webhook/escalations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...samples.escalateWithChannel, botId: BOT_ID, data: { ...samples.escalateWithChannel.data, escalateTo } }) });
    expect((await post('support')).status).toBe(200);
    expect((await post('sales')).status).toBe(503);
    expect(host.runs.map((items) => (items[0].json.relais as IDataObject).needs_answer)).toEqual([true, true]);
  });
});
