// The agent platform's published description as validators, for the conformance tests. Written by
// hand from:
//   ultimateai/custom-crm-automation-template @ bce854aae1c2b7af22067c351ef8592b3eaa5fd3
//     swagger.yaml (components.schemas ConverseWebhookRequestBody, ActionWebhookRequestBody,
//     ActionWebhookResponseBody, eventType, messageType, buttonType),
//     src/controllers/dtos/ConverseWebhook.dto.ts (BotIsTeamOnlineEventResponse {isOnline: boolean}),
//     src/clients/dtos/ChatApi.dto.ts (ConverseWithBotRequestDto: the body of POST /converse/chat);
//   ultimateai/public-api @ 7f2dddce754d4f12c81224c7d76b8afdf28c23cc source/includes/_converse.md
//     (the action body's `conversationId`, which swagger.yaml leaves out).
// Objects are closed (no property the sources do not publish): swagger.yaml does not say
// `additionalProperties: false`, but an open schema would have let the invented shapes of the past
// (`carousel: {cards}`, buttons `{title, value}`) through. Where the sources disagree the stricter
// published form is checked here and the disagreement is written in docs/conversation.md.
import { z } from 'zod/v4';

export const PLATFORM_SOURCES = {
  template: 'ultimateai/custom-crm-automation-template@bce854aae1c2b7af22067c351ef8592b3eaa5fd3',
  publicApi: 'ultimateai/public-api@7f2dddce754d4f12c81224c7d76b8afdf28c23cc:source/includes/_converse.md',
} as const;

const buttonType = z.enum(['button', 'link']);
const button = z.object({ text: z.string(), type: buttonType }).strict();

/** swagger.yaml ConverseWebhookRequestBody.data: required platformConversationId and eventType. */
const converseData = z
  .object({
    platformConversationId: z.string(),
    eventType: z.enum(['sendMessage', 'escalate', 'isTeamOnline', 'widgetMessage', 'widgetEscalate', 'widgetEndSession']),
    replyId: z.string().optional(),
    type: z.enum(['text', 'carousel']).optional(),
    buttons: z.array(button).optional(),
    confidence: z.number().min(0).max(1).optional(),
    text: z.string().optional(),
    carouselCards: z
      .array(z.object({ title: z.string(), description: z.string().optional(), imageUrl: z.string().optional(), buttons: z.array(button) }).strict())
      .optional(),
    messageId: z.string().optional(),
    escalateTo: z.string().optional(),
    teamId: z.string().optional(),
  })
  .strict();

/** The chat webhook's body (swagger.yaml ConverseWebhookRequestBody: botId, channel and data required). */
export const converseWebhookBody = z.object({ botId: z.string(), channel: z.string(), data: converseData }).strict();

/** The actions webhook's body (swagger.yaml ActionWebhookRequestBody: botId, channel, name required). */
export const actionWebhookBody = z
  .object({
    platformConversationId: z.string().optional(),
    botId: z.string(),
    channel: z.string(),
    // Published by public-api _converse.md ("Action"), not by swagger.yaml.
    conversationId: z.string().optional(),
    name: z.string(),
    data: z.array(z.object({ key: z.string(), value: z.array(z.string()), saveAs: z.string().optional() }).strict()).optional(),
  })
  .strict();

/** The answer to an action trigger (swagger.yaml ActionWebhookResponseBody). */
export const actionWebhookAnswer = z
  .object({ results: z.array(z.object({ key: z.string(), value: z.string(), sanitize: z.boolean().optional() }).strict()) })
  .strict();

/** The answer to isTeamOnline (ConverseWebhook.dto.ts BotIsTeamOnlineEventResponse). */
export const isTeamOnlineAnswer = z.object({ isOnline: z.boolean() }).strict();

/** The body of POST /converse/chat (ChatApi.dto.ts ConverseWithBotRequestDto). */
export const converseRequestBody = z
  .object({
    platformConversationId: z.string().min(1),
    eventType: z.enum(['startSession', 'message', 'endSession', 'metadata']),
    text: z.string().min(1).optional(),
    cardIndex: z.number().optional(),
    metaData: z.array(z.object({ key: z.string(), value: z.string(), sanitize: z.boolean().optional() }).strict()).optional(),
  })
  .strict();

/** The problems of a body against a schema, as readable lines (empty when it conforms). */
export function conformance(schema: z.ZodType, body: unknown): string[] {
  const result = schema.safeParse(body);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
}
