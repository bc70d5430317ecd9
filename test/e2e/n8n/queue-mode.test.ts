// Relais Agent Trigger and Respond to Agent in n8n's queue mode (EXECUTIONS_MODE=queue): `n8n start`
// takes the webhook call and queues the execution in Redis, an `n8n worker` process runs the workflow,
// and Respond to Agent's answer travels back through n8n's response relay (sendResponse) to the main
// process, which writes it on the platform's still-open request. When the workflow is slower than the
// trigger's deadline, the main process writes the default answer itself. A private Redis (Debian's
// redis-server) is started by the suite; n8n keeps its SQLite database (it warns that queue mode is
// only officially supported on PostgreSQL — the queue and the relay are what this suite proves).
import { signatureHeaders } from '../../../src/conversation/verify';
import { createN8nHost, type N8nHost, type N8nProcess, type N8nServer } from '../../support/n8n';
import { describeWhen } from '../../support/prerequisites';
import { findRedisServer, startRedis, type Redis } from '../../support/redis';
import { relaisTarball } from '../../support/tarball';
import { postJson } from './post-json';
import { credentialRef, relaisNode, workflow } from './workflows';

jest.setTimeout(10 * 60_000);

const BOT_ID = 'bot-n8n-queue';
const PLATFORM_KEY = 'platform-Key-queue-5521';
const HMAC_SECRET = 'hmac-Secret-queue-7731';
const redisBin = findRedisServer();

describeWhen(redisBin !== undefined, "Relais Agent Trigger in n8n's queue mode (main + worker + Redis)", 'redis-server is not installed: apt-get install redis-server', () => {
  let redis: Redis;
  let host: N8nHost;
  let server: N8nServer;
  let worker: N8nProcess;

  const post = (path: string, body: unknown) => {
    const raw = JSON.stringify(body);
    return postJson(`${server.url}/webhook/${path}`, raw, signatureHeaders(HMAC_SECRET, raw));
  };

  beforeAll(async () => {
    redis = await startRedis(redisBin as string);
    host = await createN8nHost({
      tarball: relaisTarball(),
      env: { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(redis.port) },
    });
    const platform = {
      id: 'relaisQueuePlatf',
      name: 'Agent platform',
      type: 'relaisAgentPlatformApi',
      data: { baseUrl: 'https://api.ultimate.ai', botId: BOT_ID, apiKey: PLATFORM_KEY, webhookSecret: '', hmacSecret: HMAC_SECRET, allowPrivateNetwork: false },
    };
    const platformRef = { relaisAgentPlatformApi: credentialRef(platform) };
    const trigger = (path: string, webhookId: string, answerTimeoutSeconds: number) =>
      relaisNode('Agent Trigger', 'relaisAgentTrigger', { path, answerTimeoutSeconds, defaultResults: '{"order_status": "unknown"}', defaultIsOnline: false }, { credentials: platformRef, webhookId });
    const respond = relaisNode('Respond to Agent', 'relaisRespondToAgent', {
      answerWith: 'fields',
      results: { result: [{ key: 'order_status', value: "={{ 'shipped (' + $json.variables.order_number + ')' }}" }] },
      isOnline: true,
    });
    const wait = { id: '00000000-0000-4000-8000-0000000q0001', name: 'Slow step', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [0, 0] as [number, number], parameters: { resume: 'timeInterval', amount: 4, unit: 'seconds' } };
    await host.importCredentials([platform]);
    const workflows = [
      workflow('queueAction', 'Queue: action trigger', [trigger('actions', 'queue-actions-hook', 20), respond]),
      workflow('queueSlow', 'Queue: slower than the deadline', [trigger('slow', 'queue-slow-hook', 2), wait, { ...respond, id: '00000000-0000-4000-8000-0000000q0002' }]),
    ];
    await host.importWorkflows(workflows);
    for (const { id } of workflows) await host.publish(id);
    server = await host.start();
    worker = await host.startWorker();
    await Promise.all(['queue-actions-hook/actions', 'queue-slow-hook/slow'].map((path) => server.waitForWebhook(path)));
  });

  afterAll(async () => {
    await Promise.all([server?.stop(), worker?.stop()]);
    host?.dispose();
    await redis?.stop();
  });

  it('runs in queue mode: the main process queues, the worker executes', () => {
    expect(worker.logs()).toMatch(/n8n worker is now ready/);
  });

  it('answers an action trigger with what Respond to Agent sent from the worker', async () => {
    const reply = await post('queue-actions-hook/actions', { botId: BOT_ID, conversationId: 'q-1', platformConversationId: 'q-1', name: 'lookup_order', data: [{ key: 'order_number', value: 'Q-7' }] });
    expect({ status: reply.status, body: reply.json }).toEqual({ status: 200, body: { results: [{ key: 'order_status', value: 'shipped (Q-7)' }] } });
    // The worker ran it (the main process only queued it).
    expect(worker.logs()).toMatch(/Worker started execution \d+/);
  });

  it('answers isTeamOnline the same way', async () => {
    const reply = await post('queue-actions-hook/actions', { botId: BOT_ID, data: { eventType: 'isTeamOnline', teamId: 'support' } });
    expect({ status: reply.status, body: reply.json }).toEqual({ status: 200, body: { isOnline: true } });
  });

  it('writes the default answer at the deadline when the worker is slower, and the late answer changes nothing', async () => {
    const reply = await post('queue-slow-hook/slow', { botId: BOT_ID, conversationId: 'q-2', platformConversationId: 'q-2', name: 'lookup_order', data: [{ key: 'order_number', value: 'Q-8' }] });
    expect({ status: reply.status, body: reply.json }).toEqual({ status: 200, body: { results: [{ key: 'order_status', value: 'unknown' }] } });
    expect(reply.ms).toBeGreaterThanOrEqual(1900);
    expect(reply.ms).toBeLessThan(4000);
    // The workflow still finishes on the worker (its late answer is dropped, the main process stays up).
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses an unsigned delivery before anything is queued', async () => {
    const response = await fetch(`${server.url}/webhook/queue-actions-hook/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ botId: BOT_ID, data: { eventType: 'isTeamOnline' } }) });
    expect(response.status).toBe(401);
  });
});
