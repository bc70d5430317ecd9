// Bad parameters are invalid_block errors whose issues name the JSON path and what is allowed; out of
// range values are refused, never clamped.
import { buildBlock, parseBlock } from '../../../src/blocks';
import { RelaisError } from '../../../src/errors';

const http = (parameters: Record<string, unknown>) => ({
  id: 'http-notify',
  type: 'action',
  data: { parameters: { action_type: 'http_request', http_method: 'GET', url: 'https://api.example.com/x', ...parameters } },
});

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    parseBlock(input);
  } catch (error) {
    expect(error).toBeInstanceOf(RelaisError);
    expect((error as RelaisError).code).toBe('invalid_block');
    return (error as RelaisError).issues;
  }
  throw new Error('expected parseBlock to throw');
}

describe('parameter errors', () => {
  it.each([
    [{ timeout_seconds: '90' }, 'data.parameters.timeout_seconds', /from 1 to 60 \(got 90\)/],
    [{ timeout_seconds: '0' }, 'data.parameters.timeout_seconds', /from 1 to 60/],
    [{ timeout_seconds: 'ten' }, 'data.parameters.timeout_seconds', /number from 1 to 60 \(got "ten"\)/],
    [{ http_method: 'FETCH' }, 'data.parameters.http_method', /one of GET, POST, PUT, PATCH, DELETE/],
    [{ content_type: 'xml' }, 'data.parameters.content_type', /one of json, text/],
    [{ allow_http: 'yes' }, 'data.parameters.allow_http', /true or false/],
    [{ headers_json: '{"a": ' }, 'data.parameters.headers_json', /must be JSON text/],
    [{ headers_json: '{"X-A": "1\\r\\nX-Evil: 1"}' }, 'data.parameters.headers_json.X-A', /control character/],
    [{ headers_json: '{"X-Name": "Łukasz"}' }, 'data.parameters.headers_json.X-Name', /Latin-1/],
    [{ headers_json: '{"Host": "evil.example"}' }, 'data.parameters.headers_json.Host', /set by the transport/],
    [{ headers_json: '{"Bad Name": "x"}' }, 'data.parameters.headers_json.Bad Name', /not a valid header name/],
    [{ body_json: '{"a": {{x}} "b": 1}' }, 'data.parameters.body_json', /expected "," or "}".*line 1, column 13/],
    [{ body_json: '{"a": "{{#if x}}y{{/if}}"}' }, 'data.parameters.body_json', /only plain placeholders/],
    [{ url: 'https://{{host}}/x' }, 'data.parameters.url', /after the host/],
    [{ url: '{{url}}' }, 'data.parameters.url', /after the host/],
    [{ url: 'ftp://files.example.com/x' }, 'data.parameters.url', /scheme must be https/],
    [{ url: 'https://user:pw@api.example.com/x' }, 'data.parameters.url', /credential/],
    [{ url: '' }, 'data.parameters.url', /is required/],
    [{ retry: '{"attempts": 9}' }, 'data.parameters.retry.attempts', /from 0 to 5/],
    [{ filter: '{"max_items": -1}' }, 'data.parameters.filter.max_items', /./],
    [{ filter: '{"expression": "orders[?"}' }, 'data.parameters.filter.expression', /./],
    [{ filter: '{"nope": 1}' }, 'data.parameters.filter.nope', /not a known setting/],
    [{ variables: '[{"name": "1abc"}]' }, 'data.parameters.variables.0.name', /letters, digits/],
    [{ variables: '[{"name": "contact"}]' }, 'data.parameters.variables.0.name', /reserved/],
    [{ variables: '[{"name": "a", "type": "money"}]' }, 'data.parameters.variables.0.type', /allowed: string, integer/],
    [{ variables: '[{"name": "a", "type": "integer", "default": "x"}]' }, 'data.parameters.variables.0.default', /whole number/],
    [{ variables: '[{"name": "a"}, {"name": "a"}]' }, 'data.parameters.variables.1.name', /declared twice/],
    [{ timeout: '10' }, 'data.parameters.timeout', /known parameters: http_method, url/],
  ])('%j → %s', (parameters, path, message) => {
    const issues = issuesOf(http(parameters));
    const issue = issues.find((i) => i.path === path);
    expect(issue).toBeDefined();
    expect(issue!.message).toMatch(message);
  });

  it('names every AI parameter out of range', () => {
    const issues = issuesOf({ id: 'ai-reply', type: 'action', data: { parameters: { action_type: 'ai_reply', temperature: '1.5', max_output_tokens: '2001', body_source: 'robot' } } });
    expect(issues.map((i) => i.path).sort()).toEqual(['data.parameters.body_source', 'data.parameters.max_output_tokens', 'data.parameters.temperature']);
    expect(issues.find((i) => i.path === 'data.parameters.temperature')!.message).toMatch(/from 0 to 1 \(got 1.5\)/);
    expect(issues.find((i) => i.path === 'data.parameters.max_output_tokens')!.message).toMatch(/whole number from 1 to 2000/);
    expect(issues.find((i) => i.path === 'data.parameters.body_source')!.message).toMatch(/ai, template, statique/);
  });

  it('refuses a sales task priority outside haute|normale|basse and a missing tag', () => {
    expect(issuesOf({ id: 'create-sales-task', type: 'action', data: { channel: 'commercial', parameters: { priorite: 'urgente' } } })[0]).toEqual({
      path: 'data.parameters.priorite',
      message: 'must be one of haute, normale, basse (got "urgente")',
    });
    expect(issuesOf({ id: 'tag-contact', type: 'action', data: { parameters: { action_type: 'tag_contact', tag: '  ' } } })[0].path).toBe('data.parameters.tag');
  });

  it('requires action_type to be exact', () => {
    const issues = issuesOf({ id: 'x', type: 'action', data: { parameters: { action_type: 'HTTP_REQUEST' } } });
    expect(issues).toEqual([
      {
        path: 'data.parameters.action_type',
        message: expect.stringMatching(/exactly one of sales_task, http_request/),
        fr: expect.stringMatching(/exactement l'un de sales_task, http_request/),
      },
    ]);
  });

  it('says when the action type cannot be decided', () => {
    const issues = issuesOf({ id: 'block-7', type: 'action', data: { channel: 'whatsapp', parameters: {} } });
    expect(issues[0].path).toBe('data.parameters.action_type');
    expect(issues[0].message).toMatch(/cannot tell which action.*add "action_type"/);
  });

  it('checks the block envelope', () => {
    expect(issuesOf('not json')[0].message).toMatch(/not JSON/);
    expect(issuesOf([1])[0].message).toMatch(/JSON object/);
    expect(issuesOf({ id: 'x', type: 'trigger', data: { parameters: {} } })[0].path).toBe('type');
    expect(issuesOf({ id: 'x', type: 'action' })[0].path).toBe('data');
    expect(issuesOf({ id: 'x', type: 'action', data: { label: 3, parameters: {} } })[0].path).toBe('data.label');
  });

  it('puts every problem in the message, located', () => {
    try {
      parseBlock(http({ timeout_seconds: '61', content_type: 'xml' }));
      throw new Error('expected an error');
    } catch (error) {
      expect((error as Error).message).toMatch(/data\.parameters\.content_type must be one of json, text.*data\.parameters\.timeout_seconds must be a number from 1 to 60 \(got 61\)/);
    }
  });
});

describe('inference of the action type', () => {
  it.each([
    [{ id: 'create-sales-task', data: { channel: 'commercial', parameters: {} } }, 'sales_task'],
    [{ id: 'x', data: { channel: 'commercial', parameters: { tag: 'vip' } } }, 'tag_contact'],
    [{ id: 'x', data: { channel: 'crm', parameters: {} } }, 'crm_upsert'],
    [{ id: 'x', data: { channel: 'ai', parameters: {} } }, 'ai_reply'],
    [{ id: 'x', data: { channel: 'http', parameters: { http_method: 'GET', url: 'https://a.example/x' } } }, 'http_request'],
    [{ id: 'follow-up-task', data: { parameters: {} } }, 'sales_task'],
    [{ id: 'n1', data: { parameters: { assignation: 'x' } } }, 'sales_task'],
  ])('%j → %s', (block, expected) => {
    expect(parseBlock({ type: 'action', ...block }).action_type).toBe(expected);
  });
});

describe('buildBlock (host adapters)', () => {
  it('builds a block from node parameters, ignoring host-only keys', () => {
    const block = buildBlock('http_request', { http_method: 'POST', url: 'api.example.com/x', timeout_seconds: 5, notice: '', allow_http: true }, { id: 'n1', label: 'Call' });
    expect(block).toMatchObject({ id: 'n1', type: 'action', action_type: 'http_request', data: { label: 'Call' } });
    expect(block.data.parameters.timeout_seconds).toBe(5);
    expect(block.data.parameters.allow_http).toBe(true);
  });

  it('reports errors by JSON path', () => {
    expect(() => buildBlock('tag_contact', {})).toThrow(expect.objectContaining({ code: 'invalid_block', issues: [expect.objectContaining({ path: 'data.parameters.tag' })] }));
    expect(() => buildBlock('nope' as never, {})).toThrow(/exactly one of/);
  });
});
