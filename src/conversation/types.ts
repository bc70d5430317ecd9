// The events the agent platform posts to an integration, normalised. Two webhooks feed them: the chat
// webhook (`{botId, data: {eventType, …}}`) and the actions webhook (`{botId, conversationId,
// platformConversationId, name, data: [{key, value, saveAs?}]}`). Every event keeps its raw body.

export interface AgentButton {
  /** What the visitor sees. */
  title: string;
  /** What to send back as the message text when the visitor picks it (defaults to the title). */
  value: string;
  /** Set for link buttons. */
  url?: string;
}

export interface AgentCard {
  /** Position in the carousel: send it back as `cardIndex` when the visitor picks the card. */
  index: number;
  title: string;
  description?: string;
  image_url?: string;
  buttons: AgentButton[];
}

interface EventBase {
  /** Stable id of this delivery (a hash of the raw body): duplicates of a delivery share it. */
  id: string;
  botId: string;
  /** The body as it arrived, for anything the normalised form leaves out. */
  raw: unknown;
}

export interface SendMessageEvent extends EventBase {
  type: 'sendMessage';
  platformConversationId: string;
  text?: string;
  buttons: AgentButton[];
  carousel: AgentCard[];
}

export interface EscalateEvent extends EventBase {
  type: 'escalate';
  platformConversationId: string;
  escalateTo?: string;
}

export interface IsTeamOnlineEvent extends EventBase {
  type: 'isTeamOnline';
  /** The platform does not always say which conversation asks. */
  platformConversationId?: string;
  teamId?: string;
}

export interface ActionDatum {
  key: string;
  /** The value as one string (arrays joined with ", "). */
  value: string;
  /** Every value: one item for a string, each item for an array of strings. */
  values: string[];
  /** The session parameter the platform saves the answer under, when given. */
  saveAs?: string;
}

export interface ActionEvent extends EventBase {
  type: 'action';
  name: string;
  conversationId?: string;
  platformConversationId?: string;
  data: ActionDatum[];
  /** `data` as a map key → value, for flows that just want `variables.order_number`. */
  variables: Record<string, string>;
}

export interface UnknownEvent extends EventBase {
  type: 'unknown';
  /** The chat webhook's eventType when there was one. */
  eventType?: string;
  platformConversationId?: string;
}

export type AgentEvent = SendMessageEvent | EscalateEvent | IsTeamOnlineEvent | ActionEvent | UnknownEvent;
export type AgentEventType = AgentEvent['type'];

/** Answer to an action trigger. Values are always strings on the wire. */
export interface ActionAnswer {
  results: Array<{ key: string; value: string }>;
}

export interface TeamOnlineAnswer {
  isOnline: boolean;
}

/**
 * What a flow may give back for an action trigger: `{results: [{key, value}]}`, an array of
 * `{key, value}`, or a plain object `{order_status: "shipped"}` (converted); values of any JSON type
 * (stringified). For isTeamOnline: a boolean or `{isOnline}`. `undefined` = no data.
 */
export type AnswerInput = unknown;

/** Sent when the flow does not answer in time (or fails): one object covering both kinds. */
export interface DefaultAnswer {
  /** For action triggers; defaults to no results. */
  results?: AnswerInput;
  /** For isTeamOnline; defaults to false (nobody online, so the agent does not hand over to no one). */
  isOnline?: boolean;
}
