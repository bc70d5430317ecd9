import { parseBlock } from '../../../src';
import { blockTool, blockToolName } from '../../../src/tools/block-tool';

describe('blockToolName', () => {
  it('replaces every character outside [A-Za-z0-9_-] and keeps at most 64', () => {
    expect(blockToolName('lookup order.v2 (fr)')).toBe('lookup_order_v2__fr_');
    expect(blockToolName('é')).toBe('_');
    expect(blockToolName('x'.repeat(80))).toHaveLength(64);
    expect(blockToolName('')).toBe('relais_action');
  });
});

describe('blockTool', () => {
  it('takes the description, else the label, and the variables as a JSON Schema with optional kept optional', () => {
    const block = parseBlock({
      id: 'order-lookup',
      type: 'action',
      data: {
        label: 'Order lookup',
        parameters: {
          action_type: 'http_request',
          http_method: 'GET',
          url: 'https://api.example.com/orders/{{order_id}}',
          variables: [
            { name: 'order_id', type: 'integer', description: 'Order number', required: true },
            { name: 'lang', type: 'string', description: 'Language', required: false },
          ],
        },
      },
    });
    const tool = blockTool(block);
    expect(tool.name).toBe('order-lookup');
    expect(tool.description).toBe('Order lookup');
    expect(tool.inputSchema.required).toEqual(['order_id']);
    expect(Object.keys(tool.inputSchema.properties)).toEqual(['order_id', 'lang']);
    expect(tool.inputSchema.properties.order_id.type).toBe('integer');
  });
});
