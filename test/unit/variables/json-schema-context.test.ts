// The JSON Schema for AI tool use, and the context a host builds from its input.
import type { Context } from '../../../src/context';
import { contextFromInput, templateScope, variableDefinitionsSchema, variablesJsonSchema } from '../../../src/variables';

describe('variablesJsonSchema', () => {
  const variables = variableDefinitionsSchema.parse([
    { name: 'order_number', type: 'string', description: "Customer's order number", example: 'ORD-12345', required: 'true' },
    { name: 'quantity', type: 'integer', description: 'How many items', example: '3', required: false, default: '1' },
    { name: 'price', type: 'float', description: 'Unit price', example: '9,99' },
    { name: 'gift', type: 'boolean', description: 'Gift wrap', example: 'oui' },
    { name: 'delivery', type: 'date', description: 'Delivery day', example: '2026-12-24' },
    { name: 'called_at', type: 'date', description: 'Call time', example: '2026-11-21T17:30:00Z' },
    { name: 'email', type: 'email', description: 'Contact email', required: true, example: 'jean@exemple.fr' },
    { name: 'phone', type: 'phone', description: 'Mobile', example: '06 12 34 56 78' },
  ]);

  it('describes each variable with its JSON type, description, typed example and format', () => {
    const schema = variablesJsonSchema(variables);
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.order_number).toEqual({ type: 'string', description: "Customer's order number", examples: ['ORD-12345'] });
    expect(schema.properties.quantity).toMatchObject({ type: 'integer', examples: [3], default: 1 });
    expect(schema.properties.price).toMatchObject({ type: 'number', examples: [9.99] });
    expect(schema.properties.gift).toMatchObject({ type: 'boolean', examples: [true] });
    expect(schema.properties.delivery).toMatchObject({ type: 'string', format: 'date' });
    expect(schema.properties.called_at).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schema.properties.email).toMatchObject({ type: 'string', format: 'email' });
    expect(schema.properties.phone).toMatchObject({ type: 'string', examples: ['+33612345678'] });
    expect(String(schema.properties.phone.description)).toMatch(/international form/);
  });

  it('lists only required variables in required', () => {
    expect(variablesJsonSchema(variables).required).toEqual(['order_number', 'email']);
    expect(variablesJsonSchema([]).required).toEqual([]);
  });
});

describe('contextFromInput', () => {
  it('takes variables, contact, agent, direction and medium', () => {
    const context = contextFromInput({
      variables: { order_number: 'ORD-1' },
      contact: { first_name: 'Jeanne', id: 42, extra: 'dropped' },
      agent: { id: 'a1', name: 'Léa', number: '+33100000000' },
      direction: 'inbound',
      medium: 'phone',
      payload: { ignored: true },
    });
    expect(context).toEqual({
      variables: { order_number: 'ORD-1' },
      contact: { first_name: 'Jeanne', id: '42' },
      agent: { id: 'a1', name: 'Léa', number: '+33100000000' },
      direction: 'inbound',
      medium: 'phone',
    });
  });

  it('uses the payload as variables when it is an object and variables are absent', () => {
    expect(contextFromInput({ payload: { sku: 'PROD-1' } }).variables).toEqual({ sku: 'PROD-1' });
    expect(contextFromInput({ payload: 'text' }).variables).toBeUndefined();
    expect(contextFromInput({ payload: [1, 2] }).variables).toBeUndefined();
    expect(contextFromInput({ variables: null, payload: { a: 1 } }).variables).toEqual({ a: 1 });
  });

  it('refuses shapes it cannot use, naming the field', () => {
    expect(() => contextFromInput({ variables: 'x' })).toThrow(expect.objectContaining({ code: 'invalid_variable', issues: [expect.objectContaining({ path: 'variables' })] }));
    expect(() => contextFromInput({ contact: 'Jeanne' })).toThrow(expect.objectContaining({ code: 'invalid_variable' }));
    expect(() => contextFromInput({ contact: { first_name: { a: 1 } } })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: 'contact.first_name' })] }));
  });
});

describe('templateScope', () => {
  it('exposes the seed 002 context names, empty when unknown, and now as current_datetime', () => {
    const context: Context = { contact: { first_name: 'Jeanne' }, agent: { id: 'a1' }, direction: 'outbound' };
    const scope = templateScope(context, { order_number: 'ORD-1' }, () => new Date('2026-11-21T17:30:00Z'));
    expect({ ...scope, contact: { ...(scope.contact as object) } }).toEqual({
      order_number: 'ORD-1',
      contact: { id: '', first_name: 'Jeanne', last_name: '', email: '', phone_number: '' },
      agent_id: 'a1',
      agent_name: '',
      agent_number: '',
      direction: 'outbound',
      medium: '',
      current_datetime: '2026-11-21T17:30:00.000Z',
    });
    expect(Object.getPrototypeOf(scope)).toBeNull();
    expect(templateScope({ current_datetime: '2026-01-01T00:00:00Z' }, {}).current_datetime).toBe('2026-01-01T00:00:00Z');
  });
});
