// Issue 14, finding 8: a filter expression of a few characters can ask for exponential work —
// `[@,@]` piped 22 times doubles the result at each stage (four million leaves, 80 MB serialised from a
// tiny response), `[@,@][]` doubles a materialised array. The expression runs within the call's
// deadline and a size bound (bounds.ts) and fails with too_large naming filter.expression, through
// applyFilter and through executeBlock against a node:http server on 127.0.0.1.
import { executeBlock } from '../../../src/actions';
import { RelaisError } from '../../../src/errors';
import { applyFilter } from '../../../src/filter';
import { MIN_RESULT_BOUND } from '../../../src/filter/bounds';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { startTestServer, type TestServer } from '../../support/servers';
import { relaisRejection as failure } from '../../support/rejection';

const piped = (stage: string, times: number) => Array<string>(times).fill(stage).join(' | ');
const DOUBLING = piped('[@,@]', 22);

function thrown(run: () => unknown): RelaisError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RelaisError);
    return error as RelaisError;
  }
  throw new Error('expected a RelaisError');
}

describe('the filter expression is bounded in size', () => {
  it.each([
    ['[@,@] piped 22 times, budget off', DOUBLING, { max_chars: 0 }],
    ['[@,@] piped 22 times, default budget', DOUBLING, {}],
    ['[@,@] piped 22 times, then limits', DOUBLING, { max_items: 1, max_string_length: 2 }],
    ['[@,@][] piped 40 times (materialised arrays)', piped('[@,@][]', 40), { max_chars: 0 }],
    ['join of doubled strings', `status | ${piped("join('', [@, @])", 30)}`, { max_chars: 0 }],
    ['inside let', `let $x = @ in ${piped('[@,@][]', 40)}`, { max_chars: 0 }],
  ])('%s: too_large naming filter.expression, quickly', (_name, expression, extra) => {
    const started = Date.now();
    const error = thrown(() => applyFilter({ order: 'ORD-1', status: 'shipped' }, { expression, ...extra }));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/^The filter's expression produces more than \d+ characters/);
    expect(error.issues[0].path).toBe('data.parameters.filter.expression');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('lets ordinary projections through, including ones larger than their input', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `customer ${i}` }));
    const out = applyFilter({ rows, meta: { page: 1 } }, { expression: 'let $m = meta in rows[].{id: id, name: name, page: $m.page}', max_chars: 0 });
    expect((out.data as unknown[]).length).toBe(2000);
    expect(out.report.final_chars).toBe(JSON.stringify(out.data).length);
    // A result just under the bound is fine: 2 × 400 000 characters from a small input.
    const big = 'x'.repeat(MIN_RESULT_BOUND / 2 - 10);
    expect(applyFilter({ big }, { expression: '[big, big]', max_chars: 0 }).report.final_chars).toBeLessThanOrEqual(MIN_RESULT_BOUND);
  });
});

describe('the filter expression runs within the call\'s deadline', () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({ a: i, b: `row ${i}` }));

  it('stops an interpreted expression once the deadline has passed (also inside let)', () => {
    for (const expression of ['rows[?a > `-1`].b', 'let $r = rows in $r[?a > `-1`].b', 'sort_by(rows, &b)[].a']) {
      const error = thrown(() => applyFilter({ rows }, { expression, max_chars: 0 }, undefined, Date.now() - 1));
      expect(error.code).toBe('too_large');
      expect(error.message).toMatch(/^The filter's expression was still running when the call's deadline/);
      expect(error.issues[0].path).toBe('data.parameters.filter.expression');
    }
  });

  it('runs the same expressions to the end when time is left', () => {
    const out = applyFilter({ rows }, { expression: 'rows[?a > `-1`].b', max_chars: 0 }, undefined, Date.now() + 60_000);
    expect((out.data as unknown[]).length).toBe(5000);
  });
});

describe('through executeBlock', () => {
  let server: TestServer;
  let runtime: Runtime;

  beforeAll(async () => {
    // Every path answers the same JSON document.
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"order":"ORD-1","status":"shipped"}');
      return true;
    });
    runtime = createRuntime({ network: { allowed_hosts: [new URL(server.origin).host] } });
  });

  afterAll(async () => {
    await runtime.close();
    await server.close();
  });

  it('[@,@] piped 22 times with max_chars 0 fails with too_large instead of handing 80 MB to the host', async () => {
    const block = {
      id: 'bomb',
      type: 'action',
      position: { x: 0, y: 0 },
      data: { label: 'Bomb', channel: 'http', description: 'd', parameters: { action_type: 'http_request', http_method: 'GET', url: `${server.origin}/order`, allow_http: true, filter: { expression: DOUBLING, max_chars: 0 } } },
    };
    const error = await failure(executeBlock(block, {}, runtime));
    expect(error.code).toBe('too_large');
    expect(error.message).toContain('filter');
    expect(error.issues[0].path).toBe('data.parameters.filter.expression');
  });
});
