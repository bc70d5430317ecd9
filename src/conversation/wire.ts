// The wire format of the agent platform's chat API (Zendesk "AI agents – Advanced", formerly Ultimate),
// as zod schemas: the client builds its bodies through them and the emulator validates what it
// receives with the same ones, so the two cannot drift. The shapes follow the platform's published
// description: `ChatApi.dto.ts` of ultimateai/custom-crm-automation-template (metaData is an array of
// {key, value: string, sanitize?}; text is non-empty when present) and Zendesk's "Event types and
// conversation flow" page (docs/conversation.md lists where the sources disagree).
import { z } from 'zod/v4';

export const DEFAULT_BASE_URL = 'https://api.ultimate.ai';
export const CHAT_PATH = '/converse/chat';

export const CHAT_EVENT_TYPES = ['startSession', 'message', 'metadata', 'endSession'] as const;
export type ChatEventType = (typeof CHAT_EVENT_TYPES)[number];

/** Conversation ids are chosen by the integration (a UUID is recommended); kept short and printable. */
export const conversationIdSchema = z
  .string()
  .min(1, 'platformConversationId must not be empty')
  .max(256, 'platformConversationId must be at most 256 characters')
  .refine((id) => !/\s/.test(id) && ![...id].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), 'platformConversationId must not contain spaces or control characters');

/** One session parameter as it travels: the value is always a string (the platform stores strings only). */
export const metaDataSchema = z
  .object({
    key: z.string().min(1, 'metaData.key must not be empty').max(256),
    value: z.string({ error: 'metaData.value must be a string' }),
    sanitize: z.boolean().optional(),
  })
  .strict();

export type MetaData = z.infer<typeof metaDataSchema>;

export const chatRequestSchema = z
  .object({
    platformConversationId: conversationIdSchema,
    eventType: z.enum(CHAT_EVENT_TYPES),
    text: z.string().min(1, 'text must not be empty when it is sent').max(10_000).optional(),
    metaData: z.array(metaDataSchema).min(1, 'metaData must hold at least one {key, value}').max(100).optional(),
    cardIndex: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.eventType === 'message' && body.text === undefined && body.cardIndex === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'a message needs text or cardIndex' });
    }
    if (body.eventType === 'metadata' && body.metaData === undefined) {
      ctx.addIssue({ code: 'custom', path: ['metaData'], message: 'a metadata event needs metaData [{key, value}]' });
    }
  });

export type ChatRequest = z.infer<typeof chatRequestSchema>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A received chat request in the form chatRequestSchema checks: the published sources disagree on
 * metaData (one object in public-api's code snippets, an array in its table, in the template's DTO
 * and on Zendesk's pages, spelt `metadata` on Zendesk's "Event types" page), so every form is
 * accepted on input and read as the array.
 */
export function normaliseChatRequest(body: unknown): unknown {
  if (!isRecord(body)) return body;
  const { metadata, ...rest } = body;
  const metaData = rest.metaData ?? metadata;
  if (metaData === undefined) return rest;
  return { ...rest, metaData: isRecord(metaData) ? [metaData] : metaData };
}

// The French of this file's own schema messages; zod's French locale says the rest.
const OWN_MESSAGES_FR: Record<string, string> = {
  'text must not be empty when it is sent': "text ne doit pas être vide quand il est envoyé",
  'metaData must hold at least one {key, value}': 'metaData doit contenir au moins un {key, value}',
  'a message needs text or cardIndex': 'un message a besoin de text ou de cardIndex',
  'a metadata event needs metaData [{key, value}]': 'un événement metadata a besoin de metaData [{key, value}]',
};
const ZOD_FRENCH = z.locales.fr().localeError;

/**
 * The French of each issue, in the order describeIssues gives them: the input parsed again (failures
 * only) with zod's French locale passed to that one parse — zod's global configuration is left alone —
 * and the schema's own messages from the table above.
 */
export function describeIssuesFr(schema: z.ZodType, input: unknown, prefix = ''): string[] {
  const again = schema.safeParse(input, { error: ZOD_FRENCH });
  return again.success ? [] : describeIssues(again.error, prefix).map((issue) => OWN_MESSAGES_FR[issue.message] ?? issue.message);
}

/** One problem per zod issue, located by its JSON path (for RelaisError issues and 400 bodies). */
export function describeIssues(error: z.ZodError, prefix = ''): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
}
