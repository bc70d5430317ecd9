// Parsing of the two webhooks' bodies into normalised AgentEvents, in the shapes the platform publishes
// (ultimateai/custom-crm-automation-template swagger.yaml and DTOs, ultimateai/public-api
// _converse.md): buttons `{text, type: button | link}`, `carouselCards: [{title, description?,
// imageUrl?, buttons}]`, action values as arrays of strings. Strict where a flow would otherwise act on
// nonsense (no conversation id on a message); unknown event types are passed through as
// `{type: 'unknown'}`, never dropped.
import { createHash } from 'node:crypto';
import { RelaisError, type RelaisIssue } from '../errors';
import type { ActionDatum, AgentButton, AgentCard, AgentEvent } from './types';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

/** The id of a delivery without a messageId: the same bytes delivered twice get the same id. */
export function deliveryId(rawBody: string | Buffer): string {
  return createHash('sha256').update(rawBody).digest('hex').slice(0, 32);
}

/** Every value of an action datum as strings: a string, an array of strings (or scalars), or JSON. */
export function normaliseValues(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => normaliseValues(item));
  return [text(value) ?? JSON.stringify(value)];
}

const webUrl = (value: string): string | undefined => {
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    return new URL(value).href;
  } catch {
    return undefined;
  }
};

/** `[{text, type}]`; a plain string is a button too (public-api's table types buttons as `string[]`). */
function parseButtons(value: unknown): AgentButton[] {
  if (!Array.isArray(value)) return [];
  const buttons: AgentButton[] = [];
  for (const item of value) {
    const label = typeof item === 'string' ? item : isObject(item) ? text(item.text) : undefined;
    if (label === undefined) continue;
    if (isObject(item) && item.type === 'link') {
      const url = webUrl(label);
      buttons.push({ text: label, type: 'link', ...(url === undefined ? {} : { url }) });
    } else {
      buttons.push({ text: label, type: 'button' });
    }
  }
  return buttons;
}

function parseCards(value: unknown): AgentCard[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((card, index) => {
    const description = text(card.description);
    const imageUrl = text(card.imageUrl);
    return {
      index,
      title: text(card.title) ?? '',
      ...(description === undefined ? {} : { description }),
      ...(imageUrl === undefined ? {} : { imageUrl }),
      buttons: parseButtons(card.buttons),
    };
  });
}

function parseActionData(value: unknown, issues: RelaisIssue[]): ActionDatum[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.push({ path: 'data', message: 'an action trigger carries data as an array of {key, value}', fr: "un déclencheur d'action porte data sous forme de tableau de {key, value}" });
    return [];
  }
  const data: ActionDatum[] = [];
  value.forEach((item, index) => {
    const key = isObject(item) ? text(item.key) : undefined;
    if (!isObject(item) || !key) {
      issues.push({ path: `data.${index}.key`, message: 'each datum needs a non-empty key', fr: 'chaque donnée a besoin d\'une clé non vide' });
      return;
    }
    const values = normaliseValues(item.value);
    const saveAs = text(item.saveAs);
    data.push({ key, value: values.join(', '), values, ...(saveAs ? { saveAs } : {}), ...(typeof item.sanitize === 'boolean' ? { sanitize: item.sanitize } : {}) });
  });
  return data;
}

function requireConversation(data: Json, issues: RelaisIssue[], path: string): string {
  const id = text(data.platformConversationId);
  if (!id) issues.push({ path, message: 'platformConversationId is required', fr: 'platformConversationId est obligatoire' });
  return id ?? '';
}

/** True when the body is an action trigger (the actions webhook) rather than a chat event. */
export function isActionTrigger(body: Json): boolean {
  return typeof body.name === 'string' && !isObject(body.data);
}

/**
 * Normalises a parsed webhook body. The event's `id` is the platform's `messageId` when the body has
 * one, else `fallbackId` (the delivery id, see deliveryId). Throws a conversation_error listing each
 * problem (a host answers 400) when the body cannot be an event.
 */
