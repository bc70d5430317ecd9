// Two Node-RED instances behind a real load balancer (Debian's HAProxy, round-robin), one Relais
// PostgreSQL contact store and one delivery ledger (Redis, set on relais-agent-platform): the flow
// relais-agent-events → contact from the action → relais-tag-contact → relais-sales-task → answer →
// relais-agent-reply. 2,000 deliveries from 50 conversations, 10% sent again to the *other* instance:
// every delivery answered by its flow, every duplicate like its first, one flow run (counted by each
// instance) and one sales task per delivery. Then one instance is killed (-9) mid-run.
import { Client } from 'pg';
import { findHaproxy, HAPROXY_MISSING, startHaproxy, type Balancer } from '../../support/haproxy';
import { startNodeRed, type FlowNode, type NodeRed } from '../../support/node-red';
import { startPostgres, type PostgresServer } from '../../support/postgres';
import { describeWhen, findPostgresBin } from '../../support/prerequisites';
import { findRedisServer, startRedis, type Redis } from '../../support/redis';
import { deliveryId, drive, expectAnswered, expectAnsweredDespiteKills, makeDeliveries, type DeliverySpec } from '../../support/scale-driver';
import { relaisTarball } from '../../support/tarball';

jest.setTimeout(30 * 60_000);

const BOT = 'bot-red-scale';
const SECRET = 'whsec-Red-Scale-9051';
const TAB = 'scale.tab';
const redisBin = findRedisServer();
const haproxyBin = findHaproxy();
const ready = redisBin !== undefined && haproxyBin !== undefined && findPostgresBin() !== undefined;

function flows(storeUrl: string, ledgerUrl: string): FlowNode[] {
  return [
    { id: TAB, type: 'tab', label: 'relais scale-out' },
    { id: 'scale.platform', type: 'relais-agent-platform', base_url: 'https://api.ultimate.ai', bot_id: BOT, ledger: 'redis', credentials: { api_key: 'unused-here', ledger_url: ledgerUrl } },
    { id: 'scale.store', type: 'relais-contact-store', backend: 'postgres', credentials: { connection_string: storeUrl } },
    { id: 'scale.events', type: 'relais-agent-events', z: TAB, platform: 'scale.platform', path: '/relais/agent', answer_timeout_ms: '20000', default_online: false, default_results: '{"order_status": "pending"}', credentials: { secret: SECRET }, wires: [['scale.contact']] },
    { id: 'scale.contact', type: 'function', z: TAB, outputs: 1, func: "global.set('runs', (global.get('runs') || 0) + 1);\nmsg.contact = { email: msg.variables.email };\nreturn msg;", wires: [['scale.tag']] },
    { id: 'scale.tag', type: 'relais-tag-contact', z: TAB, store: 'scale.store', tag: 'customer', outputs: 2, wires: [['scale.task'], []] },
    { id: 'scale.task', type: 'relais-sales-task', z: TAB, store: 'scale.store', assignation: 'sales', priorite: 'normale', title: 'Order {{contact.email}}', description: '', outputs: 2, wires: [['scale.answer'], []] },
    { id: 'scale.answer', type: 'function', z: TAB, outputs: 1, func: "msg.payload = { order_status: 'confirmed ' + msg.variables.order };\nreturn msg;", wires: [['scale.reply']] },
    { id: 'scale.reply', type: 'relais-agent-reply', z: TAB, answer: 'payload', answerType: 'msg', wires: [] },
    { id: 'scale.health', type: 'http in', z: TAB, url: '/healthz', method: 'get', wires: [['scale.ok']] },
    { id: 'scale.runs', type: 'http in', z: TAB, url: '/runs', method: 'get', wires: [['scale.count']] },
    { id: 'scale.count', type: 'function', z: TAB, outputs: 1, func: "msg.payload = { runs: global.get('runs') || 0 };\nreturn msg;", wires: [['scale.ok']] },
    { id: 'scale.ok', type: 'http response', z: TAB, statusCode: '200', headers: {}, wires: [] },
  ];
}

