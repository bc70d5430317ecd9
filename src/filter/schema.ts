// The `filter` parameter of an http_request action: pre-filtering of the response so the model gets
// exactly what it needs (seed 000). Values may arrive as text (block JSON) and are coerced.
import { z } from 'zod/v4';

/** Upper bounds of the numeric settings; the hosts' forms show the same ones (src/adapter/subfields.ts). */
export const FILTER_LIMITS = { max_items: 10_000, max_string_length: 1_000_000, max_chars: 10_000_000 } as const;

const count = (max: number) => z.coerce.number().int().min(0).max(max);

export const filterSchema = z
  .object({
    /** JMESPath projection applied first, e.g. "orders[].{id: id, status: status}". */
    expression: z.string().trim().min(1).optional(),
    /** Dot paths to keep (applied after `expression`), e.g. ["order.status", "order.tracking"]. */
    include: z.array(z.string().min(1)).optional(),
    /** Dot paths to drop, e.g. ["customer.ssn", "items.*.internal_notes"]. */
    exclude: z.array(z.string().min(1)).optional(),
    /** Keep the first N items of every array. */
    max_items: count(FILTER_LIMITS.max_items).optional(),
    /** Cut every string longer than this many characters. */
    max_string_length: count(FILTER_LIMITS.max_string_length).optional(),
    /** Total budget in characters of the serialised result (JSON or text). */
    max_chars: count(FILTER_LIMITS.max_chars).optional(),
    /** Reduce HTML responses to their text. Defaults to true. */
    html_to_text: z.boolean().optional(),
  })
  .strict();

export type Filter = z.infer<typeof filterSchema>;
