// HTML → readable text for a model: drops scripts, styles and markup, keeps the words and the line
// structure, decodes entities. A linear scanner (indexOf, no backtracking regular expressions), so a
// hostile 2 MB page costs one pass.

/** Elements whose content is never text for a reader. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'canvas']);
/** Elements that start a new line. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer',
  'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'title', 'tr', 'ul',
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—',
  ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', euro: '€', pound: '£', yen: '¥',
  cent: '¢', deg: '°', middot: '·', bull: '•', times: '×', divide: '÷', eacute: 'é', egrave: 'è', ecirc: 'ê', agrave: 'à',
  acirc: 'â', ccedil: 'ç', ocirc: 'ô', ucirc: 'û', ugrave: 'ù', icirc: 'î', iuml: 'ï', euml: 'ë', Eacute: 'É', Agrave: 'À',
  oelig: 'œ', szlig: 'ß', uuml: 'ü', ouml: 'ö', auml: 'ä', Uuml: 'Ü', Ouml: 'Ö', Auml: 'Ä', shy: '',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});/gi, (match, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return NAMED_ENTITIES[entity] ?? NAMED_ENTITIES[entity.toLowerCase()] ?? match;
  });
}

function tagName(html: string, start: number): string {
  let end = start;
  while (end < html.length && /[A-Za-z0-9-]/.test(html[end])) end++;
  return html.slice(start, end).toLowerCase();
}

export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  const parts: string[] = [];
  let index = 0;
  while (index < html.length) {
    const open = html.indexOf('<', index);
    if (open === -1) {
      parts.push(html.slice(index));
      break;
    }
    parts.push(html.slice(index, open));
    if (html.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      index = close === -1 ? html.length : close + 3;
      continue;
    }
    const closing = html[open + 1] === '/';
    const name = tagName(html, open + (closing ? 2 : 1));
    const end = html.indexOf('>', open + 1);
    if (!name && !html.startsWith('<!', open) && !html.startsWith('<?', open)) {
      // A lone "<" in text (e.g. "a < b").
      parts.push('<');
      index = open + 1;
      continue;
    }
    if (end === -1) break;
    index = end + 1;
    if (BLOCKS.has(name)) parts.push('\n');
    if (!closing && SKIPPED.has(name) && html[end - 1] !== '/') {
      const close = lower.indexOf(`</${name}`, index);
      if (close === -1) break;
      const closeEnd = html.indexOf('>', close);
      index = closeEnd === -1 ? html.length : closeEnd + 1;
    }
  }
  return collapseWhitespace(decodeEntities(parts.join('')));
}

/** Spaces and tabs collapse to one space, lines are trimmed, runs of blank lines become one line break. */
function collapseWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join('\n');
}
