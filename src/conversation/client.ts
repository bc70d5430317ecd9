// The conversation client: start, message, metadata and end, as `POST {base}/converse/chat` with the
// agent's access token in `Authorization` (verbatim, as the platform expects) and its id in `botid`.
// Every call goes through the runtime's transport (deadline, size cap, SSRF guard, redaction).
import { RelaisError, isRelaisError } from '../errors';
import { createRedactor, redactEscapedText } from '../redact';
import { createRuntime, type Runtime } from '../runtime';
import { toChatMessage, toMetaData, type MessageInput, type MetaDataInput } from './outbound';
import { CHAT_PATH, DEFAULT_BASE_URL, chatRequestSchema, describeIssues, describeIssuesFr, type ChatRequest } from './wire';

export interface ConversationClientOptions {
  /** Defaults to https://api.ultimate.ai */
  base_url?: string;
  bot_id: string;
  /** The AI agent's access token. Never appears in errors or logs. */
  api_key: string;
  /** The transport to use; a default runtime (public network only) is created when absent. */
  runtime?: Runtime;
  /** Deadline of each call (default 10000). */
  timeout_ms?: number;
  /** Opt-in for a plain-http base URL, e.g. the local emulator. */
  allow_http?: boolean;
}

export interface ConversationResult {
  status: number;
  duration_ms: number;
  /** What was sent (holds no secret: the key travels in a header). */
  request: ChatRequest;
}

