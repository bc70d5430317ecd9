// The msg relais-agent-events sends for one agent platform event.
import type { AgentEvent } from '../../../src/conversation';
import type { NodeMessage } from './red';

/** The msg of one event: the event on payload, its conversation and (for action triggers) its data as variables. */
export function messageForEvent(event: AgentEvent): NodeMessage {
  // delivery_id travels with the msg: a sales task run for it opens one task even if the delivery runs twice.
  const msg: NodeMessage = { payload: event, topic: event.type, delivery_id: event.id };
  const conversationId = 'platformConversationId' in event ? event.platformConversationId : undefined;
  if (conversationId) msg.conversationId = conversationId;
  if (event.type === 'action') msg.variables = { ...event.variables };
  return msg;
}

