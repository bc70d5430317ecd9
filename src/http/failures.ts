// Transport failures as RelaisErrors: what went wrong, with which host, in words a model can pass on —
// never the URL's path or query (they may carry secrets), and every message goes through the call's
// redactor anyway.
import { RelaisError } from '../errors';
import type { Redactor } from '../redact';
import { BodyDecodeError, BodyTooLargeError } from './body';
import { BlockedAddressError } from './guard';
import { blockedAdviceFr, blockedReasonFr } from './blocked-fr';
import { blockedAdvice } from './policy';
import { ProxyTunnelError } from './proxy';

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function find<T>(error: unknown, type: new (...args: never[]) => T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof type) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Why a connection failed, by error code: [English, French]. */
const CONNECT_REASONS: Record<string, [string, string]> = {
  ENOTFOUND: ['the host name does not resolve (check the URL)', "le nom d'hôte ne se résout pas (vérifiez l'URL)"],
  EAI_AGAIN: ['the host name could not be resolved right now (DNS failure)', "le nom d'hôte n'a pas pu être résolu pour le moment (échec DNS)"],
  EAI_FAIL: ['the host name could not be resolved (DNS failure)', "le nom d'hôte n'a pas pu être résolu (échec DNS)"],
  ECONNREFUSED: ['the connection was refused', 'la connexion a été refusée'],
  ECONNRESET: ['the connection was reset', 'la connexion a été réinitialisée'],
  EPIPE: ['the connection was closed while sending', "la connexion a été fermée pendant l'envoi"],
  ETIMEDOUT: ['the connection timed out', 'la connexion a expiré'],
  EHOSTUNREACH: ['the host is unreachable', "l'hôte est injoignable"],
  ENETUNREACH: ['the network is unreachable', 'le réseau est injoignable'],
  UND_ERR_CONNECT_TIMEOUT: ['connecting took too long', 'la connexion a pris trop de temps'],
  UND_ERR_SOCKET: ['the connection was closed by the server', 'la connexion a été fermée par le serveur'],
  UND_ERR_CLOSED: ['the connection was closed', 'la connexion a été fermée'],
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: ['the response ended before its announced length', "la réponse s'est arrêtée avant sa longueur annoncée"],
};

function tlsReason(code: string): [string, string] | undefined {
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|EPROTO/.test(code)) {
    return [`the TLS certificate or handshake was rejected (${code})`, `le certificat TLS ou la négociation TLS a été rejeté (${code})`];
  }
  return undefined;
}

export function tooLarge(host: string, limit: number): RelaisError {
  return new RelaisError('too_large', `The response from ${host} is larger than the ${limit}-byte cap (max_response_bytes). Ask for less (a filter in the request, pagination) or raise max_response_bytes.`, {
    fr: `La réponse de ${host} dépasse le plafond de ${limit} octets (max_response_bytes). Demandez moins de données (un filtre dans la requête, la pagination) ou augmentez max_response_bytes.`,
  });
}

export function timedOut(host: string, timeoutMs: number): RelaisError {
  const seconds = timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`;
  return new RelaisError('timeout', `No complete response from ${host} within ${seconds} (the deadline covers connecting, waiting, reading, redirects and retries). The service may be slow or down.`, {
    fr: `Aucune réponse complète de ${host} en ${seconds} (le délai couvre la connexion, l'attente, la lecture, les redirections et les nouvelles tentatives). Le service est peut-être lent ou indisponible.`,
  });
}

export function cancelled(host: string): RelaisError {
  return new RelaisError('timeout', `The request to ${host} was cancelled before it completed.`, { fr: `La requête vers ${host} a été annulée avant d'aboutir.` });
}

/** Any error thrown while sending or reading, as a RelaisError. */
export function transportError(error: unknown, host: string, redact: Redactor): RelaisError {
  if (error instanceof RelaisError) return error;
  const blocked = find(error, BlockedAddressError);
  if (blocked) {
    return new RelaisError('blocked_url', redact(`${host} resolves to ${blocked.reason}; ${blockedAdvice(blocked.metadata)}.`), {
      fr: redact(`${host} se résout en ${blockedReasonFr(blocked.reason)} ; ${blockedAdviceFr(blocked.metadata)}.`),
    });
  }
  const tunnel = find(error, ProxyTunnelError);
  if (tunnel) {
    return new RelaisError('connect_failed', redact(`Could not reach ${host} through the proxy ${tunnel.proxy}: ${tunnel.reason}.`), {
      fr: redact(`Impossible de joindre ${host} par le proxy ${tunnel.proxy} : ${tunnel.reason}.`),
    });
  }
  const large = find(error, BodyTooLargeError);
  if (large) return tooLarge(redact(host), large.limit);
  const decode = find(error, BodyDecodeError);
  if (decode) return new RelaisError('connect_failed', redact(`The response from ${host} could not be decoded: ${decode.message}.`), { fr: redact(`La réponse de ${host} n'a pas pu être décodée : ${decode.message}.`) });
  const codes = codesOf(error);
  if (codes.includes('UND_ERR_HEADERS_OVERFLOW')) return new RelaisError('too_large', redact(`The response headers from ${host} are too large.`), { fr: redact(`Les en-têtes de la réponse de ${host} sont trop volumineux.`) });
  if (codes.includes('UND_ERR_INVALID_ARG')) {
    const reason = (error as Error).message;
    return new RelaisError('invalid_block', redact(`The request to ${host} could not be built: ${reason}. Check the headers and the body.`), {
      fr: redact(`La requête vers ${host} n'a pas pu être construite : ${reason}. Vérifiez les en-têtes et le corps.`),
    });
  }
  const reason = codes.map((code) => CONNECT_REASONS[code] ?? tlsReason(code)).find((r) => r !== undefined);
  const [detail, detailFr] = reason ?? [`the request failed${codes[0] ? ` (${codes[0]})` : ''}`, `la requête a échoué${codes[0] ? ` (${codes[0]})` : ''}`];
  return new RelaisError('connect_failed', redact(`Could not reach ${host}: ${detail}.`), { fr: redact(`Impossible de joindre ${host} : ${detailFr}.`) });
}