export function parseAgentEvent(body: unknown, fallbackId: string): AgentEvent {
  if (!isObject(body)) {
    throw new RelaisError('conversation_error', 'The webhook body must be a JSON object sent by the agent platform.', {
      fr: "Le corps du webhook doit être un objet JSON envoyé par la plateforme d'agent.",
      status: 400,
      issues: [{ path: '(body)', message: 'expected a JSON object', fr: 'un objet JSON est attendu' }],
    });
  }
  const issues: RelaisIssue[] = [];
  const botId = text(body.botId) ?? '';
  const channelText = text(body.channel);
  const channel = channelText === undefined ? {} : { channel: channelText };
  const messageId = isObject(body.data) ? text(body.data.messageId) : undefined;
  const id = messageId || fallbackId;
  let event: AgentEvent;

  if (isActionTrigger(body)) {
    const data = parseActionData(body.data, issues);
    const conversationId = text(body.conversationId);
    const platformConversationId = text(body.platformConversationId);
    event = {
      type: 'action',
      id,
      botId,
      ...channel,
      name: body.name as string,
      ...(conversationId === undefined ? {} : { conversationId }),
      ...(platformConversationId === undefined ? {} : { platformConversationId }),
      data,
      variables: Object.fromEntries(data.map((datum) => [datum.key, datum.value])),
      raw: body,
    };
    if (!(body.name as string).trim()) issues.push({ path: 'name', message: 'the action name must not be empty', fr: "le nom de l'action ne doit pas être vide" });
  } else if (isObject(body.data)) {
    const data = body.data;
    const eventType = text(data.eventType);
    switch (eventType) {
      case 'sendMessage': {
        const messageText = text(data.text);
        const agentReplyId = text(data.replyId);
        const confidence = typeof data.confidence === 'number' && Number.isFinite(data.confidence) ? data.confidence : undefined;
        const carouselCards = parseCards(data.carouselCards);
        event = {
          type: 'sendMessage',
          id,
          botId,
          ...channel,
          platformConversationId: requireConversation(data, issues, 'data.platformConversationId'),
          messageType: text(data.type) ?? (carouselCards.length > 0 ? 'carousel' : 'text'),
          ...(messageText === undefined ? {} : { text: messageText }),
          buttons: parseButtons(data.buttons),
          carouselCards,
          ...(messageId === undefined ? {} : { messageId }),
          ...(agentReplyId === undefined ? {} : { agentReplyId }),
          ...(confidence === undefined ? {} : { confidence }),
          raw: body,
        };
        break;
      }
      case 'escalate': {
        const escalateTo = text(data.escalateTo);
        event = {
          type: 'escalate',
          id,
          botId,
          ...channel,
          platformConversationId: requireConversation(data, issues, 'data.platformConversationId'),
          ...(escalateTo === undefined ? {} : { escalateTo }),
          raw: body,
        };
        break;
      }
      case 'isTeamOnline': {
        const teamId = text(data.teamId);
        const conversation = text(data.platformConversationId);
        event = {
          type: 'isTeamOnline',
          id,
          botId,
          ...channel,
          ...(conversation === undefined ? {} : { platformConversationId: conversation }),
          ...(teamId === undefined ? {} : { teamId }),
          raw: body,
        };
        break;
      }
      default: {
        const conversation = text(data.platformConversationId);
        event = {
          type: 'unknown',
          id,
          botId,
          ...channel,
          ...(eventType === undefined ? {} : { eventType }),
          ...(conversation === undefined ? {} : { platformConversationId: conversation }),
          raw: body,
        };
      }
    }
  } else {
    event = { type: 'unknown', id, botId, ...channel, raw: body };
  }

  if (issues.length > 0) {
    throw new RelaisError('conversation_error', `The webhook body is not a valid agent event: ${RelaisError.issueList(issues)}.`, {
      fr: `Le corps du webhook n'est pas un événement d'agent valide : ${RelaisError.issueListFr(issues, ' : ')}.`,
      status: 400,
      issues,
    });
  }
  return event;
}

/** Which conversation an event belongs to (for ordering and dedupe); undefined when it does not say. */
export function eventConversation(event: AgentEvent): string | undefined {
  return 'platformConversationId' in event ? event.platformConversationId : undefined;
}

/** Events the platform waits on for an answer. */
export function needsAnswer(event: AgentEvent): event is Extract<AgentEvent, { type: 'action' | 'isTeamOnline' }> {
  return event.type === 'action' || event.type === 'isTeamOnline';
}
