// The one definition of each action: form fields and schema agree, every label and help exists in
// English and French, and the host names follow ARCHITECTURE.md.
import { z } from 'zod/v4';
import { ACTION_DEFINITIONS } from '../../../src/blocks';
import { ACTION_TYPES } from '../../../src/blocks/fields';

describe('ACTION_DEFINITIONS', () => {
  it('has one definition per action type, keyed by its action_type', () => {
    expect(Object.keys(ACTION_DEFINITIONS).sort()).toEqual([...ACTION_TYPES].sort());
    for (const [type, definition] of Object.entries(ACTION_DEFINITIONS)) expect(definition.action_type).toBe(type);
  });

  it.each(Object.values(ACTION_DEFINITIONS))('$action_type: fields are exactly the schema parameters', (definition) => {
    const shape = (definition.schema as unknown as z.ZodObject).shape;
    expect(definition.fields.map((f) => f.name).sort()).toEqual(Object.keys(shape).sort());
  });

  it.each(Object.values(ACTION_DEFINITIONS))('$action_type: every text exists in English and French', (definition) => {
    const texts = [definition.title, definition.description, ...definition.fields.flatMap((f) => [f.label, f.help, ...(f.options ?? []).map((o) => o.label)])];
    for (const text of texts) {
      expect(text.en.trim()).not.toBe('');
      expect(text.fr.trim()).not.toBe('');
    }
  });

  it.each(Object.values(ACTION_DEFINITIONS))('$action_type: form defaults parse and option values are accepted', (definition) => {
    const defaults = Object.fromEntries(definition.fields.filter((f) => f.default !== undefined).map((f) => [f.name, f.default]));
    const required = definition.fields.filter((f) => f.required && f.default === undefined).map((f) => f.name);
    const filled = { ...defaults, ...Object.fromEntries(required.map((name) => [name, name === 'url' ? 'https://api.example.com' : 'x'])) };
    expect(definition.schema.safeParse(filled).success).toBe(true);
    for (const field of definition.fields.filter((f) => f.options)) {
      for (const option of field.options!) expect(definition.schema.safeParse({ ...filled, [field.name]: option.value }).success).toBe(true);
    }
  });

  it('uses the host names of ARCHITECTURE.md', () => {
    expect(Object.values(ACTION_DEFINITIONS).map((d) => [d.nodeRed.type, d.n8n.name])).toEqual([
      ['relais-sales-task', 'relaisSalesTask'],
      ['relais-http-request', 'relaisHttpRequest'],
      ['relais-crm-upsert', 'relaisCrmUpsert'],
      ['relais-ai-reply', 'relaisAiReply'],
      ['relais-tag-contact', 'relaisTagContact'],
    ]);
  });
});
