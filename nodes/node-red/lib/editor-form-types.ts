// The data a generated action node's .html hands to the editor's code (resources/relais-form.js) under
// `relaisForm` in its registerType definition: built by editor-form.ts at build time, read in the
// browser (typed there through types/node-red-editor.d.ts). Types only, so the browser's type check can
// read them without the core.
import type { FieldMeta } from '../../../src/blocks/fields';

/** Shown only while another field has one of these values. */
export type ShowWhen = NonNullable<FieldMeta['showWhen']>;

/** One field of an action's form, as the dialog needs it. */
export interface EditorFormField {
  name: string;
  /** Shown when the node has no such property (older flow, hand-written JSON); null: nothing to show. */
  defaultValue: string | number | boolean | null;
  /** typedInput types, the first one the default; null for a plain input. */
  typed: string[] | null;
  /** The node property holding the typedInput's type (e.g. urlType). */
  typeProperty: string | null;
  showWhen: ShowWhen | null;
}

export interface EditorForm {
  fields: EditorFormField[];
  /** The variables table's types, or null when the action has no variables. */
  variableTypes: string[] | null;
  /** relais-ai-reply: the node types it may call as tools, picked by node, and when that list shows. */
  toolNodes: { types: string[]; showWhen: ShowWhen | null } | null;
  /** The action the Import… and Test buttons (resources/relais-editor.js) build, or null without them. */
  importAndTest: 'http_request' | null;
}
