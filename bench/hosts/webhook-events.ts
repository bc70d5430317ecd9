// What the webhook benchmark sends and expects: unique agent-platform deliveries (so dedupe never
// short-cuts them), signed with the shared secret and HMAC, for both event kinds — a chat event
// (sendMessage: acknowledged at once) and an action trigger (answered by the flow: {results}).
import { SECRET_HEADER, signatureHeaders } from '../../src/conversation';

export const WEBHOOK_BOT_ID = 'bench-bot';
export const WEBHOOK_SECRET = 'bench-webhook-secret-0d4f';
export const WEBHOOK_HMAC_SECRET = 'bench-webhook-hmac-5a77';

export type EventKind = 'chat' | 'action';

/** The answer both the Node-RED flow and the bare handler give an action trigger. */
export function actionAnswer(orderNumber: string): Record<string, string> {
  return { order_status: 'shipped', order_number: orderNumber };
}

/** Delivery `i` of a kind: its body and headers (secret + signature, as a signing sender adds them). */
export function delivery(kind: EventKind, i: number): { body: string; headers: Record<string, string> } {
  const conversation = `bench-conv-${i}`;
  const event =
    kind === 'chat'
      ? { botId: WEBHOOK_BOT_ID, data: { eventType: 'sendMessage', platformConversationId: conversation, text: `Your order ${i} has shipped.` } }
      : { botId: WEBHOOK_BOT_ID, conversationId: conversation, platformConversationId: conversation, name: 'lookup_order', data: [{ key: 'order_number', value: String(i) }] };
  const body = JSON.stringify(event);
  return { body, headers: { 'content-type': 'application/json', [SECRET_HEADER]: WEBHOOK_SECRET, ...signatureHeaders(WEBHOOK_HMAC_SECRET, body) } };
}

/** Throws unless the reply is the one delivery `i` of `kind` must get. */
export function checkReply(kind: EventKind, i: number, status: number, text: string): void {
  if (status !== 200) throw new Error(`${kind} delivery ${i}: status ${status}: ${text.slice(0, 300)}`);
  if (kind === 'chat') return;
  const results = (JSON.parse(text) as { results?: { key: string; value: string }[] }).results;
  if (!results?.some((r) => r.key === 'order_number' && r.value === String(i))) throw new Error(`action delivery ${i}: unexpected answer ${text.slice(0, 300)}`);
}
