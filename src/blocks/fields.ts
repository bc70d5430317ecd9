// Form metadata for one action parameter. Lives beside each action's zod schema (one definition per
// action); the Node-RED editor forms and the n8n parameter lists are generated from it.

export interface Text {
  en: string;
  fr: string;
}

export type FieldKind =
  | 'string' // one line of text (may hold {{placeholders}} when `templated`)
  | 'text' // several lines of text
  | 'number' // numeric, arrives as text in block JSON ("10") and is coerced
  | 'boolean'
  | 'options' // one of `options`
  | 'json' // JSON written as text (headers_json, body_json, …)
  | 'variables' // the typed variables table of seed 002
  | 'filter' // response pre-filtering settings
  | 'retry' // retry settings
  | 'credential'; // the name of a runtime credential (host credential/config node)

export interface FieldOption {
  value: string;
  label: Text;
}

export interface FieldMeta {
  /** The parameter name in block JSON (seed 001 names are canonical). */
  name: string;
  kind: FieldKind;
  label: Text;
  help: Text;
  placeholder?: string;
  default?: string | number | boolean;
  required?: boolean;
  options?: FieldOption[];
  min?: number;
  max?: number;
  step?: number;
  /** Accepts {{placeholders}}. */
  templated?: boolean;
  /** Shown only when another field has one of these values. */
  showWhen?: { field: string; values: string[] };
  /** Hidden behind "advanced"/"options" in the hosts' forms. */
  advanced?: boolean;
}

export type ActionType = 'sales_task' | 'http_request' | 'crm_upsert' | 'ai_reply' | 'tag_contact';

export const ACTION_TYPES: readonly ActionType[] = ['sales_task', 'http_request', 'crm_upsert', 'ai_reply', 'tag_contact'];
