// The agent platform's side of the scale-out suites: action-trigger deliveries from many conversations
// (each conversation one action at a time, as a chat is), some sent a second time to the *other*
// webhook process (a platform retry that the balancer would send elsewhere), every failed attempt
// (connection refused or reset, 502/503/504 from the balancer) retried as a platform would.
export interface DeliverySpec {
  /** The delivery's order number (unique in a run): its answer names it. */
  order: string;
  conversation: number;
  raw: string;
  duplicate: boolean;
}

export interface Attempted {
  status: number;
  body: unknown;
  /** The balancer's `x-served-by` (the backend's name), or the name of the backend posted to directly. */
  servedBy: string;
  attempts: number;
}

export interface DeliveryOutcome {
  spec: DeliverySpec;
  first: Attempted;
  second?: Attempted;
}

/** The event id Relais gives an action trigger (src/conversation/events.ts deliveryId): the delivery key of its sales task. */
export { deliveryId } from '../../src/conversation/events';

export function makeDeliveries(options: { count: number; conversations: number; duplicateEvery?: number; botId: string; prefix: string }): DeliverySpec[] {
  return Array.from({ length: options.count }, (_, i) => {
    const conversation = i % options.conversations;
    const order = `${options.prefix}-${i}`;
    const raw = JSON.stringify({
      botId: options.botId,
      conversationId: `session-${conversation}`,
      platformConversationId: `conversation-${conversation}`,
      name: 'place_order',
      data: [
        { key: 'email', value: `client${conversation}@example.com` },
        { key: 'order', value: order },
      ],
    });
    return { order, conversation, raw, duplicate: options.duplicateEvery !== undefined && i % options.duplicateEvery === options.duplicateEvery - 1 };
  });
}

const RETRYABLE = new Set([502, 503, 504]);

async function post(url: string, raw: string, headers: Record<string, string>, fallbackName: string, maxAttempts = 20): Promise<Attempted> {
  let attempts = 0;
  let last = '';
  while (attempts < maxAttempts) {
    attempts += 1;
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw, signal: AbortSignal.timeout(90_000) });
      const text = await response.text();
      if (!RETRYABLE.has(response.status)) {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // kept as text
        }
        return { status: response.status, body, servedBy: response.headers.get('x-served-by') ?? fallbackName, attempts };
      }
      last = `${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250 * Math.min(attempts, 4)));
  }
  throw new Error(`delivery to ${url} failed ${attempts} times (last: ${last})`);
}

export interface DriveOptions {
  /** The balancer's webhook URL. */
  balancer: string;
  /** The same webhook on each backend, by the name the balancer gives it (for the duplicates). */
  direct: Record<string, string>;
  headers: Record<string, string>;
  /** Called after each delivery's first answer (to kill processes mid-run). */
  onAnswered?: (count: number) => void;
}

/** Sends every delivery (one at a time per conversation, conversations in parallel); resolves with each outcome and the elapsed ms. */
export async function drive(specs: DeliverySpec[], options: DriveOptions): Promise<{ outcomes: DeliveryOutcome[]; ms: number }> {
  const byConversation = new Map<number, DeliverySpec[]>();
  for (const spec of specs) byConversation.set(spec.conversation, [...(byConversation.get(spec.conversation) ?? []), spec]);
  const outcomes: DeliveryOutcome[] = [];
  let answered = 0;
  const started = Date.now();
  await Promise.all(
    [...byConversation.values()].map(async (list) => {
      for (const spec of list) {
        const first = await post(options.balancer, spec.raw, options.headers, 'balancer');
        answered += 1;
        options.onAnswered?.(answered);
        const outcome: DeliveryOutcome = { spec, first };
        if (spec.duplicate) {
          // The retry goes to another webhook process than the one that answered (the balancer when it is gone).
          const other = Object.keys(options.direct).find((name) => name !== first.servedBy) ?? Object.keys(options.direct)[0];
          outcome.second = await post(options.direct[other], spec.raw, options.headers, other, 2).catch(() => post(options.balancer, spec.raw, options.headers, 'balancer'));
        }
        outcomes.push(outcome);
      }
    }),
  );
  return { outcomes, ms: Date.now() - started };
}

/** What the flows answer to an order (Respond to Agent / relais-agent-reply): its order number, confirmed. */
export const confirmed = (order: string) => ({ results: [{ key: 'order_status', value: `confirmed ${order}` }] });

/** Every first answer is the flow's own; every duplicate went to another process and got its first's answer. */
export function expectAnswered(outcomes: DeliveryOutcome[], specs: DeliverySpec[]): void {
  expect(outcomes).toHaveLength(specs.length);
  const wrong = outcomes.filter((o) => o.first.status !== 200 || JSON.stringify(o.first.body) !== JSON.stringify(confirmed(o.spec.order)));
  expect(wrong.map((o) => ({ order: o.spec.order, status: o.first.status, body: o.first.body }))).toEqual([]);
  const duplicates = outcomes.filter((o) => o.second);
  expect(duplicates).toHaveLength(specs.filter((s) => s.duplicate).length);
  expect(duplicates.filter((o) => o.second!.servedBy === o.first.servedBy).map((o) => o.spec.order)).toEqual([]);
  expect(duplicates.filter((o) => JSON.stringify(o.second!.body) !== JSON.stringify(o.first.body) || o.second!.status !== o.first.status).map((o) => o.spec.order)).toEqual([]);
}

/**
 * After processes were killed mid-run: every delivery answered 200 with its flow's answer or the
 * default (`fallback`), every duplicate like its first. Returns how many got the default and how many
 * needed a retry.
 */
export function expectAnsweredDespiteKills(outcomes: DeliveryOutcome[], specs: DeliverySpec[], fallback: unknown): { defaults: number; retried: number } {
  expect(outcomes).toHaveLength(specs.length);
  const pending = JSON.stringify(fallback);
  const answers = outcomes.map((o) => JSON.stringify(o.first.body));
  const unexpected = outcomes.filter((o, i) => o.first.status !== 200 || (answers[i] !== JSON.stringify(confirmed(o.spec.order)) && answers[i] !== pending));
  expect(unexpected.map((o) => ({ order: o.spec.order, status: o.first.status, body: o.first.body }))).toEqual([]);
  expect(outcomes.filter((o) => o.second && JSON.stringify(o.second.body) !== JSON.stringify(o.first.body)).map((o) => o.spec.order)).toEqual([]);
  return { defaults: answers.filter((a) => a === pending).length, retried: outcomes.filter((o) => o.first.attempts > 1).length };
}