export interface ConversationClient {
  /** `metaData`: one `{key, value, sanitize?}` or several; values are sent as strings. */
  start(conversationId: string, options?: { metaData?: MetaDataInput | MetaDataInput[] }): Promise<ConversationResult>;
  /** Text, or a pick: `{text, cardIndex}` / `{button, cardIndex?}` with the picked button's text (never a link). */
  message(conversationId: string, message: MessageInput): Promise<ConversationResult>;
  metadata(conversationId: string, metaData: MetaDataInput | MetaDataInput[]): Promise<ConversationResult>;
  end(conversationId: string): Promise<ConversationResult>;
  /** Closes the runtime when the client created it. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** The platform answers with an empty body; anything bigger than this is not worth reading. */
const MAX_REPLY_BYTES = 64 * 1024;

const HINTS: Record<number, string> = {
  400: 'The agent platform rejected the request (400 validation error): check the body — platformConversationId, eventType, text, metaData {key, value} and cardIndex.',
  401: 'The agent platform refused the access token (401): check the API key, the AI agent\'s access token from its integration settings.',
  404: 'The agent platform does not know this AI agent (404): check the bot id.',
};

const HINTS_FR: Record<number, string> = {
  400: "La plateforme d'agent a rejeté la requête (400, erreur de validation) : vérifiez le corps — platformConversationId, eventType, text, metaData {key, value} et cardIndex.",
  401: "La plateforme d'agent a refusé le jeton d'accès (401) : vérifiez la clé d'API, le jeton d'accès de l'agent IA dans ses paramètres d'intégration.",
  404: "La plateforme d'agent ne connaît pas cet agent IA (404) : vérifiez l'id du bot.",
};

function invalidOption(path: string, message: string, fr: string): RelaisError {
  return new RelaisError('conversation_error', `The conversation client is not configured correctly: ${path} ${message}.`, {
    fr: `Le client de conversation n'est pas configuré correctement : ${path} ${fr}.`,
    issues: [{ path, message, fr }],
  });
}

function chatUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw invalidOption('base_url', 'must be an absolute URL such as https://api.ultimate.ai', 'doit être une URL absolue comme https://api.ultimate.ai');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidOption('base_url', 'must use https (or http with allow_http)', 'doit utiliser https (ou http avec allow_http)');
  if (url.username || url.password || url.search || url.hash) throw invalidOption('base_url', 'must not carry credentials, a query or a fragment', "ne doit porter ni identifiants, ni requête, ni fragment");
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}${CHAT_PATH}`;
}

function headerSafe(value: unknown, path: string): string {
  if (typeof value !== 'string' || !value.trim()) throw invalidOption(path, 'is required', 'est obligatoire');
  if (/[\r\n\0]/.test(value)) throw invalidOption(path, 'must not contain line breaks', 'ne doit pas contenir de saut de ligne');
  return value;
}

export function createConversationClient(options: ConversationClientOptions): ConversationClient {
  const botId = headerSafe(options.bot_id, 'bot_id');
  const apiKey = headerSafe(options.api_key, 'api_key');
  const url = chatUrl(options.base_url ?? DEFAULT_BASE_URL);
  const timeout = options.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeout) || timeout <= 0) throw invalidOption('timeout_ms', 'must be a positive number of milliseconds', 'doit être un nombre positif de millisecondes');
  const owned = options.runtime === undefined;
  const runtime = options.runtime ?? createRuntime();
  // The one redactor: the key as is and as a server may echo it (URL-encoded, JSON-escaped, base64…).
  const redactor = createRedactor([apiKey]);
  const redact = (text: string) => redactEscapedText(text, redactor);

  async function send(input: Record<string, unknown>): Promise<ConversationResult> {
    const parsed = chatRequestSchema.safeParse(input);
    if (!parsed.success) {
      const french = describeIssuesFr(chatRequestSchema, input);
      const issues = describeIssues(parsed.error).map((issue, index) => ({ ...issue, fr: french[index] }));
      throw new RelaisError('conversation_error', `The ${String(input.eventType)} request is not valid: ${RelaisError.issueList(issues)}.`, {
        fr: `La requête ${String(input.eventType)} n'est pas valide : ${RelaisError.issueListFr(issues, ' : ')}.`,
        issues,
      });
    }
    const request = parsed.data;
    let response;
    try {
      response = await runtime.http.request({
        method: 'POST',
        url,
        headers: { authorization: apiKey, botid: botId, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(request),
        timeout_ms: timeout,
        max_response_bytes: MAX_REPLY_BYTES,
        allow_http: options.allow_http,
        secrets: [apiKey],
      });
    } catch (error) {
      // Transport errors keep their code (timeout, connect_failed, blocked_url…); the message is re-redacted in case.
      if (isRelaisError(error)) {
        const issues = error.issues.map((issue) => ({ path: issue.path, message: redact(issue.message), fr: issue.fr === undefined ? undefined : redact(issue.fr) }));
        throw new RelaisError(error.code, redact(error.message), { fr: redact(error.fr), status: error.status, issues, fallback: error.fallback, fallbackFr: error.fallbackFr });
      }
      throw new RelaisError('conversation_error', 'The agent platform could not be reached.', { fr: "La plateforme d'agent est injoignable.", cause: error });
    }
    runtime.logger.debug(`conversation: ${request.eventType} ${request.platformConversationId} → ${response.status}`);
    if (response.status >= 200 && response.status < 300) return { status: response.status, duration_ms: response.duration_ms, request };
    const body = redact(response.body.toString('utf8'));
    const hint = HINTS[response.status] ?? `The agent platform answered ${response.status} to ${request.eventType}.`;
    const hintFr = HINTS_FR[response.status] ?? `La plateforme d'agent a répondu ${response.status} à ${request.eventType}.`;
    throw new RelaisError('conversation_error', hint, { fr: hintFr, status: response.status, body });
  }

  return {
    start: async (conversationId, startOptions = {}) =>
      send({ platformConversationId: conversationId, eventType: 'startSession', ...(startOptions.metaData ? { metaData: toMetaData(startOptions.metaData) } : {}) }),
    message: async (conversationId, message) => send({ platformConversationId: conversationId, eventType: 'message', ...toChatMessage(message) }),
    metadata: async (conversationId, metaData) => send({ platformConversationId: conversationId, eventType: 'metadata', metaData: toMetaData(metaData) }),
    end: (conversationId) => send({ platformConversationId: conversationId, eventType: 'endSession' }),
    async close() {
      if (owned) await runtime.close();
    },
  };
}
