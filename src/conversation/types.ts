// The events the agent platform posts to an integration, normalised. Two webhooks feed them: the chat
// webhook (`{botId, data: {eventType, …}}`) and the actions webhook (`{botId, conversationId,
// platformConversationId, name, data: [{key, value, saveAs?}]}`). Every event keeps its raw body.

/** A button as the platform publishes it (`{text, type: button | link}`). */
export interface AgentButton {
  /** What the visitor sees; for a `button`, also what is sent back as the message text when picked. */
  text: string;
  /** `button` continues the dialogue (send its text back); `link` opens a URL and is never sent back. */
  type: 'button' | 'link';
  /**
   * For a link whose text is an absolute http(s) URL: that URL. The published schema gives a link
   * button no URL field (docs/conversation.md), so a link with a plain label has no `url`.
   */
  url?: string;
}

/** A carousel card (`carouselCards[i]`), with its position. */
export interface AgentCard {
  /** Position in the carousel: sent back as `cardIndex` (with the picked button's text) when the visitor picks the card. */
  index: number;
  title: string;
  description?: string;
  imageUrl?: string;
  buttons: AgentButton[];
}

interface EventBase {
  /**
   * The event's identity, which duplicates of a delivery share: the platform's `messageId` when the
   * event has one (sendMessage), else a hash of the raw body.
   */
  id: string;
  botId: string;
  /** The envelope's `channel` ("chat" on the chat webhook), when sent. */
  channel?: string;
  /** The body as it arrived, for anything the normalised form leaves out. */
  raw: unknown;
}

export interface SendMessageEvent extends EventBase {
  type: 'sendMessage';
  platformConversationId: string;
  /** The platform's `data.type`: `text` (text and buttons) or `carousel`. */
  messageType: 'text' | 'carousel' | (string & {});
  text?: string;
  buttons: AgentButton[];
  /** The platform's `carouselCards`, each with its index. */
  carouselCards: AgentCard[];
  /** The platform's id of this message (`data.messageId`); also the event's `id`. */
  messageId?: string;
  /**
   * The platform's `data.replyId`: the reply defined in the AI agent's dashboard this message comes
   * from. Renamed so it is not mistaken for the per-delivery `relais.reply_id` of the n8n trigger.
   */
  agentReplyId?: string;
  /** How sure the AI agent is of this reply, 0–1 (`data.confidence`). */
  confidence?: number;
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
  /** Set when the platform marks the value as personal data (seen in the template's sample payload). */
  sanitize?: boolean;
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

/** One session parameter of an action answer; `sanitize: true` asks the platform to sanitise the value. */
export interface ActionAnswerResult {
  key: string;
  value: string;
  sanitize?: boolean;
}

/** Answer to an action trigger. Values are always strings on the wire. */
export interface ActionAnswer {
  results: ActionAnswerResult[];
}

export interface TeamOnlineAnswer {
  isOnline: boolean;
}

/**
 * What a flow may give back for an action trigger: `{results: [{key, value, sanitize?}]}`, an array of
 * `{key, value, sanitize?}`, or a plain object `{order_status: "shipped"}` (converted); values of any JSON type
 * (stringified). For isTeamOnline: a boolean or `{isOnline}`. `undefined` = no data.
 */
export type AnswerInput = unknown;

/** Sent when the flow does not answer in time (or fails): one object covering both kinds. */
export interface DefaultAnswer {
  /** For action triggers; defaults to no results. */
  results?: AnswerInput;
  /** For isTeamOnline; defaults to false (nobody online, so the agent does not hand over to no one). */
  isOnline?: boolean;
  /**
   * For escalate, when the flow answers escalations (`answer_escalate`): whether the hand-over counts
   * as done; defaults to false (503: the agent knows nobody took the conversation).
   */
  escalated?: boolean;
}
