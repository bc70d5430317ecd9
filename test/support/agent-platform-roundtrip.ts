// "Nothing lost": rebuilds the platform's wire body from a normalised event (as the core, the n8n
// trigger or relais-agent-events hand it to a flow). A test compares it with the body that was posted,
// so every published field must have survived parsing under its documented name.
type Json = Record<string, unknown>;

const defined = (object: Json): Json => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
const buttons = (list: unknown): unknown => (Array.isArray(list) ? list.map((b: Json) => ({ text: b.text, type: b.type })) : list);

export function wireBodyOf(event: Json): Json {
  if (event.type === 'action') {
    const data = event.data as Json[];
    return defined({
      botId: event.botId,
      channel: event.channel,
      conversationId: event.conversationId,
      platformConversationId: event.platformConversationId,
      name: event.name,
      data: data.map((datum) => defined({ key: datum.key, value: datum.values, saveAs: datum.saveAs, sanitize: datum.sanitize })),
    });
  }
  const data: Json =
    event.type === 'sendMessage'
      ? {
          eventType: 'sendMessage',
          platformConversationId: event.platformConversationId,
          type: event.messageType,
          replyId: event.agentReplyId,
          messageId: event.messageId,
          confidence: event.confidence,
          text: event.text,
          buttons: buttons(event.buttons),
          carouselCards: (event.carouselCards as Json[]).map((card) =>
            defined({ title: card.title, description: card.description, imageUrl: card.imageUrl, buttons: buttons(card.buttons) }),
          ),
        }
      : { eventType: event.type === 'unknown' ? event.eventType : event.type, platformConversationId: event.platformConversationId, escalateTo: event.escalateTo, teamId: event.teamId };
  return defined({ botId: event.botId, channel: event.channel, data: defined(data) });
}
