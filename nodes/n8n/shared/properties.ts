// FieldMeta (src/blocks, one definition per action) → n8n parameters. Every action node's parameter
// list comes from here, so labels, options, defaults and limits are written once, in src/blocks, and
// the n8n forms cannot drift from the Node-RED ones. English labels: n8n's editor has no French.
//
// Layout: plain fields are top-level parameters named like the block parameter (`http_method`);
// fields marked `advanced` go into one "Options" collection; `filter` and `retry` become collections
// of their sub-fields (src/adapter/subfields.ts); `variables` becomes a fixedCollection of rows;
// `credential` fields are replaced by the node's Authentication option (n8n credentials).
// formValues() reverses the layout into the flat values src/adapter's paramsFromForm reads.
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { FILTER_SUBFIELDS, RETRY_SUBFIELDS, subFieldKey, type SubField } from '../../../src/adapter/subfields';
import type { FieldMeta } from '../../../src/blocks/fields';
import { VARIABLE_TYPES } from '../../../src/variables/types';

/** The collection holding the fields marked `advanced`. */
export const OPTIONS_PARAMETER = 'options';

type DisplayOptions = INodeProperties['displayOptions'];

function displayFor(field: FieldMeta, insideCollection: boolean): DisplayOptions | undefined {
  if (!field.showWhen) return undefined;
  // Inside a collection n8n resolves names relative to the collection; "/" points at the root.
  const name = insideCollection ? `/${field.showWhen.field}` : field.showWhen.field;
  return { show: { [name]: field.showWhen.values } };
}

function optionList(field: FieldMeta): INodePropertyOptions[] {
  return (field.options ?? []).map((option) => ({ name: option.label.en, value: option.value }));
}

function numberLimits(min?: number, max?: number, step?: number): INodeProperties['typeOptions'] {
  const limits: NonNullable<INodeProperties['typeOptions']> = {};
  if (min !== undefined) limits.minValue = min;
  if (max !== undefined) limits.maxValue = max;
  if (step !== undefined && !Number.isInteger(step)) limits.numberPrecision = String(step).split('.')[1]?.length ?? 1;
  return Object.keys(limits).length > 0 ? limits : undefined;
}

function subFieldProperty(sub: SubField): INodeProperties {
  const base = { displayName: sub.label.en, name: sub.key, description: sub.help.en };
  switch (sub.kind) {
    case 'number':
      return { ...base, type: 'number', default: 0, typeOptions: numberLimits(sub.min, sub.max) };
    case 'boolean':
      return { ...base, type: 'boolean', default: true };
    case 'list':
    case 'string':
      return { ...base, type: 'string', default: '', placeholder: sub.placeholder ?? '' };
  }
}

function structuredProperty(field: FieldMeta, subFields: readonly SubField[], insideCollection: boolean): INodeProperties {
  return {
    displayName: field.label.en,
    name: field.name,
    type: 'collection',
    placeholder: `Add ${field.label.en} Option`,
    default: {},
    description: field.help.en,
    displayOptions: displayFor(field, insideCollection),
    options: subFields.map(subFieldProperty),
  };
}

/** The variables table of seed 002 as rows. */
export function variablesProperty(field: Pick<FieldMeta, 'name' | 'label' | 'help'>): INodeProperties {
  return {
    displayName: field.label.en,
    name: field.name,
    type: 'fixedCollection',
    placeholder: 'Add Variable',
    typeOptions: { multipleValues: true, sortable: true },
    default: {},
    description: field.help.en,
    options: [
      {
        name: 'variable',
        displayName: 'Variable',
        values: [
          { displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'order_number', description: 'Letters, digits and _; used as {{name}} in the URL, headers and body', required: true },
          {
            displayName: 'Type',
            name: 'type',
            type: 'options',
            default: 'string',
            options: VARIABLE_TYPES.map((type) => ({ name: type.charAt(0).toUpperCase() + type.slice(1), value: type })),
            description: 'Values are checked and converted: integer and float land in JSON as numbers, boolean as true/false',
          },
          { displayName: 'Description', name: 'description', type: 'string', default: '', description: 'What the value is; the model reads it to know what to collect' },
          { displayName: 'Example', name: 'example', type: 'string', default: '', placeholder: 'A-10023' },
          { displayName: 'Required', name: 'required', type: 'boolean', default: true, description: 'Whether the model must collect it before calling. Optional variables stay optional in tool mode.' },
          { displayName: 'Default', name: 'default', type: 'string', default: '', description: 'Used when an optional variable is not given' },
        ],
      },
    ],
  };
}

