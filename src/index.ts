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
export { openStore } from './store/open';
export { defaultSqlitePath } from './store/sqlite';
export type { ContactInput, ContactQuery, TaskInput, Priority, SqliteStoreOptions, PostgresStoreOptions, HttpStoreOptions, HttpStoreOperation, HttpStoreOperationName } from './store/types';
export { chatCompletion } from './ai/chat';
export type { ChatInput, ChatAnswer, ChatTurn, TokenUsage, ToolCall, ToolSpec } from './ai/chat';
export { previewBlock, executeBlock } from './actions';
export { parseBlock, buildBlock, ACTION_DEFINITIONS } from './blocks';
export type { Block, BlockOf, BlockInfo, ActionDefinition, ParamsByType, HttpRequestParams, SalesTaskParams, CrmUpsertParams, AiReplyParams, TagContactParams } from './blocks';
export { variablesJsonSchema, contextFromInput, resolveVariables, coerceValue } from './variables';
export type { VariableDefinition, VariableType, TypedValue, ContextInput, JsonSchemaObject } from './variables';
export {
  createConversationClient,
  createAgentWebhook,
  createAgentEventProcessor,
  createPendingAnswers,
  parseAgentEvent,
  deliveryId,
  toActionAnswer,
  toTeamOnlineAnswer,
  defaultAnswerFor,
  markSanitized,
  sanitizeKeys,
  toEscalateStatus,
  toMetaData,
  toChatMessage,
  verifyDelivery,
  verifySharedSecret,
  verifySignature,
  signatureHeaders,
  signBody,
  createDeduper,
  createKeyedQueue,
  readRawBody,
  sendReply,
  SECRET_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from './conversation';
export type {
  ConversationClient,
  ConversationClientOptions,
  ConversationResult,
  AgentWebhookHandler,
  AgentWebhookOptions,
  AgentEventProcessor,
  AgentEventHandler,
  Handoff,
  EventInfo,
  WebhookDelivery,
  WebhookReply,
  WebhookOutcome,
  WebhookStats,
  PendingAnswers,
  AgentEvent,
  AgentEventType,
  SendMessageEvent,
  EscalateEvent,
  IsTeamOnlineEvent,
  ActionEvent,
  UnknownEvent,
  ActionDatum,
  AgentButton,
  AgentCard,
  ActionAnswer,
  ActionAnswerResult,
  ActionAnswerOptions,
  MetaDataInput,
  MessageInput,
  PickedButton,
  TeamOnlineAnswer,
  DefaultAnswer,
  MetaData,
  ChatRequest,
  HeaderBag,
  RefusalReason,
} from './conversation';
export { startEmulator } from './emulator';
export type { Emulator, EmulatorOptions, ExchangeEntry, EmulatorSession, TranscriptEntry } from './emulator';
export { applyFilter } from './filter';
export { filterSchema } from './filter/schema';
export type { Filter } from './filter/schema';
export { createRedactor } from './redact';
export { importOpenApi, importCurl } from './import';
export type { ImportOpenApiOptions, ImportedBlock, ImportedCredential, ImportedVariable, CredentialShape, OpenApiImport, CurlImport } from './import';
export { createMcpServer } from './mcp';
export type { McpServerOptions, McpServerStats, RelaisMcpServer } from './mcp';
