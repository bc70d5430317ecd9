// One readable line per exchange, for the CLI's log (secrets never reach an ExchangeEntry).
import type { ExchangeEntry } from './server';

function summary(entry: ExchangeEntry): string {
  const body = entry.body as { text?: string; data?: { text?: string; teamId?: string; escalateTo?: string; carousel?: { cards?: unknown[] }; buttons?: unknown[] } | Array<{ key: string; value: string }>; metaData?: { key: string; value: unknown } } | undefined;
  if (!body) return '';
  if (typeof body.text === 'string') return JSON.stringify(body.text);
  if (body.metaData) return `${body.metaData.key}=${JSON.stringify(body.metaData.value)}`;
  const data = body.data;
  if (Array.isArray(data)) return data.map((d) => `${d.key}=${JSON.stringify(d.value)}`).join(' ');
  if (!data) return '';
  const parts = [data.text === undefined ? '' : JSON.stringify(data.text)];
  if (data.buttons?.length) parts.push(`[${data.buttons.length} buttons]`);
  if (data.carousel?.cards?.length) parts.push(`[carousel of ${data.carousel.cards.length}]`);
  if (data.teamId) parts.push(`team=${data.teamId}`);
  if (data.escalateTo) parts.push(`to=${data.escalateTo}`);
  return parts.filter(Boolean).join(' ');
}

const ARROWS: Record<ExchangeEntry['kind'], string> = { chat_api: '→ api    ', chat_webhook: '← chat   ', actions_webhook: '← action ', session: '· session' };

export function formatExchange(entry: ExchangeEntry): string {
  const time = entry.at.slice(11, 23);
  const outcome = entry.error ? `failed: ${entry.error}` : entry.skipped ? 'not sent (no webhook URL)' : entry.status === undefined ? '' : String(entry.status);
  const answer = entry.answer === undefined || entry.kind === 'chat_api' ? '' : ` ⇒ ${JSON.stringify(entry.answer).slice(0, 200)}`;
  return [time, ARROWS[entry.kind], entry.event, entry.platformConversationId ?? '', summary(entry), outcome].filter(Boolean).join(' ') + answer;
}
