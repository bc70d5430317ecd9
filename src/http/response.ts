// Turning an HTTP response into what an action returns: a typed RelaisError for 4xx/5xx (a message a
// model can act on, the customer fallback line, the redacted start of the body), or the decoded data
// (JSON, text, HTML reduced to text) with warnings instead of silent guesses.
import { STATUS_CODES } from 'node:http';
import { codeForStatus, RelaisError } from '../errors';
import type { Redactor } from '../redact';
import { redactDeep, redactEscapedText, redactJsonText } from '../redact';
import { recordSize } from '../filter/sizes';
import { htmlToText } from './html';
import type { HttpResponse } from './types';

/** What the model should understand from each error code (after "HTTP <status> <text> from <host>: "). */
const HINTS: Record<string, string> = {
  http_401: 'authentication failed — the credential is missing, wrong or expired',
  http_403: 'access denied — the credential is not allowed to do this',
  http_404: 'the resource does not exist — check the identifiers sent',
  http_409: 'the request conflicts with the current state of the resource — read it again before retrying',
  http_422: 'the server understood the request but rejected its values — check the values sent',
  http_429: 'too many requests — the service is rate limiting, try again later',
  http_4xx: 'the server rejected the request',
  http_5xx: 'the service failed to answer — try again later',
};

/** The same, in French (RelaisError.fr: what a French Node-RED user reads). */
const HINTS_FR: Record<string, string> = {
  http_401: "l'authentification a échoué — l'identifiant manque, est erroné ou a expiré",
  http_403: "accès refusé — l'identifiant n'a pas le droit de faire cela",
  http_404: "la ressource n'existe pas — vérifiez les identifiants envoyés",
  http_409: "la requête entre en conflit avec l'état actuel de la ressource — relisez-la avant de réessayer",
  http_422: 'le serveur a compris la requête mais en a rejeté les valeurs — vérifiez les valeurs envoyées',
  http_429: 'trop de requêtes — le service limite le débit, réessayez plus tard',
  http_4xx: 'le serveur a rejeté la requête',
  http_5xx: "le service n'a pas réussi à répondre — réessayez plus tard",
};

/** Up to 2000 characters of the body kept on errors (redacted). */
export const ERROR_BODY_CHARS = 2000;
const SERVER_MESSAGE_CHARS = 200;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

/** The error text a JSON API put in its body ({"message"}, {"error": "…"}, {"error": {"message"}}…),
 * read from the body parsed with its secrets redacted (parseRedactedJson: also those hidden by escapes). */
function serverMessage(body: string, redact: Redactor): string | undefined {
  const result = parseRedactedJson(body, redact);
  if (!result.ok) return undefined;
  const parsed = result.value;
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  const candidates = [record.message, record.error, record.detail, record.error_description, record.title];
  if (typeof record.error === 'object' && record.error !== null) candidates.unshift((record.error as Record<string, unknown>).message);
  if (Array.isArray(record.errors) && record.errors.length > 0) {
    const first = record.errors[0] as unknown;
    candidates.push(typeof first === 'string' ? first : (first as Record<string, unknown> | null)?.message);
  }
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim().length > 0);
  return found?.replace(/\s+/g, ' ').trim().slice(0, SERVER_MESSAGE_CHARS);
}

/** The RelaisError for a response with status >= 400. */
export function errorForResponse(response: HttpResponse, redact: Redactor): RelaisError {
  const code = codeForStatus(response.status);
  const reason = STATUS_CODES[response.status] ?? '';
  const host = redact(hostOf(response.url));
  // The server's own message is read from up to 64 KiB of the body (a JSON error cut at 2000 characters
  // would no longer parse); what is kept on the error is the first 2000 redacted characters.
  const raw = decodeText(response.body.subarray(0, 65_536), parseContentType(response.headers['content-type']).charset);
  // The body kept as text, redacted also where JSON escapes hide a secret (`sk_live\/…`, `\u0073k_…`).
  const body = redactEscapedText(raw, redact).slice(0, ERROR_BODY_CHARS);
  let message = `HTTP ${response.status}${reason ? ` ${reason}` : ''} from ${host}: ${HINTS[code]}`;
  let fr = `HTTP ${response.status}${reason ? ` ${reason}` : ''} de ${host} : ${HINTS_FR[code]}`;
  const retryAfter = response.headers['retry-after'];
  if (code === 'http_429' && retryAfter) {
    const shown = ` (Retry-After: ${redact(retryAfter).slice(0, 40)})`;
    message += shown;
    fr += shown;
  }
  const said = serverMessage(raw, redact);
  if (said) {
    message += `. The service said: "${said}"`;
    fr += `. Le service a répondu : "${said}"`;
  }
  // Redacted once more as a whole: a secret cut in two by the 200-character limit of `said` is a
  // prefix of the secret, not the secret, but the message as a whole is what leaves.
  return new RelaisError(code, redact(message), { fr: redact(fr), status: response.status, body: body.length > 0 ? body : undefined });
}

