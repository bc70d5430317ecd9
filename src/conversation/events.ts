// Parsing of the two webhooks' bodies into normalised AgentEvents. Tolerant where the platform's
// payloads vary (button and card field names, values as a string or an array of strings), strict
// where a flow would otherwise act on nonsense (no conversation id on a message). Unknown event types
// are passed through as `{type: 'unknown'}`, never dropped.
import { createHash } from 'node:crypto';
import { RelaisError, type RelaisIssue } from '../errors';
import type { ActionDatum, AgentButton, AgentCard, AgentEvent } from './types';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
const firstText = (source: Json, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const found = text(source[key]);
    if (found !== undefined) return found;
  }
  return undefined;
};

/** The id of a delivery: the same bytes delivered twice get the same id (the platform has no event ids). */
export function deliveryId(rawBody: string | Buffer): string {
  return createHash('sha256').update(rawBody).digest('hex').slice(0, 32);
}

/** Every value of an action datum as strings: a string, an array of strings (or scalars), or JSON. */
export function normaliseValues(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => normaliseValues(item));
  return [text(value) ?? JSON.stringify(value)];
}

function parseButtons(value: unknown): AgentButton[] {
  if (!Array.isArray(value)) return [];
  const buttons: AgentButton[] = [];
  for (const item of value) {
    if (typeof item === 'string') {
      buttons.push({ title: item, value: item });
      continue;
    }
    if (!isObject(item)) continue;
    const title = firstText(item, 'title', 'label', 'text', 'name');
    const url = firstText(item, 'url', 'link');
    const payload = firstText(item, 'value', 'payload', 'postback');
    if (title === undefined && payload === undefined) continue;
    buttons.push({ title: title ?? (payload as string), value: payload ?? (title as string), ...(url === undefined ? {} : { url }) });
  }
  return buttons;
}

function parseCarousel(data: Json): AgentCard[] {
  const source = isObject(data.carousel) ? data.carousel.cards ?? data.carousel.items : data.carousel ?? data.cards;
  if (!Array.isArray(source)) return [];
  return source.filter(isObject).map((card, index) => {
    const description = firstText(card, 'description', 'subtitle', 'text');
    const image = firstText(card, 'imageUrl', 'image_url', 'image');
    return {
      index,
      title: firstText(card, 'title', 'name') ?? '',
      ...(description === undefined ? {} : { description }),
      ...(image === undefined ? {} : { image_url: image }),
      buttons: parseButtons(card.buttons),
    };
  });
}

function parseActionData(value: unknown, issues: RelaisIssue[]): ActionDatum[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.push({ path: 'data', message: 'an action trigger carries data as an array of {key, value}' });
    return [];
  }
  const data: ActionDatum[] = [];
  value.forEach((item, index) => {
    const key = isObject(item) ? text(item.key) : undefined;
    if (!isObject(item) || !key) {
      issues.push({ path: `data.${index}.key`, message: 'each datum needs a non-empty key' });
      return;
    }
    const values = normaliseValues(item.value);
    const saveAs = text(item.saveAs);
    data.push({ key, value: values.join(', '), values, ...(saveAs ? { saveAs } : {}) });
  });
  return data;
}

function requireConversation(data: Json, issues: RelaisIssue[], path: string): string {
  const id = text(data.platformConversationId);
  if (!id) issues.push({ path, message: 'platformConversationId is required' });
  return id ?? '';
}

/** True when the body is an action trigger (the actions webhook) rather than a chat event. */
export function isActionTrigger(body: Json): boolean {
  return typeof body.name === 'string' && !isObject(body.data);
}

/**
 * Normalises a parsed webhook body. `id` is the delivery id (see deliveryId). Throws a
 * conversation_error listing each problem (a host answers 400) when the body cannot be an event.
 */
export function parseAgentEvent(body: unknown, id: string): AgentEvent {
  if (!isObject(body)) {
    throw new RelaisError('conversation_error', 'The webhook body must be a JSON object sent by the agent platform.', {
      status: 400,
      issues: [{ path: '(body)', message: 'expected a JSON object' }],
    });
  }
  const issues: RelaisIssue[] = [];
  const botId = text(body.botId) ?? '';
  let event: AgentEvent;

  if (isActionTrigger(body)) {
    const data = parseActionData(body.data, issues);
    const conversationId = text(body.conversationId);
    const platformConversationId = text(body.platformConversationId);
    event = {
      type: 'action',
      id,
      botId,
      name: body.name as string,
      ...(conversationId === undefined ? {} : { conversationId }),
      ...(platformConversationId === undefined ? {} : { platformConversationId }),
      data,
      variables: Object.fromEntries(data.map((datum) => [datum.key, datum.value])),
      raw: body,
    };
    if (!(body.name as string).trim()) issues.push({ path: 'name', message: 'the action name must not be empty' });
  } else if (isObject(body.data)) {
    const data = body.data;
    const eventType = text(data.eventType);
    switch (eventType) {
      case 'sendMessage':
        event = {
          type: 'sendMessage',
          id,
          botId,
          platformConversationId: requireConversation(data, issues, 'data.platformConversationId'),
          ...(text(data.text) === undefined ? {} : { text: text(data.text) }),
          buttons: parseButtons(data.buttons ?? data.quickReplies),
          carousel: parseCarousel(data),
          raw: body,
        };
        break;
      case 'escalate': {
        const escalateTo = text(data.escalateTo);
        event = {
          type: 'escalate',
          id,
          botId,
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
          ...(eventType === undefined ? {} : { eventType }),
          ...(conversation === undefined ? {} : { platformConversationId: conversation }),
          raw: body,
        };
      }
    }
  } else {
    event = { type: 'unknown', id, botId, raw: body };
  }

  if (issues.length > 0) {
    throw new RelaisError('conversation_error', `The webhook body is not a valid agent event: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, {
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
