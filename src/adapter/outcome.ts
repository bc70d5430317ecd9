// Core result / thrown value → what a host hands on. Success: `{payload: result.data, relais: meta}`.
// Failure: `{code, status, message, fallback, issues}` — the same shape on Node-RED's `msg.error`
// and on n8n's error items. Anything that is not a RelaisError is a bug or a library failure whose
// message may hold anything (a URL with a token, a stack): it becomes a generic RelaisError with a
// code fitting the operation, and its text never reaches the output.
import type { ActionResult, ResultMeta } from '../actions/types';
import { RelaisError, isRelaisError, type RelaisErrorCode, type RelaisIssue } from '../errors';
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
export function toRelaisError(error: unknown, code: RelaisErrorCode, operation = 'the action', operationFr = "l'action"): RelaisError {
  if (isRelaisError(error)) return error;
  return new RelaisError(code, `Unexpected internal error while running ${operation}. The host log has details.`, {
    fr: `Erreur interne inattendue pendant ${operationFr}. Le journal de l'hôte donne les détails.`,
    cause: error,
  });
}

/**
 * The error object hosts output, in the host user's language: in French, the message and each issue's
 * message are the French the site wrote (an issue without one keeps its English) and the fallback line
 * is the French one when it is the default. Only a host's user reads this (Node-RED's msg.error, log and
 * editor); what a model reads is the English (MCP, ai_reply tools and n8n use 'en').
 */
export function hostError(error: RelaisError, language: Language = 'en'): HostError {
  const french = language === 'fr';
  const shaped: HostError = { code: error.code, message: french ? error.fr : error.message, fallback: french ? error.fallbackFr : error.fallback };
  if (error.status !== undefined) shaped.status = error.status;
  if (error.issues.length > 0) shaped.issues = error.issues.map((issue) => ({ path: issue.path, message: french ? (issue.fr ?? issue.message) : issue.message }));
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
