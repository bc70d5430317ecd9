// JSON body templates (seed 002's "Request Body"): the template is parsed as JSON *first*, with
// placeholders allowed where a JSON value stands (`{"id": {{customer_id}}}`) or inside strings
// (`"Call with {{contact.first_name}}"`). Values are then substituted into the parsed tree, so a value
// can never break the JSON (quotes, backslashes, braces are just characters of a string), and typed
// variables keep their JSON type: a string that is exactly one placeholder ("{{count}}") or an
// unquoted placeholder becomes the variable's typed value (integer → number, boolean → true/false).
import { BoundedCache } from '../bounded-cache';
import { RelaisError } from '../errors';
import { parseTemplate, placeholder, type PlaceholderPart, type TemplatePart } from './parse';

export type JsonTemplate =
  | { kind: 'literal'; value: null | boolean | number | string }
  /** A string holding at least one placeholder (a string without one is a literal). */
  | { kind: 'string'; parts: readonly TemplatePart[] }
  | { kind: 'placeholder'; part: PlaceholderPart }
  | { kind: 'array'; items: JsonTemplate[] }
  | { kind: 'object'; entries: Array<[string, JsonTemplate]> };

const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// Invariant: the key is the template's source text; its tree depends on nothing else (`where` only names
// the parameter in the error of a source that does not parse, and those are not kept) and is only read.
const parsedJsonTemplates = new BoundedCache<string, JsonTemplate>(500);

/** Parses a JSON body template; throws invalid_block with the line and column of the problem. */
export function parseJsonTemplate(source: string, where: string): JsonTemplate {
  return parsedJsonTemplates.getOrCompute(source, () => new JsonTemplateParser(source, where).parseDocument());
}

/** Every placeholder of a parsed template (for checks before rendering). */
export function jsonTemplatePlaceholders(tree: JsonTemplate): PlaceholderPart[] {
  switch (tree.kind) {
    case 'literal':
      return [];
    case 'placeholder':
      return [tree.part];
    case 'string':
      return tree.parts.filter((p): p is PlaceholderPart => p.kind === 'placeholder');
    case 'array':
      return tree.items.flatMap(jsonTemplatePlaceholders);
    case 'object':
      return tree.entries.flatMap(([, value]) => jsonTemplatePlaceholders(value));
  }
}

/**
 * Substitutes values into the tree. `whole` gives the value of a placeholder standing as a whole JSON
 * value (typed); `text` gives its text when it is part of a longer string.
 */
export function renderJsonTemplate(tree: JsonTemplate, whole: (part: PlaceholderPart) => unknown, text: (part: PlaceholderPart) => string): unknown {
  switch (tree.kind) {
    case 'literal':
      return tree.value;
    case 'placeholder':
      return whole(tree.part);
    case 'string': {
      const parts = tree.parts;
      if (parts.length === 1 && parts[0].kind === 'placeholder') return whole(parts[0]);
      let out = '';
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        out += part.kind === 'text' ? part.value : text(part);
      }
      return out;
    }
    case 'array':
      return tree.items.map((item) => renderJsonTemplate(item, whole, text));
    case 'object': {
      // An ordinary object (objects built with the same keys share one fast shape; JSON.stringify and
      // copies of a null-prototype dictionary are several times slower). A "__proto__" key is defined as
      // an own property, so it stays an ordinary key and never sets the prototype.
      const out: Record<string, unknown> = {};
      for (const [key, value] of tree.entries) {
        const rendered = renderJsonTemplate(value, whole, text);
        if (key === '__proto__') Object.defineProperty(out, key, { value: rendered, enumerable: true, writable: true, configurable: true });
        else out[key] = rendered;
      }
      return out;
    }
  }
}

