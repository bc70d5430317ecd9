// Relais Agent Trigger and Relais Respond to Agent inside a real `n8n start`: workflows published with the
// CLI, then called on their production webhook URLs as the agent platform would call them, with
// HMAC-signed bodies. An action trigger is answered by Respond to Agent after a Relais HTTP Request
// looked the order up; a chat event is acknowledged at once and the workflow answers the visitor
// through Relais Conversation (the agent platform emulator records it); unsigned calls get 401.
// The three examples/n8n workflows run here too, as shipped but pointed at the local servers.
import { existsSync, readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { signatureHeaders } from '../../../src/conversation/verify';
import { createN8nHost, RELAIS_PACKAGE, type N8nHost, type N8nServer, type Workflow } from '../../support/n8n';
import { relaisTarball } from '../../support/tarball';
import * as samples from '../../support/agent-platform-samples';
import { wireBodyOf } from '../../support/agent-platform-roundtrip';
import { actionWebhookAnswer, conformance } from '../../support/agent-platform-schema';
import { ORDER_API_TOKEN, startOrderApi, type OrderApi } from './order-api';
import { postJson, type Reply } from './post-json';
import { startToolCallingModel, type ToolCallingModel } from './tool-calling-model';
import { credentialRef, relaisNode, workflow } from './workflows';

jest.setTimeout(20 * 60_000); // the first run installs n8n (minutes); afterwards about 40 s

const BOT_ID = 'bot-n8n-trigger';
const PLATFORM_KEY = 'platform-Key-trigger-3310';
const HMAC_SECRET = 'hmac-Secret-trigger-8841';
const MODEL_KEY = 'sk-relais-trigger-e2e-7310';


/** The webhookIds of the triggers in examples/n8n (chat trigger, verify-then-lookup, WhatsApp bridge). */
const CHAT_HOOK = '5e1a1500-c4a7-4000-8000-000000000001';
const VERIFY_HOOK = '5e1a1500-7e41-4000-8000-000000000002';
const BRIDGE_HOOK = '5e1a1500-3a7b-4000-8000-000000000004';

type CredentialRefs = Record<string, { id: string; name: string }>;

/**
 * An example of examples/n8n as shipped, pointed at the local servers: the host of its URLs replaced,
 * the loopback opt-in added to its HTTP nodes, credentials attached (a user picks them in the
 * editor). Everything else — IF, Switch, Set, error output, Respond to Agent — runs as written.
 */
function localExample(file: string, id: string, apiUrl: string, host: string, refs: { platform: CredentialRefs; bearer: CredentialRefs; openAi: CredentialRefs }): Workflow {
  const example = JSON.parse(readFileSync(join(__dirname, '../../../examples/n8n', file), 'utf8')) as Workflow;
  for (const node of example.nodes) {
    if (node.type === `${RELAIS_PACKAGE}.relaisAgentTrigger` || node.type === `${RELAIS_PACKAGE}.relaisConversation`) node.credentials = refs.platform;
    if (node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi') node.credentials = refs.openAi;
    // Outside the editor's own chat, the chat trigger answers only with "Make Chat Publicly Available" on.
    if (node.type === '@n8n/n8n-nodes-langchain.chatTrigger') node.parameters.public = true;
    if (node.type === `${RELAIS_PACKAGE}.relaisHttpRequest` || node.type === `${RELAIS_PACKAGE}.relaisHttpTool`) {
      node.credentials = refs.bearer;
      node.parameters.url = String(node.parameters.url).replace(host, apiUrl);
      node.parameters.options = { ...(node.parameters.options as object), allow_http: true, allow_private_network: true };
    }
  }
  return { ...example, id };
}

/** `read()` until it returns something, for effects that only a file on disk shows (no event to await). */
async function pollUntil<T>(read: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Relais Agent Trigger and the example workflows in a running n8n', () => {
  let host: N8nHost;
  let server: N8nServer;
  let api: OrderApi;
  let emulator: Emulator;
  let model: ToolCallingModel;

  const hook = (webhookId: string, path: string) => `${server.url}/webhook/${webhookId}/${path}`;

  async function post(url: string, body: unknown, sign = true): Promise<Reply> {
    const raw = JSON.stringify(body);
    return postJson(url, raw, sign ? signatureHeaders(HMAC_SECRET, raw) : {});
  }

  beforeAll(async () => {
    [api, emulator, model] = await Promise.all([
      startOrderApi(),
      startEmulator({ host: '127.0.0.1', port: 0, bot_id: BOT_ID, api_key: PLATFORM_KEY }),
      startToolCallingModel({ apiKey: MODEL_KEY, arguments: { order_number: 'A-100' } }),
    ]);
    host = await createN8nHost({ tarball: relaisTarball() });
    const platform = {
      id: 'relaisTrigPlatfm',
      name: 'Agent platform (emulator)',
      type: 'relaisAgentPlatformApi',
      data: { baseUrl: emulator.url, botId: BOT_ID, apiKey: PLATFORM_KEY, webhookSecret: '', hmacSecret: HMAC_SECRET, allowPrivateNetwork: true },
    };
    const bearer = { id: 'relaisTrigBearer', name: 'Order API token', type: 'relaisBearerAuth', data: { token: ORDER_API_TOKEN, testUrl: '' } };
    const platformRef = { relaisAgentPlatformApi: credentialRef(platform) };
    const trigger = (path: string, webhookId: string) =>
      relaisNode('Agent Trigger', 'relaisAgentTrigger', { path, answerTimeoutSeconds: 8, defaultResults: '{"order_status": "unknown"}', defaultIsOnline: false }, { credentials: platformRef, webhookId });

    const openAi = { id: 'relaisTrigOpenAi', name: 'Local model', type: 'openAiApi', data: { apiKey: MODEL_KEY, url: model.baseUrl } };
    const refs = { platform: platformRef, bearer: { relaisBearerAuth: credentialRef(bearer) }, openAi: { openAiApi: credentialRef(openAi) } };
    await host.importCredentials([platform, bearer, openAi]);
    const workflows = [
      workflow('e2eActionTrigger', 'E2E action trigger', [
        trigger('actions', 'e2e-actions-hook'),
        relaisNode('Lookup order', 'relaisHttpRequest', {
          authentication: 'relaisBearerAuth',
          http_method: 'GET',
          url: `${api.url}/orders/{{order_number}}`,
          variables: { variable: [{ name: 'order_number', type: 'string', description: 'Order number', required: true }] },
          options: { allow_http: true, allow_private_network: true, timeout_seconds: 5 },
        }, { credentials: { relaisBearerAuth: credentialRef(bearer) } }),
        relaisNode('Respond to Agent', 'relaisRespondToAgent', {
          answerWith: 'fields',
          results: { result: [
            { key: 'order_status', value: '={{ $json.data.order.status }}' },
            { key: 'tracking', value: '={{ $json.data.order.tracking }}' },
          ] },
        }),
      ]),
      workflow('e2eChatBridge', 'E2E chat bridge', [
        trigger('chat', 'e2e-chat-hook'),
        relaisNode('Reply to visitor', 'relaisConversation', { operation: 'message', conversationId: '={{ $json.platformConversationId }}', text: "={{ 'Relais got: ' + $json.text }}" }, { credentials: platformRef }),
      ]),
      // The trigger's output item, as JSON, sent back through the platform (the emulator records it).
      workflow('e2eShapesChat', 'E2E published chat payloads', [
        trigger('shapes-chat', 'e2e-shapes-chat-hook'),
        relaisNode('Echo the item', 'relaisConversation', { operation: 'message', conversationId: '={{ $json.platformConversationId }}', text: '={{ JSON.stringify($json) }}' }, { credentials: platformRef }),
      ]),
      workflow('e2eShapesAction', 'E2E published action payloads', [
        trigger('shapes-action', 'e2e-shapes-action-hook'),
        relaisNode('Respond to Agent', 'relaisRespondToAgent', { answerWith: 'json', answerJson: '={{ JSON.stringify({ item: JSON.stringify($json) }) }}', sanitizeKeys: 'item' }),
      ]),
      workflow('e2eTeamOnline', 'E2E team online', [
        trigger('team', 'e2e-team-hook'),
        relaisNode('Respond to Agent', 'relaisRespondToAgent', { answerWith: 'fields', results: {}, isOnline: true }),
      ]),
      // A lookup that fails (404) with no error output: the workflow errors before Respond to Agent.
      workflow('e2eFailingAction', 'E2E failing action', [
        trigger('failing', 'e2e-failing-hook'),
        relaisNode('Lookup missing order', 'relaisHttpRequest', {
          authentication: 'relaisBearerAuth',
          http_method: 'GET',
          url: `${api.url}/orders/Z-404`,
          options: { allow_http: true, allow_private_network: true, timeout_seconds: 5 },
        }, { credentials: { relaisBearerAuth: credentialRef(bearer) } }),
        relaisNode('Respond to Agent', 'relaisRespondToAgent', { answerWith: 'fields', results: { result: [{ key: 'order_status', value: '={{ $json.data.order.status }}' }] } }),
      ]),
      localExample('order-status-agent-tool.json', 'e2eOrderStatusAg', api.url, 'https://api.example.com', refs),
      localExample('verify-then-lookup.json', 'e2eVerifyLookup0', api.url, 'https://api.company.com', refs),
      localExample('whatsapp-bridge.json', 'e2eWhatsAppBridg', api.url, 'https://graph.facebook.com', refs),
    ];
    await host.importWorkflows(workflows);
    for (const { id } of workflows) await host.publish(id);
    server = await host.start();
    const hooks = ['e2e-shapes-chat-hook/shapes-chat', 'e2e-shapes-action-hook/shapes-action', 'e2e-actions-hook/actions', 'e2e-chat-hook/chat', 'e2e-team-hook/team', 'e2e-failing-hook/failing', `${VERIFY_HOOK}/verify-then-lookup`, `${BRIDGE_HOOK}/agent-events`, 'whatsapp-in', `${CHAT_HOOK}/chat`];
    await Promise.all(hooks.map((path) => server.waitForWebhook(path)));
  });

  afterAll(async () => {
    await server?.stop();
    host?.dispose();
    await Promise.all([api?.close(), emulator?.close(), model?.close()]);
  });

  it('answers an action trigger through Respond to Agent with what the HTTP Request looked up', async () => {
    const reply = await post(hook('e2e-actions-hook', 'actions'), {
      botId: BOT_ID,
      conversationId: 'c-1',
      platformConversationId: 'wa-33612345678',
      name: 'lookup_order',
      data: [{ key: 'order_number', value: 'A-100' }],
    });
    expect({ status: reply.status, body: reply.json }).toEqual({
      status: 200,
      body: { results: [{ key: 'order_status', value: 'shipped' }, { key: 'tracking', value: 'TRK-77' }] },
    });
    expect(api.requests.map((r) => r.url)).toContain('/orders/A-100');
  });

  it('acknowledges a chat event at once and runs the workflow, which messages the visitor back', async () => {
    const reply = await post(hook('e2e-chat-hook', 'chat'), {
      botId: BOT_ID,
      data: { eventType: 'sendMessage', platformConversationId: 'wa-33699999999', text: 'Votre commande est partie' },
    });
    expect(reply.status).toBe(200);
    const sent = await emulator.waitFor((e) => e.kind === 'chat_api' && e.event === 'message' && e.platformConversationId === 'wa-33699999999', 30_000);
    expect(sent.body).toEqual(expect.objectContaining({ text: 'Relais got: Votre commande est partie' }));
  });

  // The published payloads (test/support/agent-platform-samples.ts: public-api _converse.md and
  // swagger.yaml of custom-crm-automation-template@bce854aa) through a real n8n: the trigger's output
  // item holds the whole event, with nothing lost.
  it.each([
    ['publicApi carousel', samples.publishedCarousel],
    ['text with both button kinds', samples.textWithButtonKinds],
    ['carousel with link buttons', samples.carouselWithLinks],
    ['escalate with channel', samples.escalateWithChannel],
  ])('puts the whole %s event in the trigger output', async (_name, sample) => {
    const conversation = `shapes-${_name.replace(/\W+/g, '-')}`;
    const body = { ...sample, botId: BOT_ID, data: { ...sample.data, platformConversationId: conversation } };
    expect((await post(hook('e2e-shapes-chat-hook', 'shapes-chat'), body)).status).toBe(200);
    const echoed = await emulator.waitFor((e) => e.kind === 'chat_api' && e.event === 'message' && e.platformConversationId === conversation, 30_000);
    const item = JSON.parse((echoed.body as { text: string }).text) as Record<string, unknown>;
    expect(wireBodyOf(item)).toEqual(body);
    expect(item.raw).toEqual(body);
  });

  it.each([
    ['action with array values and saveAs', samples.actionWithSaveAs],
    ['template action', samples.publishedAction],
  ])('puts the whole %s in the trigger output, and Respond to Agent marks the sanitised key', async (_name, sample) => {
    const body = { ...sample, botId: BOT_ID };
    const reply = await post(hook('e2e-shapes-action-hook', 'shapes-action'), body);
    const answer = reply.json as { results: Array<{ key: string; value: string; sanitize?: boolean }> };
    expect(conformance(actionWebhookAnswer, answer)).toEqual([]);
    expect(answer.results.map((r) => [r.key, r.sanitize])).toEqual([['item', true]]);
    expect(wireBodyOf(JSON.parse(answer.results[0].value) as Record<string, unknown>)).toEqual(body);
  });

  it('answers isTeamOnline with what Respond to Agent says', async () => {
    const reply = await post(hook('e2e-team-hook', 'team'), { botId: BOT_ID, data: { eventType: 'isTeamOnline', teamId: 'support' } });
    expect({ status: reply.status, body: reply.json }).toEqual({ status: 200, body: { isOnline: true } });
  });

  it('runs the order-status agent example: the chat reaches the AI Agent, which looks the order up with Relais HTTP Tool', async () => {
    const reply = await post(`${server.url}/webhook/${CHAT_HOOK}/chat`, { action: 'sendMessage', sessionId: 'chat-e2e-1', chatInput: 'Where is my order A-100?' }, false);
    expect(reply.status).toBe(200);
    expect(String((reply.json as { output?: unknown }).output)).toContain('shipped');
    const offered = (model.requests[0].tools as Array<{ function: { name: string; parameters: { properties: Record<string, { type: string }>; required?: string[] } } }>)[0].function;
    expect({ name: offered.name, types: Object.fromEntries(Object.entries(offered.parameters.properties).map(([k, v]) => [k, v.type])), required: offered.parameters.required })
      .toEqual({ name: 'Look_up_order', types: { order_number: 'string', include_items: 'boolean' }, required: ['order_number'] });
    const lookup = await api.waitFor((r) => r.url.startsWith('/orders/A-100?include_items='));
    expect(lookup.headers.authorization).toBe(`Bearer ${ORDER_API_TOKEN}`);
  });

  it('runs the verify-then-lookup example: a verified customer gets their last order', async () => {
    const action = (pin: string) => ({
      botId: BOT_ID,
      conversationId: 'c-9',
      platformConversationId: 'wa-verify',
      name: 'lookup_orders',
      data: [{ key: 'customer_id', value: '12345' }, { key: 'phone_pin', value: pin }],
    });
    const verified = await post(hook(VERIFY_HOOK, 'verify-then-lookup'), action('5678'));
    expect({ status: verified.status, body: verified.json }).toEqual({
      status: 200,
      body: { results: [
        { key: 'verified', value: 'true' },
        { key: 'customer_name', value: 'John Smith' },
        { key: 'last_order_id', value: 'ORD-789' },
        { key: 'last_order_status', value: 'shipped' },
      ] },
    });
    const refused = await post(hook(VERIFY_HOOK, 'verify-then-lookup'), action('0000'));
    expect({ status: refused.status, body: refused.json }).toEqual({ status: 200, body: { results: [{ key: 'verified', value: 'false' }] } });
    const verifyCalls = api.requests.filter((r) => r.url === '/auth/verify').map((r) => JSON.parse(r.body) as unknown);
    expect(verifyCalls).toEqual([{ customer_id: '12345', phone_pin: '5678' }, { customer_id: '12345', phone_pin: '0000' }]);
    expect(api.requests.filter((r) => r.url === '/customers/12345/orders')).toHaveLength(1);
  });

  it('runs the WhatsApp bridge example: visitor messages go to the agent, agent events come back out', async () => {
    // In: a WhatsApp Cloud API delivery on n8n's own Webhook node → Relais Conversation → the platform.
    const incoming = await fetch(`${server.url}/webhook/whatsapp-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entry: [{ changes: [{ value: { messages: [{ from: '33611111111', type: 'text', text: { body: 'Bonjour, ma commande ?' } }] } }] }] }),
    });
    expect(incoming.status).toBe(200);
    const relayed = await emulator.waitFor((e) => e.kind === 'chat_api' && e.event === 'message' && e.platformConversationId === '33611111111', 30_000);
    expect(relayed.body).toEqual(expect.objectContaining({ text: 'Bonjour, ma commande ?' }));

    // Out: the agent's sendMessage → Switch → Relais HTTP Request to the WhatsApp send API.
    const sent = await post(hook(BRIDGE_HOOK, 'agent-events'), { botId: BOT_ID, data: { eventType: 'sendMessage', platformConversationId: '33611111111', text: 'Votre commande est expédiée.' } });
    expect(sent.status).toBe(200);
    const toWhatsApp = await api.waitFor((r) => r.url === '/v21.0/YOUR_PHONE_NUMBER_ID/messages');
    expect(toWhatsApp.headers.authorization).toBe(`Bearer ${ORDER_API_TOKEN}`);
    expect(JSON.parse(toWhatsApp.body)).toEqual({ messaging_product: 'whatsapp', to: '33611111111', type: 'text', text: { body: 'Votre commande est expédiée.' } });

    // isTeamOnline → Respond to Agent, online from 9:00 to 18:00 (n8n's timezone is UTC here).
    const hourBefore = new Date().getUTCHours();
    const team = await post(hook(BRIDGE_HOOK, 'agent-events'), { botId: BOT_ID, data: { eventType: 'isTeamOnline', teamId: 'support' } });
    const hours = [hourBefore, new Date().getUTCHours()];
    expect(team.status).toBe(200);
    expect(hours.map((h) => ({ isOnline: h >= 9 && h < 18 }))).toContainEqual(team.json);

    // escalate → Relais Sales Task in the default store ($N8N_USER_FOLDER/.n8n/relais/contacts.sqlite).
    const escalated = await post(hook(BRIDGE_HOOK, 'agent-events'), { botId: BOT_ID, data: { eventType: 'escalate', platformConversationId: '33611111111', escalateTo: 'support' } });
    expect(escalated.status).toBe(200);
    const store = join(host.userFolder, '.n8n/relais/contacts.sqlite');
    const tasks = await pollUntil(() => {
      if (!existsSync(store)) return undefined;
      const db = new DatabaseSync(store, { readOnly: true });
      try {
        const rows = db.prepare('SELECT title, assignation, priorite FROM relais_tasks').all();
        return rows.length > 0 ? rows : undefined;
      } catch {
        return undefined; // the workflow has not created the tables yet
      } finally {
        db.close();
      }
    });
    expect(tasks).toEqual([{ title: 'WhatsApp conversation 33611111111 needs a human', assignation: 'support', priorite: 'haute' }]);
  });

  // The trigger promises its default answer "when the workflow is late or fails". n8n itself would
  // answer 500 {"message": "Error in workflow"} once the workflow fails; in regular mode the trigger
  // keeps the request (noWebhookResponse) and writes the default answer at its deadline instead.
  it('answers an action trigger with the default answer when the workflow fails before Respond to Agent', async () => {
    const reply = await post(hook('e2e-failing-hook', 'failing'), {
      botId: BOT_ID,
      conversationId: 'c-3',
      platformConversationId: 'wa-3',
      name: 'lookup_order',
      data: [{ key: 'order_number', value: 'Z-404' }],
    });
    expect({ status: reply.status, body: reply.json }).toEqual({ status: 200, body: { results: [{ key: 'order_status', value: 'unknown' }] } });
  });

  it('refuses an unsigned request and a wrongly signed one with 401, starting nothing', async () => {
    const before = api.requests.length;
    const event = { botId: BOT_ID, conversationId: 'c-2', platformConversationId: 'wa-1', name: 'lookup_order', data: [{ key: 'order_number', value: 'A-100' }] };
    const unsigned = await post(hook('e2e-actions-hook', 'actions'), event, false);
    expect(unsigned.status).toBe(401);
    const raw = JSON.stringify(event);
    const forged = await fetch(hook('e2e-actions-hook', 'actions'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signatureHeaders('not-the-secret', raw) },
      body: raw,
    });
    expect(forged.status).toBe(401);
    expect(unsigned.text).not.toContain(HMAC_SECRET);
    expect(api.requests.length).toBe(before);
  });
});
