// Issue 15: the core bench's GET and POST paths taken apart, in this process, with no network: the CPU
// each step of executeBlock costs on its own (parse the block text, render the call, apply the
// credential part, decode and redact the response, filter it), next to what raw undici's client also does
// (JSON.parse of the same body). Where the core bench's "+N µs over raw" goes, without the noise of a
// loopback server on a shared machine. Each step runs in rounds; medians with the spread.
import { compiledOf } from '../src/actions/http/compile';
import { finishHttpRequest } from '../src/actions/http/prepare';
import { renderHttpRequest } from '../src/actions/http/render';
import type { ActionScope } from '../src/actions/types';
import { parseBlock, type HttpRequestParams } from '../src/blocks';
import { applyFilter } from '../src/filter';
import { decodeBodySized } from '../src/http/response';
import { createRuntime } from '../src/runtime';
import { benchOrder } from './order';
import { fixed, report, table } from './support';

const TOKEN = 'bench-token-0123456789';
const ROUNDS = 5;
const N = Number(process.env.BENCH_PARTS_N ?? 100_000);

/** CPU µs per call of `step`: median and min–max over ROUNDS rounds of N calls, after a warm-up. */
function cpuPerCall(step: (i: number) => unknown): { median: number; min: number; max: number } {
  for (let i = 0; i < 20_000; i++) step(i);
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < N; i++) step(i);
    const used = process.cpuUsage(start);
    rounds.push((used.user + used.system) / N);
  }
  rounds.sort((a, b) => a - b);
  return { median: rounds[Math.floor(ROUNDS / 2)], min: rounds[0], max: rounds[ROUNDS - 1] };
}

function block(method: 'GET' | 'POST'): string {
  const common = { action_type: 'http_request', content_type: 'json', headers_json: '', body_text: '', timeout_seconds: '10', credential: 'bench', allow_http: true };
  const parameters =
    method === 'GET'
      ? {
          ...common,
          http_method: 'GET',
          url: 'http://127.0.0.1:9/bench/orders/{{order_number}}',
          body_json: '',
          variables: [{ name: 'order_number', type: 'string', description: 'Order number', example: 'ORD-1', required: true }],
          filter: { expression: '{id: id, status: status, tracking: tracking.number, items: items[].{sku: sku, qty: qty}}', max_chars: 4000 },
        }
      : {
          ...common,
          http_method: 'POST',
          url: 'http://127.0.0.1:9/bench/orders',
          body_json: '{"order_number": "{{order_number}}", "quantity": {{quantity}}, "note": "created by the bench"}',
          variables: [
            { name: 'order_number', type: 'string', description: 'Order number', example: 'ORD-1', required: true },
            { name: 'quantity', type: 'integer', description: 'How many', example: '1', required: true },
          ],
          filter: { max_chars: 2000 },
        };
  return JSON.stringify({ id: `bench-${method.toLowerCase()}`, type: 'action', position: { x: 0, y: 0 }, data: { label: method, channel: 'http', description: 'bench', parameters } });
}

function main(): void {
  const runtime = createRuntime({ credentials: { bench: { type: 'bearer', token: TOKEN } } });
  const rows: (string | number)[][] = [];
  const bodies = {
    GET: Buffer.from(JSON.stringify(benchOrder('ORD-1'))),
    POST: Buffer.from(JSON.stringify({ id: 'ORD-NEW', created: true, received: 80 })),
  };
  for (const method of ['GET', 'POST'] as const) {
    const text = block(method);
    const params = parseBlock(text).data.parameters as HttpRequestParams;
    const compiled = compiledOf(params);
    const scopeFor = (i: number): ActionScope => ({
      block: { id: 'bench' },
      context: { variables: method === 'GET' ? { order_number: `ORD-${i}` } : { order_number: `ORD-${i}`, quantity: String((i % 9) + 1) } },
      runtime,
    });
    const rendered = renderHttpRequest(compiled, scopeFor(1));
    const part = runtime.credentialPart(rendered.credential);
    const prepared = finishHttpRequest(rendered, part);
    const response = { status: 200, headers: { 'content-type': 'application/json' }, body: bodies[method], url: '', duration_ms: 1, attempts: 1, redirects: 0 };
    const decoded = decodeBodySized(response, { expectJson: true, htmlToText: true }, prepared.redact);
    const steps: Array<[string, (i: number) => unknown]> = [
      ['parseBlock (the same block text: a lookup)', () => parseBlock(text)],
      ['JSON.parse of the text, then parseBlock of that fresh object', () => parseBlock(JSON.parse(text))],
      ['render (variables, URL, query, headers, body)', (i) => renderHttpRequest(compiled, scopeFor(i))],
      ['runtime.credentialPart (by the credential value)', () => runtime.credentialPart(rendered.credential)],
      ['finish (credential part applied, redacted twin)', () => finishHttpRequest(rendered, part)],
      ['decode + redact the response', () => decodeBodySized(response, { expectJson: true, htmlToText: true }, prepared.redact)],
      ['filter (projection, budget)', () => applyFilter(decoded.data, params.filter, decoded.chars, Date.now() + 10_000)],
      ['raw undici also: JSON.parse of the body', () => JSON.parse(bodies[method].toString('utf8'))],
    ];
    for (const [name, step] of steps) {
      const cost = cpuPerCall(step);
      rows.push([method, name, `${fixed(cost.median, 2)} µs`, `${fixed(cost.min, 2)}–${fixed(cost.max, 2)} µs`]);
    }
  }
  report(`## Core pipeline, step by step (no network)

The core bench's blocks (GET: path placeholder, bearer, JMESPath projection + 4000-char budget on the
~1.5 KB order; POST: JSON body template, typed values, bearer, 2000-char budget), each step of executeBlock
timed on its own in this process: CPU per call, median of ${ROUNDS} rounds of ${N} calls (min–max). What
executeBlock adds over raw undici is roughly the sum of the steps above the last row, plus the result
objects and the transport's own difference (core bench).

${table(['method', 'step', 'CPU/call', 'spread'], rows)}`);
}

main();
