// The n8n parameter lists are generated from src/blocks (one definition per action): every field of
// every action appears with its English label, options, default and limits; nothing is written twice;
// and formValues() turns the n8n layout back into the flat values the shared adapter reads.
import type { INodeProperties, INodeType } from 'n8n-workflow';
import { RelaisAiReply } from '../../../nodes/n8n/RelaisAiReply/RelaisAiReply.node';
import { RelaisCrmUpsert } from '../../../nodes/n8n/RelaisCrmUpsert/RelaisCrmUpsert.node';
import { RelaisHttpRequest } from '../../../nodes/n8n/RelaisHttpRequest/RelaisHttpRequest.node';
import { RelaisHttpTool } from '../../../nodes/n8n/RelaisHttpTool/RelaisHttpTool.node';
import { RelaisSalesTask } from '../../../nodes/n8n/RelaisSalesTask/RelaisSalesTask.node';
import { RelaisTagContact } from '../../../nodes/n8n/RelaisTagContact/RelaisTagContact.node';
import { actionProperties, formValues, OPTIONS_PARAMETER } from '../../../nodes/n8n/shared/properties';
import { paramsFromForm } from '../../../src/adapter/form-values';
import { ACTION_DEFINITIONS } from '../../../src/blocks';
import type { ActionType } from '../../../src/blocks/fields';

const NODES: Record<ActionType, INodeType> = {
  sales_task: new RelaisSalesTask(),
  http_request: new RelaisHttpRequest(),
  crm_upsert: new RelaisCrmUpsert(),
  ai_reply: new RelaisAiReply(),
  tag_contact: new RelaisTagContact(),
};

function findProperty(properties: INodeProperties[], name: string): INodeProperties | undefined {
  for (const property of properties) {
    if (property.name === name) return property;
    if (property.type === 'collection' && property.name === OPTIONS_PARAMETER) {
      const inner = (property.options as INodeProperties[]).find((option) => option.name === name);
      if (inner) return inner;
    }
  }
  return undefined;
}

describe.each(Object.keys(NODES) as ActionType[])('%s node parameters', (actionType) => {
  const definition = ACTION_DEFINITIONS[actionType];
  const description = NODES[actionType].description;

  it('has the definition\'s n8n name and display name, usable as a tool', () => {
    expect(description.name).toBe(definition.n8n.name);
    expect(description.displayName).toBe(definition.n8n.displayName);
    expect(description.usableAsTool).toBe(true);
  });

  it('shows every field with its English label, help, default, options and limits', () => {
    for (const field of definition.fields) {
      const property = findProperty(description.properties, field.name);
      if (field.kind === 'credential') {
        expect(property).toBeUndefined();
        continue;
      }
      expect(property).toBeDefined();
      expect(property?.displayName).toBe(field.label.en);
      expect(property?.description).toContain(field.help.en);
      if (field.kind === 'options') {
        expect(property?.options).toEqual(field.options?.map((o) => ({ name: o.label.en, value: o.value })));
        expect(property?.default).toBe(field.default ?? field.options?.[0].value);
      }
      if (field.kind === 'number') {
        expect(property?.default).toBe(Number(field.default ?? 0));
        if (field.min !== undefined) expect(property?.typeOptions?.minValue).toBe(field.min);
        if (field.max !== undefined) expect(property?.typeOptions?.maxValue).toBe(field.max);
      }
      const inOptions = (description.properties.find((p) => p.name === OPTIONS_PARAMETER)?.options as INodeProperties[] | undefined)?.some((o) => o.name === field.name) === true;
      expect(inOptions).toBe(field.advanced === true);
    }
  });
});

describe('formValues', () => {
  const fields = ACTION_DEFINITIONS.http_request.fields;

  it('opens the Options collection and spreads filter/retry into flat sub-field keys the adapter folds back', () => {
    const stored: Record<string, unknown> = {
      http_method: 'POST',
      url: 'https://api.example.com/orders',
      filter: { max_items: 3, include: 'order.status, order.tracking' },
      [OPTIONS_PARAMETER]: { timeout_seconds: 12, retry: { attempts: 2 } },
    };
    const values = formValues(fields, (name) => stored[name]);
    expect(values).toMatchObject({ http_method: 'POST', timeout_seconds: 12, filter_max_items: 3, filter_include: 'order.status, order.tracking', retry_attempts: 2 });
    const params = paramsFromForm(fields, values);
    expect(params.filter).toEqual({ max_items: 3, include: ['order.status', 'order.tracking'] });
    expect(params.retry).toEqual({ attempts: 2 });
    expect(params.timeout_seconds).toBe(12);
  });

  it('turns the Variables fixedCollection into seed 002 variable definitions', () => {
    const stored = { variables: { variable: [{ name: 'order_number', type: 'string', description: 'n', example: '', required: true, default: '' }] } };
    const params = paramsFromForm(fields, formValues(fields, (name) => stored[name as 'variables']));
    expect(params.variables).toEqual([{ name: 'order_number', type: 'string', description: 'n', required: true }]);
  });

  it('generates the same list for the same definition (no hand-written copy), in the node and its tool sub-node', () => {
    expect(NODES.http_request.description.properties.slice(1)).toEqual(actionProperties(fields));
    expect(new RelaisHttpTool().description.properties.slice(2)).toEqual(actionProperties(fields));
  });
});
