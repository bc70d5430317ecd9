// Header values: rendered as text, and refused when they would hold a line break or another control
// character (header injection). Static text is checked when the block is parsed; a value that brings
// one in is refused at render time, naming the placeholder.
import { RelaisError } from '../errors';
import { parseTemplate, type PlaceholderPart } from './parse';
import { valueRefused } from './scope';

/** Control characters other than horizontal tab, which no header value may hold. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const HEADER_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Characters an HTTP header value cannot carry: above Latin-1 (astral characters are surrogate pairs,
 * inside this range too). HTTP/1.1 header values are bytes, read as Latin-1. */
export const HEADER_NON_LATIN1 = /[\u0100-\uffff]/;

/** Renders each header value; `text` gives a placeholder's text. */
export function renderHeaders(headers: Readonly<Record<string, string>>, text: (part: PlaceholderPart) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, template] of Object.entries(headers)) {
    const where = `headers_json.${name}`;
    if (HEADER_CONTROL.test(template)) {
      throw new RelaisError('invalid_block', `${where}: the header holds a control character`, {
        fr: `${where} : l'en-tête contient un caractère de contrôle`,
        issues: [{ path: where, message: 'holds a control character', fr: 'contient un caractère de contrôle' }],
      });
    }
    out[name] = parseTemplate(template, where)
      .map((part) => {
        if (part.kind === 'text') return part.value;
        const value = text(part);
        if (HEADER_CONTROL.test(value)) throw valueRefused(part, `holds a line break or another control character, which cannot go in the ${name} header`);
        if (HEADER_NON_LATIN1.test(value)) throw valueRefused(part, `holds characters an HTTP header cannot carry (only Latin-1 text) in the ${name} header; send such text in the body or the URL`);
        return value;
      })
      .join('');
  }
  return out;
}
