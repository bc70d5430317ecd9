// Names an import invents: variable names (identifiers parseBlock accepts, unique within a block),
// credential names and block ids.
import { CONTEXT_NAMES } from '../variables/definition';
import { FORBIDDEN_SEGMENTS } from '../template/parse';

const RESERVED = new Set<string>([...CONTEXT_NAMES, ...FORBIDDEN_SEGMENTS]);

/** "X-GitHub-Api-Version" → "x_github_api_version"; "2fa" → "_2fa"; a context name gets a "param_" prefix. */
export function identifier(raw: string, fallback = 'value'): string {
  let name = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_{2,}/g, '_');
  if (name === '') name = fallback;
  if (/^[0-9]/.test(name)) name = `_${name}`;
  if (RESERVED.has(name)) name = `param_${name}`;
  return name.slice(0, 64);
}

/** Hands out names unique within one scope: "id", "id_2", "id_3"… */
export class NameScope {
  private readonly taken = new Set<string>();

  claim(raw: string, fallback?: string): string {
    const base = identifier(raw, fallback);
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base.slice(0, 60)}_${n}`;
    this.taken.add(name);
    return name;
  }
}

/** Collapses whitespace and Markdown links/emphasis into plain text. */
export function plainText(text: string): string {
  return text
    .replace(/^\s*>?\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/gim, '')
    .replace(/^\s*>\s?/gm, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_]{1,3}([^`*_]+)[`*_]{1,3}/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text cut to at most `max` characters at a word boundary, with "…" when cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const slice = text.slice(0, max - 1);
  const space = slice.lastIndexOf(' ');
  return `${(space > max / 2 ? slice.slice(0, space) : slice).replace(/[\s,;:.]+$/, '')}…`;
}

/** Seed 002's action description: what the action does, 10 to 200 characters. */
export function actionDescription(candidates: Array<string | undefined>, fallback: string): string {
  const texts = candidates.map((c) => (c === undefined ? '' : plainText(c))).filter((c) => c !== '');
  let text = texts[0] ?? '';
  // A short summary followed by the description's first sentence, when that fits and says more.
  const sentence = texts[1] === undefined ? undefined : /^(.{10,}?[.!?])(\s|$)/.exec(texts[1])?.[1] ?? texts[1];
  if (text !== '' && sentence !== undefined && !sentence.toLowerCase().startsWith(text.toLowerCase().replace(/\.$/, '')) && text.length + sentence.length + 2 <= 200) {
    text = `${text.replace(/[.!?]?$/, '.')} ${sentence}`;
  }
  // A long description: its first sentence when that says enough.
  if (text.length > 200) {
    const sentence = /^(.{10,200}?[.!?])(\s|$)/.exec(text);
    text = sentence ? sentence[1] : cut(text, 200);
  }
  if (text.length < 10) text = text === '' ? fallback : `${text} (${fallback})`;
  return cut(text.length < 10 ? `${text} — ${fallback}`.padEnd(10, '.') : text, 200);
}
