// JSON text with its escapes rewritten the one way JSON.stringify writes them (and "/" unescaped), so a
// secret a server sent escaped — `sk_live\/AbCd` (PHP's json_encode default), `\u0073k_live…` — is seen
// by a plain text search. The rewritten text parses to exactly the same value: only how each string is
// spelled changes, never what it holds.

/** A surrogate pair written as two escapes, any other \uXXXX, or any other escape (kept as written:
 * `\"`, `\\`, `\n`… already are JSON.stringify's spelling). Escapes are matched from left to right, so
 * `\\u0073` is an escaped backslash followed by the letters "u0073", not an escape of "s". */
const ESCAPE = /\\(?:u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|([^]))/g;

function rewrite(match: string, high: string | undefined, low: string | undefined, unit: string | undefined, other: string | undefined): string {
  if (high !== undefined && low !== undefined) return String.fromCharCode(parseInt(high, 16), parseInt(low, 16));
  // JSON.stringify's spelling of one code unit: itself, or \" \\ \n…, \u00xx for other control
  // characters and \udxxx (lower case) for a lone surrogate.
  if (unit !== undefined) return JSON.stringify(String.fromCharCode(parseInt(unit, 16))).slice(1, -1);
  return other === '/' ? '/' : match;
}

/** Whether the text holds an escape this module would rewrite (`\u…` or `\/`). */
export function hasRewritableEscape(text: string): boolean {
  return text.indexOf('\\') !== -1 && /\\[u/]/.test(text);
}

/**
 * The text with every `\uXXXX` and `\/` escape written as JSON.stringify would write the character (a
 * letter as itself, a quote as `\"`, a control character as `\n` or `\u001f`). For valid JSON the result
 * is valid JSON of the same value, and each string in it is spelled exactly as JSON.stringify spells
 * that string — so a string holding a secret holds the secret's JSON-escaped form in the text.
 */
export function canonicalJsonEscapes(text: string): string {
  return hasRewritableEscape(text) ? text.replace(ESCAPE, rewrite) : text;
}
