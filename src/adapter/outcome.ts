// Core result / thrown value → what a host hands on. Success: `{payload: result.data, relais: meta}`.
// Failure: `{code, status, message, fallback, issues}` — the same shape on Node-RED's `msg.error`
// and on n8n's error items. Anything that is not a RelaisError is a bug or a library failure whose
// message may hold anything (a URL with a token, a stack): it becomes a generic RelaisError with a
// code fitting the operation, and its text never reaches the output.
import type { ActionResult, ResultMeta } from '../actions/types';
import { FALLBACK_LINES, RelaisError, isRelaisError, type RelaisErrorCode, type RelaisIssue } from '../errors';
import { createRedactor, redactEscapedText } from '../redact';

export type Language = 'en' | 'fr';

/** `msg.relais` / the n8n item's `relais` field. */
export type RelaisMeta = ResultMeta;

export interface RelaisOutput {
  payload: unknown;
  relais: RelaisMeta;
}

export interface HostError {
  code: RelaisErrorCode;
  status?: number;
  message: string;
  /** A line the agent can say to the end customer. */
  fallback: string;
  issues?: RelaisIssue[];
}

export function outputFromResult(result: ActionResult): RelaisOutput {
  return { payload: result.data, relais: result.meta };
}

/**
 * Any thrown value → a RelaisError. RelaisErrors pass through; anything else becomes `code` with a
 * generic message (what failed, not why: the original text is unsafe to show).
 */
export function toRelaisError(error: unknown, code: RelaisErrorCode, operation = 'the action'): RelaisError {
  if (isRelaisError(error)) return error;
  return new RelaisError(code, `Unexpected internal error while running ${operation}. The host log has details.`, { cause: error });
}

/** The error object hosts output. `language` picks the French fallback line when it is the default one. */
export function hostError(error: RelaisError, language: Language = 'en'): HostError {
  const fallback = language === 'fr' && error.fallback === FALLBACK_LINES[error.code].en ? FALLBACK_LINES[error.code].fr : error.fallback;
  const shaped: HostError = { code: error.code, message: error.message, fallback };
  if (error.status !== undefined) shaped.status = error.status;
  if (error.issues.length > 0) shaped.issues = error.issues;
  return shaped;
}

/**
 * A line for the host's log about an unexpected (non-Relais) error: its class and message with every
 * known secret replaced, so an operator can find the bug without the log leaking a credential.
 */
export function describeUnexpected(error: unknown, secrets: readonly string[]): string {
  const name = error instanceof Error ? error.name : typeof error;
  const text = error instanceof Error ? error.message : String(error);
  return `${name}: ${redactEscapedText(text, createRedactor(secrets))}`;
}
