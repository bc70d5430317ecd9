// n8n scaled out as its docs describe queue mode (https://docs.n8n.io/hosting/scaling/queue-mode/):
// n8n's own data on PostgreSQL (DB_TYPE=postgresdb; Debian 12's PostgreSQL 15, which n8n 2.41 logs as
// "not supported" — @n8n/db/dist/connection/postgres-version-policy.js — and runs on: see
// docs/scaling.md; on its SQLite file five processes fail executions with SQLITE_BUSY), Redis for the
// queue, one main process, two
// `n8n webhook` processes behind a real load balancer (Debian's HAProxy, round-robin) and two
// `n8n worker`s. The workflow: Relais Agent Trigger → contact from the action's data → Relais Tag
// Contact and Relais Sales Task on the Relais PostgreSQL store → Relais Respond to Agent. The trigger's
// delivery ledger is "auto", i.e. n8n's queue Redis.
//
// The proof: deliveries from 50 conversations, 10% sent a second time to the *other* webhook process;
// every delivery answered with its workflow's answer, every duplicate answered like its first, one
// execution and one sales task per delivery (rows counted). Deliveries/s with one webhook process vs
// two are measured in the same run. Then one worker and one webhook process are killed (-9) mid-run.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Client } from 'pg';
import { findHaproxy, HAPROXY_MISSING, startHaproxy, type Balancer } from '../../support/haproxy';
import { createN8nHost, type N8nHost, type N8nProcess, type N8nServer } from '../../support/n8n';
import { startPostgres, type PostgresServer } from '../../support/postgres';
import { describeWhen, findPostgresBin } from '../../support/prerequisites';
import { findRedisServer, startRedis, type Redis } from '../../support/redis';
import { deliveryId, drive, expectAnswered, expectAnsweredDespiteKills, makeDeliveries, type DeliverySpec } from '../../support/scale-driver';
import { relaisTarball } from '../../support/tarball';
import { credentialRef, relaisNode, workflow, workflowId } from './workflows';

jest.setTimeout(45 * 60_000);

const BOT_ID = 'bot-scale-out';
const SECRET = 'whsec-Scale-Out-4471';
const HOOK = 'scale-out-hook/orders';
const WORKFLOW = workflowId('scaleOutOrders');
const redisBin = findRedisServer();
const haproxyBin = findHaproxy();
const ready = redisBin !== undefined && haproxyBin !== undefined && findPostgresBin() !== undefined;

