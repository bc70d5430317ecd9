// The public API of Relais' core. Hosts (n8n, Node-RED) and the CLI use only what is exported here.
export { RelaisError, isRelaisError, ERROR_CODES, FALLBACK_LINES } from './errors';
export type { RelaisErrorCode, RelaisIssue } from './errors';
export type { Context, ContactContext, AgentContext } from './context';
export type { Credential, CredentialResolver } from './credentials';
export { createRuntime } from './runtime';
export type { Runtime, RuntimeOptions, AiOptions, Logger } from './runtime';
export type { ActionResult, Preview, ResultMeta, RedactedRequest } from './actions/types';
export type { FieldMeta, FieldKind, Text, ActionType } from './blocks/fields';
export type { ContactStore, Contact, Task, StoreOptions } from './store/types';
export { previewBlock, executeBlock } from './actions';
export { parseBlock, buildBlock, ACTION_DEFINITIONS } from './blocks';
export type { Block, BlockOf, BlockInfo, ActionDefinition, ParamsByType, HttpRequestParams, SalesTaskParams, CrmUpsertParams, AiReplyParams, TagContactParams } from './blocks';
export { variablesJsonSchema, contextFromInput, resolveVariables, coerceValue } from './variables';
export type { VariableDefinition, VariableType, TypedValue, ContextInput, JsonSchemaObject } from './variables';