describeWhen(ready, 'two Node-RED instances behind HAProxy on one PostgreSQL store and one Redis delivery ledger', `${HAPROXY_MISSING}; redis-server and postgresql are needed too`, () => {
  let postgres: PostgresServer;
  let redis: Redis;
  let reds: NodeRed[] = [];
  let balancer: Balancer;
  let store: Client;
  const report: string[] = [];
  const hook = (red: NodeRed) => `${red.url}${red.httpNodeRoot}/relais/agent`;
  const headers = { 'x-relais-secret': SECRET };
  const runs = async (red: NodeRed) => ((await red.http('GET', '/runs')).json as { runs: number }).runs;

  async function tasks(specs: DeliverySpec[]): Promise<{ rows: number; keys: number }> {
    const { rows } = await store.query<{ rows: string; keys: string }>('SELECT count(*) AS rows, count(DISTINCT delivery_key) AS keys FROM relais_tasks WHERE delivery_key = ANY($1::text[])', [specs.map((s) => deliveryId(s.raw))]);
    return { rows: Number(rows[0].rows), keys: Number(rows[0].keys) };
  }

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis(redisBin as string)]);
    const storeUrl = await postgres.createDatabase('relais');
    const tarball = relaisTarball();
    reds = await Promise.all([0, 1].map(() => startNodeRed({ tarball, startTimeoutMs: 90_000 })));
    for (const red of reds) await red.deploy(flows(storeUrl, `redis://127.0.0.1:${redis.port}/0`));
    balancer = await startHaproxy(haproxyBin as string, reds.map((red, i) => ({ name: `r${i + 1}`, port: Number(new URL(red.url).port) })), `${reds[0].httpNodeRoot}/healthz`);
    store = new Client({ connectionString: storeUrl });
    await store.connect();
  }, 300_000);

  afterAll(async () => {
    process.stdout.write(`\nNode-RED scale-out report:\n${report.join('\n')}\n`);
    await store?.end().catch(() => undefined);
    await balancer?.stop();
    await Promise.all(reds.map((red) => red.stop().catch(() => undefined)));
    await Promise.all([redis?.stop(), postgres?.stop()]);
  });

  it('2,000 deliveries from 50 conversations, 10% sent again to the other instance: all answered, duplicates like their first, one run and one task each', async () => {
    const specs = makeDeliveries({ count: 2000, conversations: 50, duplicateEvery: 10, botId: BOT, prefix: 'red' });
    const direct = Object.fromEntries(reds.map((red, i) => [`r${i + 1}`, hook(red)]));
    const { outcomes, ms } = await drive(specs, { balancer: `${balancer.url}${reds[0].httpNodeRoot}/relais/agent`, direct, headers });
    expectAnswered(outcomes, specs);
    const perInstance = await Promise.all(reds.map(runs));
    expect(perInstance[0] + perInstance[1]).toBe(2000);
    expect(perInstance.every((n) => n > 0)).toBe(true);
    expect(await tasks(specs)).toEqual({ rows: 2000, keys: 2000 });
    const { rows } = await store.query<{ contacts: string; tags: string }>("SELECT (SELECT count(*) FROM relais_contacts) AS contacts, (SELECT count(*) FROM relais_contact_tags WHERE tag = 'customer') AS tags");
    expect(rows[0]).toEqual({ contacts: '50', tags: '50' });
    report.push(`2,000 deliveries + 200 duplicates in ${ms} ms (${(2000 / (ms / 1000)).toFixed(1)} deliveries/s); flow runs per instance ${perInstance.join(' + ')}; 2,000 tasks`);
  });

  it('one instance killed (-9) mid-run: every delivery answered, none lost, none doubled', async () => {
    const specs = makeDeliveries({ count: 400, conversations: 50, duplicateEvery: 10, botId: BOT, prefix: 'redkill' });
    const direct = Object.fromEntries(reds.map((red, i) => [`r${i + 1}`, hook(red)]));
    const survivorBefore = await runs(reds[0]);
    const { outcomes, ms } = await drive(specs, {
      balancer: `${balancer.url}${reds[0].httpNodeRoot}/relais/agent`,
      direct,
      headers,
      onAnswered: (count) => {
        if (count === 120) process.kill(reds[1].pid, 'SIGKILL');
      },
    });
    const { defaults, retried } = expectAnsweredDespiteKills(outcomes, specs, { results: [{ key: 'order_status', value: 'pending' }] });
    const stored = await tasks(specs);
    // Nothing doubled, nothing lost: a delivery the killed instance had claimed was taken over by the
    // survivor once its lease ran out (the platform's retry waited for it).
    expect(stored).toEqual({ rows: 400, keys: 400 });
    const survivorRuns = (await runs(reds[0])) - survivorBefore;
    report.push(`kill -9 of instance 2 after 120 answers: 400 deliveries + 40 duplicates in ${ms} ms; ${retried} needed a retry; ${defaults} answered with the default; survivor ran ${survivorRuns}; tasks ${stored.rows} for ${stored.keys} deliveries`);
  });
});
