// Splits a shell command line into words the way a POSIX shell does for the quoting people use in API
// docs: single quotes, double quotes (with \" \\ \$ \` escapes), backslash escapes, line continuations
// (a backslash before a newline, and Windows' "^" before one). Nothing is expanded: `$TOKEN` stays text.
import { RelaisError } from '../errors';

export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  const text = command.replace(/\^\r?\n/g, ' ');
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      const next = text[i + 1];
      if (next === '\n' || (next === '\r' && text[i + 2] === '\n')) {
        i += next === '\r' ? 2 : 1;
        continue;
      }
      if (next !== undefined) {
        word += next;
        inWord = true;
        i++;
      }
      continue;
    }
    if (char === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw unclosed("'");
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
      continue;
    }
    if (char === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && '"\\$`\n'.includes(text[j + 1] ?? '')) {
          if (text[j + 1] !== '\n') word += text[j + 1];
          j++;
        } else word += text[j];
      }
      if (j >= text.length) throw unclosed('"');
      inWord = true;
      i = j;
      continue;
    }
    if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    word += char;
    inWord = true;
  }
  if (inWord) words.push(word);
  return words;
}

function unclosed(quote: string): RelaisError {
  const message = `the command has an unclosed ${quote} quote`;
  const fr = `la commande a un guillemet ${quote} non fermé`;
  return new RelaisError('invalid_block', `The cURL command cannot be read: ${message}.`, { fr: `La commande cURL ne peut pas être lue : ${fr}.`, issues: [{ path: 'command', message, fr }] });
}
