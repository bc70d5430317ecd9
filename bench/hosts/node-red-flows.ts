// The Node-RED benchmark flows: one shape for every contender. `POST /bench/<name>` with
// {total, concurrency} starts a driver (a function node) that keeps `concurrency` messages in flight
// through the node under test until `total` have come back, then answers the HTTP request with the
// elapsed time, the failures and the latencies. Each message asks for a different order
// (GET <server>/bench/orders/<n> with a bearer token) and is checked on return: the answer must carry
// that order's id, so a node that skips or garbles the call counts as a failure, not as speed.
import type { FlowNode } from '../../test/support/node-red';

export const BENCH_TAB = 'bench.tab';
export const BENCH_TOKEN = 'bench-bearer-token-5c1e';

/** Function node source of the driver. Input without `bench_seq` = start (from `http in`); with = a message back. */
const DRIVER = `
const state = context.get('state');
function launch(s) {
  const seq = s.sent++;
  return { bench_seq: seq, bench_t: Date.now(), payload: { order_number: String(100000 + seq) } };
}
if (msg.bench_seq === undefined) {
  const s = { total: msg.payload.total, concurrency: msg.payload.concurrency, sent: 0, done: 0, failed: 0, example: null, latencies: [], started: Date.now(), reply: msg };
  context.set('state', s);
  const first = [];
  while (s.sent < s.total && s.sent < s.concurrency) first.push(launch(s));
  return [first, null];
}
state.done++;
state.latencies.push(Date.now() - msg.bench_t);
const body = msg.payload;
const answered = (msg.statusCode === 200 || (msg.relais && msg.relais.status === 200)) && !msg.error;
if (!answered || !body || body.id !== String(100000 + msg.bench_seq)) {
  state.failed++;
  if (!state.example) state.example = { statusCode: msg.statusCode, error: msg.error, payload: typeof body === 'string' ? body.slice(0, 300) : body };
}
if (state.sent < state.total) return [launch(state), null];
if (state.done < state.total) return null;
const reply = state.reply;
context.set('state', undefined);
reply.payload = { elapsed_ms: Date.now() - state.started, done: state.done, failed: state.failed, example: state.example, latencies: state.latencies };
return [null, reply];
`;

/** `http in` → driver ⇄ node under test; the driver answers through `http response`. */
function harness(name: string, node: FlowNode, outputs: number): FlowNode[] {
  const id = `bench.${name}`;
  return [
    { id: `${id}.in`, type: 'http in', z: BENCH_TAB, url: `/bench/${name}`, method: 'post', wires: [[`${id}.driver`]] },
    { id: `${id}.driver`, type: 'function', z: BENCH_TAB, name: `${name} driver`, func: DRIVER, outputs: 2, wires: [[node.id], [`${id}.out`]] },
    { ...node, z: BENCH_TAB, wires: Array.from({ length: outputs }, () => [`${id}.driver`]) },
    { id: `${id}.out`, type: 'http response', z: BENCH_TAB, statusCode: '', headers: {}, wires: [] },
  ];
}

/** Node-RED's own `http request` node on the same lookup, with keep-alive (`persist`) on or off. */
function coreHttpRequest(id: string, persist: boolean, serverOrigin: string): FlowNode {
  return {
    id,
    type: 'http request',
    method: 'GET',
    ret: 'obj',
    paytoqs: 'ignore',
    url: `${serverOrigin}/bench/orders/{{{payload.order_number}}}`,
    tls: '',
    persist,
    proxy: '',
    insecureHTTPParser: false,
    authType: 'bearer',
    senderr: false,
    headers: [],
    credentials: { user: '', password: BENCH_TOKEN },
  };
}

/** Both contenders, doing the same work: templated GET, bearer token, JSON parsed into msg.payload. */
export function benchFlows(serverOrigin: string): FlowNode[] {
  return [
    { id: BENCH_TAB, type: 'tab', label: 'relais bench' },
    { id: 'bench.auth', type: 'relais-auth', name: 'bench token', kind: 'bearer', credentials: { token: BENCH_TOKEN } },
    ...harness(
      'relais',
      {
        id: 'bench.relais.node',
        type: 'relais-http-request',
        http_method: 'GET',
        url: `${serverOrigin}/bench/orders/{{order_number}}`,
        credential: 'bench.auth',
        variables: [{ name: 'order_number', type: 'string', description: 'order number', example: '100001', required: true, default: '' }],
        content_type: 'json',
        timeout_seconds: '10',
        allow_http: true,
        allow_private_network: true,
        outputs: 2,
      },
      2,
    ),
    // The core node at its best: keep-alive on ("persist"), like Relais's connection pool.
    ...harness('core', coreHttpRequest('bench.core.node', true, serverOrigin), 1),
    // Node-RED's default: a new connection per request.
    ...harness('core-default', coreHttpRequest('bench.core-default.node', false, serverOrigin), 1),
  ];
}