export interface DecodeOptions {
  /** The action expects JSON (content_type json): parse even without a JSON content-type. */
  expectJson: boolean;
  /** Reduce text/html bodies to their text. */
  htmlToText: boolean;
}

export interface DecodedBody {
  data: unknown;
  warnings: string[];
}

interface MediaType {
  type: string;
  charset?: string;
}

const NO_MEDIA_TYPE: MediaType = Object.freeze({ type: '' });
const JSON_MEDIA_TYPE: MediaType = Object.freeze({ type: 'application/json' });

/** The media type and charset of a Content-Type header (the result is only read). */
function parseContentType(header: string | undefined): MediaType {
  if (!header) return NO_MEDIA_TYPE;
  // The usual case, "application/json" or "application/json; charset=utf-8", without splitting.
  if (header === 'application/json' || header === 'application/json; charset=utf-8') return JSON_MEDIA_TYPE;
  const [type, ...params] = header.split(';');
  let charset: string | undefined;
  for (const param of params) {
    const [key, value] = param.split('=');
    if (key?.trim().toLowerCase() === 'charset' && value) charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

export function isJsonType(type: string): boolean {
  return type === 'application/json' || type === 'text/json' || type.endsWith('+json');
}

function isHtmlType(type: string): boolean {
  return type === 'text/html' || type === 'application/xhtml+xml';
}

/** Types a model cannot read as text; returned as a description instead of mojibake. */
function isBinaryType(type: string): boolean {
  return /^(image|audio|video|font)\//.test(type) || /^application\/(octet-stream|pdf|zip|gzip|x-tar|x-7z-compressed|vnd\.ms-excel|msword|vnd\.openxmlformats)/.test(type);
}

function decodeText(body: Buffer, charset: string | undefined): string {
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    try {
      return new TextDecoder(charset).decode(body);
    } catch {
      // Unknown charset label: fall back to UTF-8 below.
    }
  }
  const text = body.toString('utf8');
  // A UTF-8 byte order mark would make JSON.parse fail on an otherwise valid document.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The response body as data: parsed JSON, text, or HTML reduced to text, with secrets redacted. Parsed
 * JSON has its text's size recorded (recordSize), for a later applyFilter. */
export function decodeBody(response: HttpResponse, options: DecodeOptions, redact: Redactor): DecodedBody {
  const { data, warnings, chars } = decodeBodySized(response, options, redact);
  if (chars !== undefined) recordSize(data, chars);
  return { data, warnings };
}

/** decodeBody, with the size of the text parsed JSON came from returned as `chars` (for applyFilter's
 * `knownChars`) instead of recorded in a WeakMap: the hot path of the http_request action. */
export function decodeBodySized(response: HttpResponse, options: DecodeOptions, redact: Redactor): DecodedBody & { chars?: number } {
  const warnings: string[] = [];
  if (response.body.length === 0) return { data: null, warnings };
  const media = parseContentType(response.headers['content-type']);
  const json = isJsonType(media.type);
  if (!json && isBinaryType(media.type)) {
    warnings.push('binary_body');
    return { data: `[binary ${media.type} body, ${response.body.length} bytes]`, warnings };
  }
  const text = decodeText(response.body, media.charset);
  if (json || options.expectJson) {
    const parsed = parseRedactedJson(text, redact);
    if (parsed.ok) return { data: parsed.value, warnings, chars: text.length };
    // Kept as text and said so: a silent {} would make a model invent an answer.
    warnings.push('invalid_json');
  }
  if (options.htmlToText && isHtmlType(media.type)) return { data: redactEscapedText(htmlToText(text), redact), warnings };
  return { data: redactEscapedText(text, redact), warnings };
}

/**
 * JSON whose every string — keys and values, also those a server spelled with escapes (`\/`, `\u0073`) —
 * is free of secrets. Redacting the text before parsing (redactJsonText: escapes written one way, then
 * one regular-expression pass) costs far less than a walk over every string of the tree, and vouches
 * for the tree; "[redacted]" contains nothing JSON would have to escape. When the text cannot vouch
 * (redactJsonText gives undefined) or a secret spans JSON punctuation (the redacted text no longer
 * parses), the tree is walked instead.
 */
function parseRedactedJson(text: string, redact: Redactor): { ok: true; value: unknown } | { ok: false } {
  const redacted = redactJsonText(text, redact);
  if (redacted !== undefined) {
    try {
      return { ok: true, value: JSON.parse(redacted) };
    } catch {
      if (redacted === text) return { ok: false };
    }
  }
  try {
    return { ok: true, value: redactDeep(JSON.parse(text), redact) };
  } catch {
    return { ok: false };
  }
}
