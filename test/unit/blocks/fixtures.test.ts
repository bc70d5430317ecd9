// Every seed block in test/fixtures/blocks parses, with the action type, coercions and defaults the
// seeds describe.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseBlock, type Block } from '../../../src/blocks';

const dir = join(__dirname, '../../fixtures/blocks');
const load = (name: string): unknown => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
const parse = (name: string): Block => parseBlock(load(name));

describe('seed fixtures', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.json')))('%s parses', (file) => {
    const block = parseBlock(readFileSync(join(dir, file), 'utf8'));
    expect(block.type).toBe('action');
    expect(block.action_type).toMatch(/^(sales_task|http_request|crm_upsert|ai_reply|tag_contact)$/);
  });

  it('infers sales_task for the seed 001 sales task, which has no action_type', () => {
    const block = parse('seed001-sales-task');
    expect(block.action_type).toBe('sales_task');
    expect(block.id).toBe('create-sales-task');
    expect(block.position).toEqual({ x: 960, y: 100 });
    expect(block.data.label).toBe('Créer une tâche commerciale');
    expect(block.data.parameters).toEqual({ assignation: 'commercial', priorite: 'haute', title: '', description: '' });
  });

  it('coerces the seed 001 HTTP block (timeout "10" → 10) and keeps its templates', () => {
    const block = parse('seed001-http-notify');
    if (block.action_type !== 'http_request') throw new Error('expected http_request');
    const p = block.data.parameters;
    expect(p.http_method).toBe('POST');
    expect(p.timeout_seconds).toBe(10);
    expect(p.content_type).toBe('json');
    expect({ ...p.headers_json }).toEqual({ Authorization: 'Bearer VOTRE_TOKEN' });
    expect(p.body_json).toBe('{"event": "relance_envoyee"}');
    expect(p.variables).toEqual([]);
    expect(p.allow_http).toBe(false);
  });

  it('accepts the seed 001 minimal example (bare parameters)', () => {
    const block = parse('seed001-http-minimal');
    expect(block.action_type).toBe('http_request');
    expect(block.id).toBe('http_request');
    if (block.action_type !== 'http_request') throw new Error('expected http_request');
    expect({ ...block.data.parameters.headers_json }).toEqual({});
  });

  it('coerces the seed 001 AI block ("0.4" → 0.4, "240" → 240)', () => {
    const block = parse('seed001-ai-reply');
    if (block.action_type !== 'ai_reply') throw new Error('expected ai_reply');
    expect(block.data.parameters).toMatchObject({ body_source: 'ai', temperature: 0.4, max_output_tokens: 240, model: '', system_prompt: '' });
  });

  it('parses the CRM and tag blocks', () => {
    const crm = parse('seed001-crm-contact');
    expect(crm.action_type).toBe('crm_upsert');
    expect(crm.data.parameters).toEqual({ crm_champ_email: 'email', crm_champ_telephone: 'phone', fields_json: {} });
    const tag = parse('seed001-tag-contact');
    expect(tag.action_type).toBe('tag_contact');
    expect(tag.data.parameters).toEqual({ tag: 'relance_envoyee' });
  });

  it('parses the seed 002 examples with their typed variables, credentials and filters', () => {
    const order = parse('seed002-order-lookup');
    if (order.action_type !== 'http_request') throw new Error('expected http_request');
    expect(order.data.parameters.variables).toEqual([
      { name: 'order_number', type: 'string', description: "Customer's order number", example: 'ORD-12345', required: true, default: undefined },
    ]);
    expect(order.data.parameters.credential).toBe('company_api');
    const zendesk = parse('seed002-zendesk-ticket');
    if (zendesk.action_type !== 'http_request') throw new Error('expected http_request');
    expect(zendesk.data.parameters.timeout_seconds).toBe(15);
    expect(zendesk.data.parameters.filter).toEqual({ include: ['ticket.id', 'ticket.status'] });
    const orders = parse('seed002-lookup-orders');
    if (orders.action_type !== 'http_request') throw new Error('expected http_request');
    expect(orders.data.parameters.filter).toEqual({ expression: 'orders[].{id: id, status: status}', max_items: 5 });
  });

  it('is idempotent: a parsed block parses to itself', () => {
    for (const file of readdirSync(dir)) {
      const once = parseBlock(readFileSync(join(dir, file), 'utf8'));
      expect(parseBlock(JSON.parse(JSON.stringify(once)))).toEqual(JSON.parse(JSON.stringify(once)));
    }
  });
});

describe('parsed blocks', () => {
  it('are frozen, and pass through parseBlock unchanged', () => {
    const block = parse('seed002-zendesk-ticket');
    expect(Object.isFrozen(block)).toBe(true);
    expect(Object.isFrozen(block.data.parameters)).toBe(true);
    expect(parseBlock(block)).toBe(block);
    expect(() => {
      'use strict';
      (block.data.parameters as { timeout_seconds: number }).timeout_seconds = 99;
    }).toThrow(TypeError);
  });

  it('the same parameters give equal results, and different ones are never confused', () => {
    const a = parse('seed002-order-lookup');
    const b = parse('seed002-order-lookup');
    expect(b).toEqual(a);
    const raw = load('seed002-order-lookup') as { data: { parameters: Record<string, unknown> } };
    raw.data.parameters.timeout_seconds = '11';
    expect((parseBlock(raw).data.parameters as { timeout_seconds: number }).timeout_seconds).toBe(11);
    raw.data.parameters.timeout_seconds = NaN;
    expect(() => parseBlock(raw)).toThrow(/timeout_seconds/);
    raw.data.parameters.timeout_seconds = null;
    expect((parseBlock(raw).data.parameters as { timeout_seconds: number }).timeout_seconds).toBe(10);
  });
});
