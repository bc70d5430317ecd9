// One error type for the whole core. Every failure a user, a flow or a model can see is a RelaisError
// with a stable code, a short message that is safe to hand to an LLM, and a fallback line for the end
// customer. Messages never contain secrets: callers pass text through a redactor before building one.
// Each error also carries its message in French (`fr`, built from the same inputs as the English, so it
// is as safe): Node-RED shows it to a user whose runtime speaks French. A model always gets the English
// `message` (tool results, MCP, n8n); test/unit/errors-french.test.ts fails on a site that gives no French.

export const ERROR_CODES = [
  'invalid_block',
  'invalid_variable',
  'missing_variable',
  'blocked_url',
  'insecure_url',
  'timeout',
  'connect_failed',
  'too_large',
  'invalid_json',
  'http_401',
  'http_403',
  'http_404',
  'http_409',
  'http_422',
  'http_429',
  'http_4xx',
  'http_5xx',
  'store_error',
  'ai_error',
  'conversation_error',
  'auth_error',
] as const;

export type RelaisErrorCode = (typeof ERROR_CODES)[number];

/** One problem inside an input, located by its JSON path (e.g. `data.parameters.timeout_seconds`). */
export interface RelaisIssue {
  path: string;
  message: string;
  /** The message in French, when the site that found the problem wrote one (zod's own texts stay English). */
  fr?: string;
}

export interface RelaisErrorOptions {
  /** HTTP status of the response that caused the error, when there was one. */
  status?: number;
  /** Each problem with its JSON path (validation errors). */
  issues?: RelaisIssue[];
  /** Up to 2000 characters of the (redacted) response body. */
  body?: string;
  /** Overrides the default customer fallback line for the code. */
  fallback?: string;
  /** The French of `fallback`, when it is given. */
  fallbackFr?: string;
  /**
   * The message in French (vous form; field names, paths and codes untranslated; the same facts as the
   * English and never more: no secret). Every site gives one; without it, French hosts show the English.
   */
  fr?: string;
  cause?: unknown;
}

/** Lines an agent can say to the end customer when an action fails (seed 002's troubleshooting). */
export const FALLBACK_LINES: Record<RelaisErrorCode, { en: string; fr: string }> = {
  invalid_block: { en: 'This action is not configured correctly.', fr: "Cette action n'est pas configurée correctement." },
  invalid_variable: { en: 'One of the details provided is not in the expected format.', fr: "Une des informations fournies n'est pas au format attendu." },
  missing_variable: { en: 'I need a bit more information before I can do that.', fr: "J'ai besoin d'une information de plus avant de pouvoir le faire." },
  blocked_url: { en: 'This service cannot be reached from here.', fr: "Ce service n'est pas joignable d'ici." },
  insecure_url: { en: 'This service cannot be reached securely.', fr: "Ce service n'est pas joignable de façon sécurisée." },
  timeout: { en: 'The system is taking too long to answer right now.', fr: 'Le système met trop de temps à répondre pour le moment.' },
  connect_failed: { en: "I'm having trouble accessing the system right now.", fr: "J'ai du mal à accéder au système pour le moment." },
  too_large: { en: 'The system sent back more information than I can handle.', fr: "Le système a renvoyé plus d'informations que je ne peux en traiter." },
  invalid_json: { en: 'The system sent back an answer I could not read.', fr: "Le système a renvoyé une réponse que je n'ai pas pu lire." },
  http_401: { en: "I'm not allowed to access that system right now.", fr: "Je n'ai pas accès à ce système pour le moment." },
  http_403: { en: "I'm not allowed to access that information.", fr: "Je n'ai pas le droit d'accéder à cette information." },
  http_404: { en: "I don't see a record matching that.", fr: 'Je ne trouve aucun enregistrement correspondant.' },
  http_409: { en: 'That record was changed at the same time; please try again.', fr: 'Cet enregistrement a été modifié en même temps ; veuillez réessayer.' },
  http_422: { en: 'The system did not accept those details.', fr: "Le système n'a pas accepté ces informations." },
  http_429: { en: 'The system is busy right now; please try again in a moment.', fr: 'Le système est occupé ; veuillez réessayer dans un instant.' },
  http_4xx: { en: 'The system did not accept that request.', fr: "Le système n'a pas accepté cette demande." },
  http_5xx: { en: "I'm having trouble accessing the system right now.", fr: "J'ai du mal à accéder au système pour le moment." },
  store_error: { en: 'I could not save that right now.', fr: "Je n'ai pas pu enregistrer cela pour le moment." },
  ai_error: { en: 'I could not write an answer right now.', fr: "Je n'ai pas pu rédiger de réponse pour le moment." },
  conversation_error: { en: 'The conversation could not be continued right now.', fr: "La conversation n'a pas pu continuer pour le moment." },
  auth_error: { en: "I can't sign in to that system right now.", fr: "Je n'arrive pas à me connecter à ce système pour le moment." },
};

export class RelaisError extends Error {
  override readonly name = 'RelaisError';
  readonly code: RelaisErrorCode;
  readonly status?: number;
  readonly issues: RelaisIssue[];
  readonly body?: string;
  readonly fallback: string;
  /** The customer line in French: the given `fallbackFr`, the code's default, else the given `fallback` as it is. */
  readonly fallbackFr: string;
  /** The message in French (the English one when the site gave none). */
  readonly fr: string;

  constructor(code: RelaisErrorCode, message: string, options: RelaisErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.issues = options.issues ?? [];
    this.body = options.body === undefined ? undefined : options.body.slice(0, 2000);
    this.fallback = options.fallback ?? FALLBACK_LINES[code].en;
    this.fallbackFr = options.fallbackFr ?? (this.fallback === FALLBACK_LINES[code].en ? FALLBACK_LINES[code].fr : this.fallback);
    this.fr = options.fr ?? message;
  }

  /** "path: message; path: message" — how a site lists its issues in its English message. */
  static issueList(issues: readonly RelaisIssue[]): string {
    return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  }

  /**
   * "path message ; path message" for the first `max` issues, in French where an issue has its French:
   * the French twin of the lists sites build for their English message. A static method, so a site
   * that already imports RelaisError needs nothing more.
   */
  static issueListFr(issues: readonly RelaisIssue[], separator = ' ', max = issues.length): string {
    const listed = issues.slice(0, max).map((issue) => (issue.path ? `${issue.path}${separator}${issue.fr ?? issue.message}` : (issue.fr ?? issue.message)));
    return `${listed.join(' ; ')}${issues.length > max ? ` (et ${issues.length - max} de plus)` : ''}`;
  }

  /**
   * The English form a model or a program reads (MCP, CLI, n8n error items); never includes the cause
   * (it may hold secrets). The French texts are for hosts' users: see src/adapter/outcome.ts hostError.
   */
  toJSON(): { code: RelaisErrorCode; status?: number; message: string; fallback: string; issues: RelaisIssue[]; body?: string } {
    return { code: this.code, status: this.status, message: this.message, fallback: this.fallback, issues: this.issues.map(({ path, message }) => ({ path, message })), body: this.body };
  }
}

export function isRelaisError(value: unknown): value is RelaisError {
  return value instanceof RelaisError;
}

/** The error code for an HTTP status (>= 400). */
export function codeForStatus(status: number): RelaisErrorCode {
  switch (status) {
    case 401:
      return 'http_401';
    case 403:
      return 'http_403';
    case 404:
      return 'http_404';
    case 409:
      return 'http_409';
    case 422:
      return 'http_422';
    case 429:
      return 'http_429';
    default:
      return status >= 500 ? 'http_5xx' : 'http_4xx';
  }
}
