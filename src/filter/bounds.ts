// What a filter may cost: it runs inside the call's deadline, and what a projection builds is bounded in
// size. A JMESPath expression is written by the block's author, but a few characters of it can ask for
// an exponential amount of work (`[@,@]` piped 22 times doubles the result at each stage: four million
// leaves from a small response), and the model, the host and the flow would all pay for it.
import { RelaisError } from '../errors';

export interface FilterBounds {
  /** Epoch milliseconds after which the filter gives up (the call's deadline); none when undefined. */
  deadline: number | undefined;
  /** The most characters (as compact JSON), array items or string characters a projection may produce. */
  maxChars: number;
}

/** A projection may produce this many times the response's own size… */
export const EXPANSION_FACTOR = 8;
/** …and at least this many characters, whatever the response's size. */
export const MIN_RESULT_BOUND = 1_000_000;

export function boundsFor(originalChars: number, deadline: number | undefined): FilterBounds {
  return { deadline, maxChars: Math.max(MIN_RESULT_BOUND, EXPANSION_FACTOR * originalChars) };
}

const WHERE = 'data.parameters.filter.expression';

/** The projection produced more than the bound allows. */
export function resultTooLarge(bounds: FilterBounds, step: string): RelaisError {
  const message = `${step} produces more than ${bounds.maxChars} characters (${EXPANSION_FACTOR}× the response, at least ${MIN_RESULT_BOUND}): the filter is refused rather than run. Select less — e.g. no expression that repeats its input such as "[@, @]".`;
  const fr = `${step} produit plus de ${bounds.maxChars} caractères (${EXPANSION_FACTOR}× la réponse, au moins ${MIN_RESULT_BOUND}) : le filtre est refusé plutôt qu'exécuté. Sélectionnez moins — par ex. pas d'expression qui répète son entrée comme "[@, @]".`;
  return new RelaisError('too_large', `The filter's ${message}`, { fr: `Filtre : ${fr}`, issues: [{ path: WHERE, message, fr }] });
}

/** The filter ran past the call's deadline. */
export function filterPastDeadline(step: string): RelaisError {
  const message = `${step} was still running when the call's deadline (timeout_seconds) passed: the filter is stopped. Simplify the expression or select less.`;
  const fr = `${step} tournait encore quand le délai de l'appel (timeout_seconds) est passé : le filtre est arrêté. Simplifiez l'expression ou sélectionnez moins.`;
  return new RelaisError('too_large', `The filter's ${message}`, { fr: `Filtre : ${fr}`, issues: [{ path: WHERE, message, fr }] });
}

export function checkDeadline(bounds: FilterBounds, step: string): void {
  if (bounds.deadline !== undefined && Date.now() > bounds.deadline) throw filterPastDeadline(step);
}
