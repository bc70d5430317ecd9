// What the generated .html of an action node declares, from its one definition in src/blocks (read by
// scripts/generate/node-red-forms.mjs at build time): the registerType `defaults` (every property the
// node saves, with the value a new node starts with) and the form as data for the editor's code
// (resources/relais-form.js).
import { subFieldKey, subFieldsOf } from '../../../src/adapter/subfields';
import type { ActionDefinition } from '../../../src/blocks/definition';
import { VARIABLE_TYPES } from '../../../src/variables/types';
import type { EditorForm } from './editor-form-types';
import { CONFIG_NODE_TYPE, CONFIG_REFS, typedInputTypes, typeProperty } from './form-spec';
import { TOOL_NODE_TYPES } from './tool-nodes';

/** One entry of registerType's `defaults`. */
export interface EditorDefault {
  value: string | number | boolean | string[];
  type?: string;
  required?: boolean;
}

/** relais-ai-reply lists the workspace's tool nodes it may call (lib/tool-nodes.ts turns the picked ones into blocks). */
export function picksToolNodes(definition: ActionDefinition): boolean {
  return definition.action_type === 'ai_reply';
}

export function editorDefaults(definition: ActionDefinition): Record<string, EditorDefault> {
  const defaults: Record<string, EditorDefault> = { name: { value: '' } };
  for (const field of definition.fields) {
    const sub = subFieldsOf(field.kind);
    if (sub) {
      for (const s of sub) defaults[subFieldKey(field.name, s)] = { value: '' };
      continue;
    }
    if (field.kind === 'credential') {
      defaults[field.name] = { value: '', type: CONFIG_NODE_TYPE.credential, required: false };
      continue;
    }
    if (field.kind === 'variables') {
      defaults[field.name] = { value: [] };
      continue;
    }
    const fallback = field.kind === 'boolean' ? false : field.kind === 'options' ? (field.options?.[0]?.value ?? '') : '';
    let value = field.default ?? fallback;
    if (field.kind === 'number' || field.kind === 'string') value = String(value);
    defaults[field.name] = { value };
    if (field.required) defaults[field.name].required = true;
    const types = typedInputTypes(field);
    if (types) defaults[typeProperty(field)] = { value: types[0] };
  }
  for (const ref of CONFIG_REFS[definition.action_type]) defaults[ref] = { value: '', type: CONFIG_NODE_TYPE[ref], required: false };
  if (picksToolNodes(definition)) defaults.tool_nodes = { value: [] };
  return defaults;
}

export function editorForm(definition: ActionDefinition): EditorForm {
  const defaults = editorDefaults(definition);
  const tools = definition.fields.find((field) => field.name === 'tools');
  return {
    fields: definition.fields.map((field) => {
      const saved = defaults[field.name]?.value;
      const typed = typedInputTypes(field) ?? null;
      return {
        name: field.name,
        defaultValue: saved === undefined || Array.isArray(saved) ? null : saved,
        typed,
        typeProperty: typed ? typeProperty(field) : null,
        showWhen: field.showWhen ?? null,
      };
    }),
    variableTypes: definition.fields.some((field) => field.kind === 'variables') ? [...VARIABLE_TYPES] : null,
    toolNodes: picksToolNodes(definition) ? { types: [...TOOL_NODE_TYPES], showWhen: tools?.showWhen ?? null } : null,
    importAndTest: definition.action_type === 'http_request' ? 'http_request' : null,
  };
}
