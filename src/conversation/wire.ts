// The wire format of the agent platform's chat API (Zendesk "AI agents – Advanced", formerly Ultimate),
// as zod schemas: the client builds its bodies through them and the emulator validates what it
// receives with the same ones, so the two cannot drift.
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

export const metaDataSchema = z
  .object({
    key: z.string().min(1, 'metaData.key must not be empty').max(256),
    value: z.union([z.string(), z.number(), z.boolean()]),
    sanitize: z.boolean().optional(),
  })
  .strict();

export type MetaData = z.infer<typeof metaDataSchema>;

export const chatRequestSchema = z
  .object({
    platformConversationId: conversationIdSchema,
    eventType: z.enum(CHAT_EVENT_TYPES),
    text: z.string().max(10_000).optional(),
    metaData: metaDataSchema.optional(),
    cardIndex: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.eventType === 'message' && body.text === undefined && body.cardIndex === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'a message needs text or cardIndex' });
    }
    if (body.eventType === 'metadata' && body.metaData === undefined) {
      ctx.addIssue({ code: 'custom', path: ['metaData'], message: 'a metadata event needs metaData {key, value}' });
    }
  });

export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** One problem per zod issue, located by its JSON path (for RelaisError issues and 400 bodies). */
export function describeIssues(error: z.ZodError, prefix = ''): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
}