class JsonTemplateParser {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly where: string,
  ) {}

  parseDocument(): JsonTemplate {
    this.skipSpace();
    const value = this.parseValue(0);
    this.skipSpace();
    if (this.pos < this.source.length) this.fail('unexpected text after the end of the JSON value');
    return value;
  }

  private parseValue(depth: number): JsonTemplate {
    if (depth > MAX_DEPTH) this.fail(`the JSON is nested more than ${MAX_DEPTH} levels deep`);
    const char = this.source[this.pos];
    if (char === '{' && this.source[this.pos + 1] === '{') return this.parsePlaceholder();
    if (char === '{') return this.parseObject(depth);
    if (char === '[') return this.parseArray(depth);
    if (char === '"') return this.stringValue(this.parseTemplateString());
    if (this.source.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.source.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.source.startsWith('null', this.pos)) return this.literal(4, null);
    NUMBER.lastIndex = this.pos;
    const number = NUMBER.exec(this.source);
    if (number) {
      this.pos += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    return this.fail(char === undefined ? 'the JSON ends where a value was expected' : `expected a JSON value or a {{placeholder}}, found "${char}"`);
  }

  /** A string with no placeholder is a literal (rendered as is, without building it again each call). */
  private stringValue(parts: readonly TemplatePart[]): JsonTemplate {
    if (parts.some((part) => part.kind === 'placeholder')) return { kind: 'string', parts };
    let value = '';
    for (const part of parts) if (part.kind === 'text') value += part.value;
    return { kind: 'literal', value };
  }

  private literal(length: number, value: null | boolean): JsonTemplate {
    this.pos += length;
    return { kind: 'literal', value };
  }

  private parsePlaceholder(): JsonTemplate {
    const start = this.pos;
    const triple = this.source.startsWith('{{{', start);
    const close = triple ? '}}}' : '}}';
    const end = this.source.indexOf(close, start);
    if (end < 0) this.fail('a {{placeholder}} is not closed with }}');
    const name = this.source.slice(start + close.length, end).trim();
    this.pos = end + close.length;
    return { kind: 'placeholder', part: placeholder(name, this.where, this.position(start)) };
  }

  private parseObject(depth: number): JsonTemplate {
    this.pos++;
    const entries: Array<[string, JsonTemplate]> = [];
    const seen = new Set<string>();
    this.skipSpace();
    if (this.source[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.source[this.pos] !== '"') this.fail('expected a quoted property name');
      const keyStart = this.pos;
      const key = this.readString();
      if (key.includes('{{')) this.fail('property names cannot hold placeholders; put placeholders in values', keyStart);
      if (seen.has(key)) this.fail(`the property "${key}" appears twice`, keyStart);
      seen.add(key);
      this.skipSpace();
      if (this.source[this.pos] !== ':') this.fail('expected ":" after the property name');
      this.pos++;
      this.skipSpace();
      entries.push([key, this.parseValue(depth + 1)]);
      this.skipSpace();
      const next = this.source[this.pos];
      this.pos++;
      if (next === '}') return { kind: 'object', entries };
      if (next !== ',') this.fail('expected "," or "}" in the object', this.pos - 1);
    }
  }

  private parseArray(depth: number): JsonTemplate {
    this.pos++;
    const items: JsonTemplate[] = [];
    this.skipSpace();
    if (this.source[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      this.skipSpace();
      items.push(this.parseValue(depth + 1));
      this.skipSpace();
      const next = this.source[this.pos];
      this.pos++;
      if (next === ']') return { kind: 'array', items };
      if (next !== ',') this.fail('expected "," or "]" in the array', this.pos - 1);
    }
  }

  private parseTemplateString(): readonly TemplatePart[] {
    const start = this.pos;
    const text = this.readString();
    try {
      return parseTemplate(text, this.where);
    } catch (error) {
      if (error instanceof RelaisError) this.fail(`${error.issues[0]?.message ?? error.message}`, start);
      throw error;
    }
  }

  /** Reads a JSON string literal (escapes decoded by JSON.parse itself). */
  private readString(): string {
    const start = this.pos;
    let i = start + 1;
    for (; i < this.source.length; i++) {
      const c = this.source.charCodeAt(i);
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) break;
      else if (c < 0x20) this.fail('a string holds a raw control character (write \\n for a new line)', i);
    }
    if (i >= this.source.length) this.fail('a string is not closed with "', start);
    this.pos = i + 1;
    try {
      return JSON.parse(this.source.slice(start, i + 1)) as string;
    } catch {
      return this.fail('a string holds an invalid escape sequence', start);
    }
  }

  private skipSpace(): void {
    while (this.pos < this.source.length && ' \t\n\r'.includes(this.source[this.pos])) this.pos++;
  }

  private position(offset: number): string {
    const before = this.source.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `line ${line}, column ${column}`;
  }

  private fail(message: string, at = this.pos): never {
    const text = `the JSON template is not valid: ${message} (at ${this.position(at)}).`;
    throw new RelaisError('invalid_block', `${this.where}: ${text}`, { issues: [{ path: this.where, message: text }] });
  }
}