/** One field → one n8n parameter (undefined for `credential`, which the node's Authentication replaces). */
export function fieldProperty(field: FieldMeta, insideCollection = false): INodeProperties | undefined {
  const base = {
    displayName: field.label.en,
    name: field.name,
    description: field.help.en + (field.templated ? ' Accepts {{placeholders}}.' : ''),
    required: field.required === true && !insideCollection ? true : undefined,
    displayOptions: displayFor(field, insideCollection),
  };
  switch (field.kind) {
    case 'credential':
      return undefined;
    case 'filter':
      return structuredProperty(field, FILTER_SUBFIELDS, insideCollection);
    case 'retry':
      return structuredProperty(field, RETRY_SUBFIELDS, insideCollection);
    case 'variables':
      return { ...variablesProperty(field), displayOptions: base.displayOptions };
    case 'options':
      return { ...base, type: 'options', options: optionList(field), default: String(field.default ?? field.options?.[0]?.value ?? '') };
    case 'boolean':
      return { ...base, type: 'boolean', default: field.default === true || field.default === 'true' };
    case 'number':
      return { ...base, type: 'number', default: Number(field.default ?? 0), typeOptions: numberLimits(field.min, field.max, field.step) };
    case 'json':
      return { ...base, type: 'json', default: String(field.default ?? '') };
    case 'text':
      return { ...base, type: 'string', default: String(field.default ?? ''), placeholder: field.placeholder, typeOptions: { rows: 4 } };
    case 'string':
      return { ...base, type: 'string', default: String(field.default ?? ''), placeholder: field.placeholder };
  }
}

function defined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** All of an action's fields → the node's parameter list (advanced fields in one Options collection). */
export function actionProperties(fields: readonly FieldMeta[]): INodeProperties[] {
  const main = fields.filter((field) => !field.advanced).map((field) => fieldProperty(field)).filter(defined);
  const advanced = fields.filter((field) => field.advanced).map((field) => fieldProperty(field, true)).filter(defined);
  if (advanced.length === 0) return main;
  return [
    ...main,
    { displayName: 'Options', name: OPTIONS_PARAMETER, type: 'collection', placeholder: 'Add Option', default: {}, options: advanced },
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The node's parameter values (as `actionProperties` lays them out) → the flat form values
 * src/adapter's paramsFromForm reads: the Options collection opened up, filter/retry collections
 * spread into `<name>_<sub>` keys. `read(name)` returns a parameter's value (or undefined).
 */
export function formValues(fields: readonly FieldMeta[], read: (name: string) => unknown): Record<string, unknown> {
  const options = read(OPTIONS_PARAMETER);
  const advanced = isRecord(options) ? options : {};
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.kind === 'credential') continue;
    const value = field.advanced ? advanced[field.name] : read(field.name);
    const subFields = field.kind === 'filter' ? FILTER_SUBFIELDS : field.kind === 'retry' ? RETRY_SUBFIELDS : undefined;
    if (subFields && isRecord(value)) {
      for (const sub of subFields) if (value[sub.key] !== undefined) values[subFieldKey(field.name, sub)] = value[sub.key];
      continue;
    }
    if (value !== undefined) values[field.name] = value;
  }
  return values;
}