describeWhen(ready, 'n8n queue mode on PostgreSQL: 2 webhook processes behind HAProxy, 2 workers, one shared delivery ledger', `${HAPROXY_MISSING}; redis-server and postgresql are needed too`, () => {
  let postgres: PostgresServer;
  let redis: Redis;
  let host: N8nHost;
  let main: N8nServer;
  let webhooks: N8nServer[] = [];
  let workers: N8nProcess[] = [];
  let balancer: Balancer;
  let n8nDb: { query(sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>>; end(): Promise<void> };
  let n8nOnPostgres = false;
  let relaisDb: Client;
  const report: string[] = [];

  const direct = () => Object.fromEntries(webhooks.map((w, i) => [`w${i + 1}`, `${w.url}/webhook/${HOOK}`]));
  const headers = { 'x-relais-secret': SECRET };

  async function executions(): Promise<Record<string, number>> {
    const rows = await n8nDb.query(`SELECT status, count(*) AS count FROM execution_entity WHERE "workflowId" = ${n8nOnPostgres ? '$1' : '?'} GROUP BY status`, [WORKFLOW]);
    return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.count)]));
  }
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  async function settled(expected: number, timeoutMs = 300_000): Promise<Record<string, number>> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const counts = await executions();
      const open = (counts.new ?? 0) + (counts.running ?? 0) + (counts.waiting ?? 0);
      if ((total(counts) >= expected && open === 0) || Date.now() > until) return counts;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  /** Sales tasks of these deliveries (their delivery key is the event id) and how many distinct keys they have. */
  async function tasks(specs: DeliverySpec[]): Promise<{ rows: number; keys: number }> {
    const keys = specs.map((spec) => deliveryId(spec.raw));
    const { rows } = await relaisDb.query<{ rows: string; keys: string }>('SELECT count(*) AS rows, count(DISTINCT delivery_key) AS keys FROM relais_tasks WHERE delivery_key = ANY($1::text[])', [keys]);
    return { rows: Number(rows[0].rows), keys: Number(rows[0].keys) };
  }

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis(redisBin as string)]);
    const storeUrl = await postgres.createDatabase('relais');
    relaisDb = new Client({ connectionString: storeUrl });
    await relaisDb.connect();
    const version = Number((await relaisDb.query<{ server_version_num: string }>('SHOW server_version_num')).rows[0].server_version_num);
    // RELAIS_N8N_DB=sqlite shows what n8n's SQLite does with five processes (SQLITE_BUSY).
    n8nOnPostgres = process.env.RELAIS_N8N_DB !== 'sqlite';
    const n8nUrl = new URL(await postgres.createDatabase('n8n'));
    const database: Record<string, string> = n8nOnPostgres
      ? { DB_TYPE: 'postgresdb', DB_POSTGRESDB_HOST: '127.0.0.1', DB_POSTGRESDB_PORT: n8nUrl.port, DB_POSTGRESDB_DATABASE: 'n8n', DB_POSTGRESDB_USER: 'relais', DB_POSTGRESDB_PASSWORD: postgres.password }
      : { DB_TYPE: 'sqlite', DB_SQLITE_POOL_SIZE: '2' };
    report.push(`n8n's own data on ${n8nOnPostgres ? `PostgreSQL ${Math.floor(version / 10000)} (DB_TYPE=postgresdb)` : 'SQLite'}`);
    host = await createN8nHost({
      tarball: relaisTarball(),
      env: { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(redis.port), ...database },
    });
    const platform = { id: 'relaisScalePlatf', name: 'Agent platform', type: 'relaisAgentPlatformApi', data: { baseUrl: 'https://api.ultimate.ai', botId: BOT_ID, apiKey: 'unused-here', webhookSecret: SECRET, hmacSecret: '', allowPrivateNetwork: false } };
    const store = { id: 'relaisScaleStore', name: 'Contacts (PostgreSQL)', type: 'relaisContactStore', data: { backend: 'postgres', connectionSecret: storeUrl } };
    await host.importCredentials([platform, store]);
    const storeRef = { relaisContactStore: credentialRef(store) };
    const contact = {
      id: '00000000-0000-4000-8000-0000000005c1',
      name: 'Contact from the action',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [0, 0] as [number, number],
      parameters: { mode: 'manual', assignments: { assignments: [{ id: 'sc-email', name: 'contact.email', value: '={{ $json.variables.email }}', type: 'string' }] }, includeOtherFields: true, options: {} },
    };
    const flow = workflow(
      'scaleOutOrders',
      'Scale-out: orders',
      [
        relaisNode('Agent Trigger', 'relaisAgentTrigger', { path: 'orders', answerTimeoutSeconds: 30, defaultResults: '{"order_status": "pending"}', defaultIsOnline: false, deliveryLedger: 'auto' }, { credentials: { relaisAgentPlatformApi: credentialRef(platform) }, webhookId: 'scale-out-hook' }),
        contact,
        relaisNode('Tag contact', 'relaisTagContact', { tag: 'customer' }, { credentials: storeRef }),
        relaisNode('Sales task', 'relaisSalesTask', { assignation: 'sales', priorite: 'normale', title: 'Order {{contact.email}}' }, { credentials: storeRef }),
        relaisNode('Respond to Agent', 'relaisRespondToAgent', { answerWith: 'fields', results: { result: [{ key: 'order_status', value: "={{ 'confirmed ' + $('Agent Trigger').first().json.variables.order }}" }] }, isOnline: true }),
      ],
      [
        ['Agent Trigger', 'Contact from the action'],
        ['Contact from the action', 'Tag contact'],
        ['Contact from the action', 'Sales task'],
        ['Sales task', 'Respond to Agent'],
      ],
    );
    await host.importWorkflows([flow]);
    await host.publish(WORKFLOW);
    main = await host.start();
    await main.waitForWebhook(HOOK);
    workers = await Promise.all([host.startWorker(), host.startWorker()]);
    webhooks = await Promise.all([host.startWebhook([HOOK]), host.startWebhook([HOOK])]);
    balancer = await startHaproxy(haproxyBin as string, webhooks.map((w, i) => ({ name: `w${i + 1}`, port: w.port })));
    if (n8nOnPostgres) {
      const client = new Client({ connectionString: n8nUrl.toString() });
      await client.connect();
      n8nDb = { query: async (sql, params) => (await client.query(sql, params)).rows as Array<Record<string, unknown>>, end: () => client.end() };
    } else {
      const file = new DatabaseSync(join(host.userFolder, '.n8n/database.sqlite'), { readOnly: true });
      file.exec('PRAGMA busy_timeout = 5000');
      n8nDb = { query: async (sql, params) => file.prepare(sql).all(...(params as string[])) as Array<Record<string, unknown>>, end: async () => file.close() };
    }
  });

  afterAll(async () => {
    // Why executions failed, in n8n's own words (the first few distinct messages), for the report.
    const failed = await n8nDb
      ?.query(`SELECT d.data AS data FROM execution_data d JOIN execution_entity e ON e.id = d."executionId" WHERE e.status = 'error' LIMIT 20`, [])
      .catch(() => []);
    const reasons = new Set((failed ?? []).map((row) => /"message":"([^"]{0,200})/.exec(String(row.data))?.[1] ?? /message[^a-z]{1,6}([^"\\]{0,200})/i.exec(String(row.data))?.[1] ?? 'unknown'));
    if (reasons.size > 0) report.push(`failed executions, n8n's messages: ${[...reasons].slice(0, 5).join(' | ')}`);
    if (process.env.RELAIS_SCALE_LOGS) {
      const { writeFileSync, mkdirSync } = await import('node:fs');
      mkdirSync(process.env.RELAIS_SCALE_LOGS, { recursive: true });
      for (const [name, p] of [['main', main], ...webhooks.map((w, i) => [`webhook${i + 1}`, w] as const), ...workers.map((w, i) => [`worker${i + 1}`, w] as const)] as Array<[string, N8nProcess | undefined]>) {
        if (p) writeFileSync(join(process.env.RELAIS_SCALE_LOGS, `${name}.log`), p.logs());
      }
    }
    process.stdout.write(`\nn8n scale-out report:\n${report.join('\n')}\n`);
    await Promise.all([n8nDb?.end().catch(() => undefined), relaisDb?.end().catch(() => undefined)]);
    await balancer?.stop();
    await Promise.all([...webhooks, ...workers].map((p) => p.stop()));
    await main?.stop();
    host?.dispose();
    await Promise.all([redis?.stop(), postgres?.stop()]);
  });

  it('measures deliveries/s through one webhook process, then through two behind the balancer (same run, same load)', async () => {
    const one = makeDeliveries({ count: 200, conversations: 50, botId: BOT_ID, prefix: 'one' });
    const two = makeDeliveries({ count: 200, conversations: 50, botId: BOT_ID, prefix: 'two' });
    const single = await drive(one, { balancer: direct().w1, direct: { w1: direct().w1 }, headers });
    const pair = await drive(two, { balancer: `${balancer.url}/webhook/${HOOK}`, direct: direct(), headers });
    expectAnswered(single.outcomes, one);
    expectAnswered(pair.outcomes, two);
    const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(1);
    report.push(`one webhook process: 200 deliveries in ${single.ms} ms (${rate(200, single.ms)}/s); two behind HAProxy: ${pair.ms} ms (${rate(200, pair.ms)}/s)`);
    expect(new Set(pair.outcomes.map((o) => o.first.servedBy))).toEqual(new Set(['w1', 'w2']));
    await settled(400);
  });

  it('2,000 deliveries from 50 conversations, 10% sent again to the other webhook process: all answered, duplicates like their first, one execution and one task each', async () => {
    const specs = makeDeliveries({ count: 2000, conversations: 50, duplicateEvery: 10, botId: BOT_ID, prefix: 'main' });
    const before = total(await executions());
    const { outcomes, ms } = await drive(specs, { balancer: `${balancer.url}/webhook/${HOOK}`, direct: direct(), headers });
    expectAnswered(outcomes, specs);
    const crossed = outcomes.filter((o) => o.second && o.second.servedBy !== o.first.servedBy).length;
    expect(crossed).toBe(200);
    const counts = await settled(before + 2000);
    expect(total(counts) - before).toBe(2000);
    expect(counts.error ?? 0).toBe(0);
    expect(await tasks(specs)).toEqual({ rows: 2000, keys: 2000 });
    const { rows } = await relaisDb.query<{ contacts: string; tags: string }>("SELECT (SELECT count(*) FROM relais_contacts) AS contacts, (SELECT count(*) FROM relais_contact_tags WHERE tag = 'customer') AS tags");
    expect(rows[0]).toEqual({ contacts: '50', tags: '50' });
    report.push(`2,000 deliveries + 200 duplicates (to the other process) in ${ms} ms (${(2000 / (ms / 1000)).toFixed(1)} deliveries/s): 2,000 executions, 2,000 tasks, 200 duplicates answered like their first`);
  });

  it('kill -9 of one worker and one webhook process mid-run: every delivery answered, nothing Relais controls doubled', async () => {
    const specs = makeDeliveries({ count: 400, conversations: 50, duplicateEvery: 10, botId: BOT_ID, prefix: 'kill' });
    const before = total(await executions());
    let killed: Promise<void> | undefined;
    const { outcomes, ms } = await drive(specs, {
      balancer: `${balancer.url}/webhook/${HOOK}`,
      direct: direct(),
      headers,
      onAnswered: (count) => {
        if (count === 120) killed = Promise.all([workers[1].kill(), webhooks[1].kill()]).then(() => undefined);
      },
    });
    await killed;
    // Answered: the workflow's answer, or — for what was lost with the killed processes — the default.
    const { defaults, retried } = expectAnsweredDespiteKills(outcomes, specs, { results: [{ key: 'order_status', value: 'pending' }] });
    const counts = await settled(before + 400, 120_000);
    const ran = total(counts) - before;
    const stored = await tasks(specs);
    // Never more than one task per delivery (the unique delivery key), whatever n8n ran twice or lost.
    expect(stored.rows).toBe(stored.keys);
    expect(stored.rows).toBeLessThanOrEqual(400);
    report.push(
      `kill -9 (worker 2 + webhook process 2 after 120 answers): 400 deliveries + 40 duplicates in ${ms} ms; ${retried} needed a retry (balancer 502/connection reset), ` +
        `${defaults} answered with the default; executions ${JSON.stringify(counts)} (this phase: ${ran}); tasks ${stored.rows} for ${stored.keys} deliveries`,
    );
  });
});
