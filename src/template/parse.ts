// Parses a template into literal text and placeholders, once per distinct source (cached). Handlebars'
// own parser reads the `{{…}}` syntax, but only plain placeholders are accepted: a dotted name such as
// `{{order_number}}` or `{{contact.first_name}}`. Helpers, blocks, partials, `this`, `../` and `@data`
// are refused, so a template can only read values, never run anything; rendering (and escaping by
// placement) is done by this module's callers, not by Handlebars.
import Handlebars from 'handlebars';
import { BoundedCache } from '../bounded-cache';
import { RelaisError } from '../errors';

export interface TextPart {
  kind: 'text';
  value: string;
}

export interface PlaceholderPart {
  kind: 'placeholder';
  /** The name as written, e.g. "contact.first_name". */
  name: string;
  /** The name split on dots, e.g. ["contact", "first_name"]. */
  path: string[];
}

export type TemplatePart = TextPart | PlaceholderPart;

/** Names a template may read: identifiers joined by dots. */
const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Names that would reach into JavaScript's object machinery (or Handlebars' `this`) instead of the
 * scope's own values; no variable may have one of them. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['this', '__proto__', 'constructor', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

// Invariant: the key is the template's source text; its parts depend on nothing else (`where` only names
// the parameter in the error of a source that does not parse, and those are not kept) and are frozen.
const parsedTemplates = new BoundedCache<string, readonly TemplatePart[]>(1000);

/** True when the text holds no placeholder at all (fast path, no parsing). */
export function hasPlaceholders(source: string): boolean {
  return source.includes('{{');
}

/**
 * The parts of a template. `where` names the parameter for error messages
 * (e.g. "data.parameters.url"). Throws invalid_block for anything but text and plain placeholders.
 */
export function parseTemplate(source: string, where: string): readonly TemplatePart[] {
  return parsedTemplates.getOrCompute(source, () =>
    Object.freeze(hasPlaceholders(source) ? parseWithHandlebars(source, where) : source === '' ? [] : [{ kind: 'text' as const, value: source }]),
  );
}

function invalid(where: string, message: string): RelaisError {
  return new RelaisError('invalid_block', `${where}: ${message}`, { issues: [{ path: where, message }] });
}

function parseWithHandlebars(source: string, where: string): TemplatePart[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (error) {
    // Handlebars' message carries the line and a caret under the problem; keep its first lines.
    const detail = error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error);
    throw invalid(where, `the template cannot be read (${detail}). Write placeholders as {{name}}.`);
  }
  const parts: TemplatePart[] = [];
  for (const statement of program.body) {
    const at = `line ${statement.loc.start.line}, column ${statement.loc.start.column + 1}`;
    switch (statement.type) {
      case 'ContentStatement':
        pushText(parts, (statement as hbs.AST.ContentStatement).value);
        break;
      case 'CommentStatement':
        break;
      case 'MustacheStatement': {
        const mustache = statement as hbs.AST.MustacheStatement;
        if (mustache.path.type !== 'PathExpression' || mustache.params.length > 0 || (mustache.hash && mustache.hash.pairs.length > 0)) {
          throw invalid(where, `only plain placeholders like {{order_number}} are allowed (helpers and arguments are not), at ${at}.`);
        }
        const name = (mustache.path as hbs.AST.PathExpression).original;
        parts.push(placeholder(name, where, at));
        break;
      }
      default:
        throw invalid(where, `only plain placeholders like {{order_number}} are allowed (blocks, partials and helpers are not), at ${at}.`);
    }
  }
  return parts;
}

function pushText(parts: TemplatePart[], value: string): void {
  if (value === '') return;
  const last = parts[parts.length - 1];
  if (last?.kind === 'text') last.value += value;
  else parts.push({ kind: 'text', value });
}

/** Validates one placeholder name (also used by the JSON body parser for unquoted placeholders). */
export function placeholder(name: string, where: string, at: string): PlaceholderPart {
  if (!PLACEHOLDER_NAME.test(name)) {
    throw invalid(where, `"{{${name}}}" is not a placeholder name; use a variable name or a context name such as contact.first_name (at ${at}).`);
  }
  const path = name.split('.');
  const forbidden = path.find((segment) => FORBIDDEN_SEGMENTS.has(segment));
  if (forbidden) throw invalid(where, `"{{${name}}}" is not allowed: "${forbidden}" is a reserved name (at ${at}).`);
  return { kind: 'placeholder', name, path };
}
