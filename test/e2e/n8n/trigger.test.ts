// Relais Agent Trigger and Relais Respond to Agent inside a real `n8n start`: workflows published with the
// CLI, then called on their production webhook URLs as the agent platform would call them, with
// HMAC-signed bodies. An action trigger is answered by Respond to Agent after a Relais HTTP Request
// looked the order up; a chat event is acknowledged at once and the workflow answers the visitor
// through Relais Conversation (the agent platform emulator records it); unsigned calls get 401.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { signatureHeaders } from '../../../src/conversation/verify';
import { createN8nHost, RELAIS_PACKAGE, type N8nHost, type N8nServer, type Workflow } from '../../support/n8n';
import { relaisTarball } from '../../support/tarball';
import { ORDER_API_TOKEN, startOrderApi, type OrderApi } from './order-api';
import { credentialRef, relaisNode, workflow } from './workflows';

jest.setTimeout(20 * 60_000); // the first run installs n8n (minutes); afterwards about 40 s

const BOT_ID = 'bot-n8n-trigger';
const PLATFORM_KEY = 'platform-Key-trigger-3310';
const HMAC_SECRET = 'hmac-Secret-trigger-8841';

interface Reply {
  status: number;
  text: string;
  json: unknown;
}

/** The webhookId of the trigger in examples/n8n/verify-then-lookup.json. */
const EXAMPLE_HOOK = '5e1a1500-7e41-4000-8000-000000000002';

/**
 * examples/n8n/verify-then-lookup.json as shipped, pointed at the local API: its URLs' host replaced,
 * the loopback opt-in added to its HTTP nodes, and credentials attached (a user picks them in the
 * editor). Everything else — IF, Set, error output, Respond to Agent — runs as written.
 */
function verifyThenLookupExample(apiUrl: string, platform: Record<string, { id: string; name: string }>, bearer: Record<string, { id: string; name: string }>): Workflow {
  const example = JSON.parse(readFileSync(join(__dirname, '../../../examples/n8n/verify-then-lookup.json'), 'utf8')) as Workflow;
  for (const node of example.nodes) {
    if (node.type === `${RELAIS_PACKAGE}.relaisAgentTrigger`) node.credentials = platform;
    if (node.type === `${RELAIS_PACKAGE}.relaisHttpRequest`) {
      node.credentials = bearer;
      node.parameters.url = String(node.parameters.url).replace('https://api.company.com', apiUrl);
      node.parameters.options = { ...(node.parameters.options as object), allow_http: true, allow_private_network: true };
    }
  }
  return { ...example, id: 'e2eVerifyLookup0' };
}

describe('Relais Agent Trigger in a running n8n', () => {
  let host: N8nHost;
  let server: N8nServer;
  let api: OrderApi;
  let emulator: Emulator;

  const hook = (webhookId: string, path: string) => `${server.url}/webhook/${webhookId}/${path}`;

  async function post(url: string, body: unknown, sign = true): Promise<Reply> {
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(sign ? signatureHeaders(HMAC_SECRET, raw) : {}) };
    const response = await fetch(url, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  }

  beforeAll(async () => {
    [api, emulator] = await Promise.all([startOrderApi(), startEmulator({ host: '127.0.0.1', port: 0, bot_id: BOT_ID, api_key: PLATFORM_KEY })]);
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

    await host.importCredentials([platform, bearer]);
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
      verifyThenLookupExample(api.url, platformRef, { relaisBearerAuth: credentialRef(bearer) }),
    ];
    await host.importWorkflows(workflows);
    for (const { id } of workflows) await host.publish(id);
    server = await host.start();
    const hooks = ['e2e-actions-hook/actions', 'e2e-chat-hook/chat', 'e2e-team-hook/team', 'e2e-failing-hook/failing', `${EXAMPLE_HOOK}/verify-then-lookup`];
    await Promise.all(hooks.map((path) => server.waitForWebhook(path)));
  });

  afterAll(async () => {
    await server?.stop();
    host?.dispose();
    await Promise.all([api?.close(), emulator?.close()]);
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

  it('answers isTeamOnline with what Respond to Agent says', async () => {
    const reply = await post(hook('e2e-team-hook', 'team'), { botId: BOT_ID, data: { eventType: 'isTeamOnline', teamId: 'support' } });
    expect({ status: reply.status, body: reply.json }).toEqual({ status: 200, body: { isOnline: true } });
  });

  it('runs the verify-then-lookup example: a verified customer gets their last order', async () => {
    const action = (pin: string) => ({
      botId: BOT_ID,
      conversationId: 'c-9',
      platformConversationId: 'wa-verify',
      name: 'lookup_orders',
      data: [{ key: 'customer_id', value: '12345' }, { key: 'phone_pin', value: pin }],
    });
    const verified = await post(hook(EXAMPLE_HOOK, 'verify-then-lookup'), action('5678'));
    expect({ status: verified.status, body: verified.json }).toEqual({
      status: 200,
      body: { results: [
        { key: 'verified', value: 'true' },
        { key: 'customer_name', value: 'John Smith' },
        { key: 'last_order_id', value: 'ORD-789' },
        { key: 'last_order_status', value: 'shipped' },
      ] },
    });
    const refused = await post(hook(EXAMPLE_HOOK, 'verify-then-lookup'), action('0000'));
    expect({ status: refused.status, body: refused.json }).toEqual({ status: 200, body: { results: [{ key: 'verified', value: 'false' }] } });
    const verifyCalls = api.requests.filter((r) => r.url === '/auth/verify').map((r) => JSON.parse(r.body) as unknown);
    expect(verifyCalls).toEqual([{ customer_id: '12345', phone_pin: '5678' }, { customer_id: '12345', phone_pin: '0000' }]);
    expect(api.requests.filter((r) => r.url === '/customers/12345/orders')).toHaveLength(1);
  });

  // KNOWN DEFECT, marked `failing` so the suite stays green while it is open (Jest reports this test as
  // passing only while the expectation below is NOT met; once fixed it turns red: drop `.failing`).
  // The trigger promises its default answer "when the workflow is late or fails", but with
  // responseMode "responseNode" n8n 2.41 itself answers 500 {"message": "Error in workflow"} as soon
  // as the workflow fails, before the trigger's deadline can write the default answer.
  it.failing('answers an action trigger with the default answer when the workflow fails before Respond to Agent', async () => {
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
