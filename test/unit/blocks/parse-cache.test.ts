// parseBlock caches its result per block JSON (and per input object): the same block given again returns
// the same frozen Block, and a block object changed between calls is parsed again — never a stale result.
import { buildBlock, parseBlock } from '../../../src/blocks';
import type { HttpRequestParams } from '../../../src/blocks';

function httpBlock(timeout: unknown = '10'): Record<string, unknown> {
  return {
    id: 'lookup',
    type: 'action',
    data: {
      label: 'Lookup',
      parameters: { action_type: 'http_request', http_method: 'GET', url: 'https://api.example.com/orders/{{n}}', timeout_seconds: timeout, variables: [{ name: 'n', type: 'string', required: true }] },
    },
  };
}

const params = (block: ReturnType<typeof parseBlock>): HttpRequestParams => block.data.parameters as HttpRequestParams;

describe('parseBlock cache', () => {
  it('returns the same frozen Block for the same object, and for an equal copy or its JSON text', () => {
    const input = httpBlock();
    const first = parseBlock(input);
    expect(Object.isFrozen(first)).toBe(true);
    expect(parseBlock(input)).toBe(first);
    expect(parseBlock(httpBlock())).toBe(first);
    expect(parseBlock(JSON.stringify(input))).toEqual(first);
  });

  it('parses a block object again when one of its values changed between calls', () => {
    const input = httpBlock('10');
    expect(params(parseBlock(input)).timeout_seconds).toBe(10);
    ((input.data as Record<string, unknown>).parameters as Record<string, unknown>).timeout_seconds = '20';
    expect(params(parseBlock(input)).timeout_seconds).toBe(20);
    ((input.data as Record<string, unknown>).parameters as Record<string, unknown>).timeout_seconds = 61;
    expect(() => parseBlock(input)).toThrow(/timeout_seconds/);
  });

  it('never serves a stale Block for an object whose accessor changes its value during a call', () => {
    // The getter gives timeout "1n" for its first n reads, then "20" for good: whichever of the first
    // call's reads (key, parse, snapshot) the change falls between, the next calls must see "20".
    for (let n = 1; n <= 6; n++) {
      const input = httpBlock();
      const parameters = (input.data as Record<string, unknown>).parameters as Record<string, unknown>;
      let reads = 0;
      let settled = false;
      Object.defineProperty(parameters, 'timeout_seconds', { enumerable: true, configurable: true, get: () => (settled || ++reads > n ? '20' : `1${n}`) });
      parseBlock(input);
      settled = true;
      expect(params(parseBlock(input)).timeout_seconds).toBe(20);
      expect(params(parseBlock(input)).timeout_seconds).toBe(20);
      // And the text cache holds, for each text, the block of that text.
      expect(params(parseBlock(httpBlock(`1${n}`))).timeout_seconds).toBe(Number(`1${n}`));
    }
  });

  it('notices added, removed and reordered keys and changed array items', () => {
    const input = httpBlock();
    const data = input.data as Record<string, unknown>;
    const parameters = data.parameters as Record<string, unknown>;
    parseBlock(input);
    parameters.content_type = 'text';
    expect(params(parseBlock(input)).content_type).toBe('text');
    delete parameters.content_type;
    expect(params(parseBlock(input)).content_type).toBe('json');
    (parameters.variables as Array<Record<string, unknown>>)[0].type = 'integer';
    expect(params(parseBlock(input)).variables[0].type).toBe('integer');
    (parameters.variables as unknown[]).push({ name: 'm', type: 'string' });
    expect(params(parseBlock(input)).variables.map((v) => v.name)).toEqual(['n', 'm']);
    // Same content, keys in another order: another JSON text, so not taken for the cached one.
    const before = parseBlock(input);
    const url = parameters.url;
    delete parameters.url;
    parameters.url = url;
    const reordered = parseBlock(input);
    expect(reordered).not.toBe(before);
    expect(reordered).toEqual(before);
    data.label = 'Renamed';
    expect(parseBlock(input).data.label).toBe('Renamed');
  });

  it('does not take a value JSON cannot represent (NaN, -0, undefined) for the JSON it prints as', () => {
    const input = httpBlock(5);
    expect(params(parseBlock(input)).timeout_seconds).toBe(5);
    const parameters = (input.data as Record<string, unknown>).parameters as Record<string, unknown>;
    parameters.timeout_seconds = NaN; // prints as null, which would mean "the default"
    expect(() => parseBlock(input)).toThrow(/timeout_seconds/);
    parameters.timeout_seconds = undefined; // an absent key: the default
    expect(params(parseBlock(input)).timeout_seconds).toBe(10);
  });

  it('gives the same Block for buildBlock arguments given again, and never serves it for a text given to parseBlock', () => {
    const values = { http_method: 'GET', url: 'https://api.example.com/built/{{n}}', variables: [{ name: 'n', type: 'string', required: true }], ui_only: 'ignored' };
    const built = buildBlock('http_request', values, { label: 'Built' });
    expect(buildBlock('http_request', { ...values }, { label: 'Built' })).toBe(built);
    expect(buildBlock('http_request', { ...values, url: 'https://api.example.com/other' }, { label: 'Built' })).not.toBe(built);
    expect(buildBlock('http_request', values, { label: 'Renamed' }).data.label).toBe('Renamed');
    // buildBlock's keys start with NUL; parseBlock refuses such a text (not JSON) instead of looking it up.
    const own = { http_method: 'GET', url: 'https://api.example.com/built/{{n}}', variables: values.variables };
    expect(() => parseBlock(`\u0000http_request\u0000${JSON.stringify([null, { label: 'Built' }, own])}`)).toThrow(/not JSON/);
  });
});
