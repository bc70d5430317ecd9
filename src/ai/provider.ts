// Which provider an ai_reply talks to, and where: `ai.provider` when given, else inferred from the host
// of `ai.base_url` (api.openai.com → openai, api.anthropic.com → anthropic, anything else →
// openai_compatible: Ollama, vLLM, Mistral, Groq, LM Studio, OpenRouter…). Also the endpoint, the
// authentication headers and the deadline, checked once with messages that say what to fix.
import { RelaisError } from '../errors';
import type { AiOptions, Runtime } from '../runtime';

export const AI_PROVIDERS = ['openai', 'anthropic', 'openai_compatible'] as const;
export type AiProvider = (typeof AI_PROVIDERS)[number];

export const DEFAULT_AI_TIMEOUT_MS = 30_000;
export const MAX_AI_TIMEOUT_MS = 120_000;
/** The Messages API version this client speaks (anthropic-sdk-typescript src/client.ts sends the same). */
export const ANTHROPIC_VERSION = '2023-06-01';
const DEFAULT_BASE_URLS: Record<'openai' | 'anthropic', string> = { openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com' };

export interface ResolvedProvider {
  provider: AiProvider;
  url: URL;
  headers: Record<string, string>;
  secrets: string[];
  timeout_ms: number;
  options: AiOptions;
}

/** An ai_error with its message in English (for the model) and in French (`fr`, for French hosts). */
export function aiError(message: string, fr: string, options: { status?: number; body?: string; cause?: unknown } = {}): RelaisError {
  return new RelaisError('ai_error', message, { ...options, fr });
}

export function inferProvider(baseUrl: URL): AiProvider {
  const host = baseUrl.hostname.toLowerCase();
  if (host === 'api.openai.com') return 'openai';
  if (host === 'api.anthropic.com' || host.endsWith('.anthropic.com')) return 'anthropic';
  return 'openai_compatible';
}

function providerOption(ai: AiOptions): AiProvider | undefined {
  const given = typeof ai.provider === 'string' ? ai.provider.trim().toLowerCase() : '';
  if (given === '' || given === 'auto') return undefined;
  if ((AI_PROVIDERS as readonly string[]).includes(given)) return given as AiProvider;
  throw aiError(`ai.provider "${given.slice(0, 40)}" is not known; use openai, anthropic or openai_compatible (or leave it empty to infer it from ai.base_url).`, `ai.provider "${given.slice(0, 40)}" est inconnu ; utilisez openai, anthropic ou openai_compatible (ou laissez-le vide pour le déduire de ai.base_url).`);
}

function baseUrlOf(ai: AiOptions, given: AiProvider | undefined): URL {
  const text = typeof ai.base_url === 'string' ? ai.base_url.trim() : '';
  if (text === '' && (given === 'openai' || given === 'anthropic')) return new URL(DEFAULT_BASE_URLS[given]);
  if (text === '') {
    throw aiError("No AI provider is configured: set the runtime's ai.base_url (e.g. https://api.openai.com/v1 or https://api.anthropic.com) and ai.api_key, or use body_source \"template\" or \"statique\".", "Aucun fournisseur d'IA n'est configuré : renseignez ai.base_url du runtime (par ex. https://api.openai.com/v1 ou https://api.anthropic.com) et ai.api_key, ou utilisez body_source \"template\" ou \"statique\".");
  }
  let base: URL;
  try {
    base = new URL(text);
  } catch {
    throw aiError(`The AI provider's base_url "${text.slice(0, 200)}" is not a URL; expected e.g. https://api.openai.com/v1.`, `La base_url du fournisseur d'IA "${text.slice(0, 200)}" n'est pas une URL ; attendu par ex. https://api.openai.com/v1.`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw aiError(`The AI provider's base_url must be https:// (got ${base.protocol}).`, `La base_url du fournisseur d'IA doit être en https:// (reçu ${base.protocol}).`);
  if (base.username || base.password) throw aiError("The AI provider's base_url must not hold a user name or password; set ai.api_key instead.", "La base_url du fournisseur d'IA ne doit contenir ni nom d'utilisateur ni mot de passe ; renseignez plutôt ai.api_key.");
  return base;
}

function endpoint(base: URL, provider: AiProvider): URL {
  const url = new URL(base.toString());
  const path = url.pathname.replace(/\/+$/, '');
  // Anthropic's base URL is the API root (the SDK's default https://api.anthropic.com); a base ending in /v1 is accepted too.
  url.pathname = provider === 'anthropic' ? `${path.replace(/\/v1$/, '')}/v1/messages` : `${path}/chat/completions`;
  return url;
}

function timeoutOf(ai: AiOptions): number {
  const timeout = ai.timeout_ms ?? DEFAULT_AI_TIMEOUT_MS;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_AI_TIMEOUT_MS) {
    throw new RelaisError('invalid_block', `ai.timeout_ms must be an integer from 1 to ${MAX_AI_TIMEOUT_MS} (got ${timeout}).`, {
      fr: `ai.timeout_ms doit être un entier de 1 à ${MAX_AI_TIMEOUT_MS} (reçu ${timeout}).`,
      issues: [{ path: 'ai.timeout_ms', message: 'out of range', fr: 'hors limites' }],
    });
  }
  return timeout;
}

export function resolveProvider(runtime: Pick<Runtime, 'ai'>): ResolvedProvider {
  const ai = runtime.ai;
  if (!ai) return resolveProvider({ ai: { base_url: '' } });
  const given = providerOption(ai);
  const base = baseUrlOf(ai, given);
  const provider = given ?? inferProvider(base);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  const secrets: string[] = [];
  if (ai.api_key) {
    // eslint-disable-next-line no-control-regex -- a key with CR, LF or NUL cannot go in a header
    if (/[\r\n\u0000]/.test(ai.api_key)) throw aiError("The AI provider's api_key contains a line break or control character; re-enter it.", "L'api_key du fournisseur d'IA contient un saut de ligne ou un caractère de contrôle ; saisissez-la à nouveau.");
    if (provider === 'anthropic') headers['x-api-key'] = ai.api_key;
    else headers.authorization = `Bearer ${ai.api_key}`;
    secrets.push(ai.api_key);
  } else if (provider !== 'openai_compatible') {
    throw aiError(`No API key for ${provider === 'openai' ? 'OpenAI' : 'Anthropic'}: set ai.api_key (the AI provider credential).`, `Aucune clé d'API pour ${provider === 'openai' ? 'OpenAI' : 'Anthropic'} : renseignez ai.api_key (l'identifiant du fournisseur d'IA).`);
  }
  if (provider === 'anthropic') headers['anthropic-version'] = ANTHROPIC_VERSION;
  return { provider, url: endpoint(base, provider), headers, secrets, timeout_ms: timeoutOf(ai), options: ai };
}
