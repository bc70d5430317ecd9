// One readable line per exchange, for the CLI's log (secrets never reach an ExchangeEntry).
import type { ExchangeEntry } from './server';

interface LoggedBody {
  text?: string;
  metaData?: Array<{ key: string; value: unknown }>;
  data?: { text?: string; teamId?: string; escalateTo?: string; carouselCards?: unknown[]; buttons?: unknown[] } | Array<{ key: string; value: unknown }>;
}

function summary(entry: ExchangeEntry): string {
  const body = entry.body as LoggedBody | undefined;
  if (!body) return '';
  const metaData = Array.isArray(body.metaData) ? body.metaData.map((m) => `${m.key}=${JSON.stringify(m.value)}`).join(' ') : '';
  if (typeof body.text === 'string') return [JSON.stringify(body.text), metaData].filter(Boolean).join(' ');
  if (metaData) return metaData;
  const data = body.data;
  // Action values are arrays of strings on the wire; one value reads as itself.
  if (Array.isArray(data)) return data.map((d) => `${d.key}=${JSON.stringify(Array.isArray(d.value) && d.value.length === 1 ? d.value[0] : d.value)}`).join(' ');
  if (!data) return '';
  const parts = [data.text === undefined || data.text === '' ? '' : JSON.stringify(data.text)];
  if (data.buttons?.length) parts.push(`[${data.buttons.length} buttons]`);
  if (data.carouselCards?.length) parts.push(`[carousel of ${data.carouselCards.length}]`);
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
