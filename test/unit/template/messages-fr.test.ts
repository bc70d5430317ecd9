// The template errors in French (src/template/messages-fr.ts reads the French from the English): each
// error the template code can raise is triggered here through its public functions, and its French must
// be a translation — not the English passed through because a message was reworded without its French.
import { RelaisError } from '../../../src/errors';
import { renderHeaders } from '../../../src/template/headers';
import { parseJsonTemplate } from '../../../src/template/json-template';
import { templateMessageFr } from '../../../src/template/messages-fr';
import { parseTemplate, type PlaceholderPart } from '../../../src/template/parse';
import { lookupPlaceholder, placeholderText } from '../../../src/template/scope';
import { parseUrlTemplate, renderUrl } from '../../../src/template/url';

function thrown(run: () => unknown): RelaisError {
  try {
    run();
  } catch (error) {
    if (error instanceof RelaisError) return error;
    throw error;
  }
  throw new Error('expected a RelaisError');
}

const part = (name: string): PlaceholderPart => ({ kind: 'placeholder', name, path: name.split('.') });
const url = (template: string, value: string) => renderUrl(parseUrlTemplate(template, 'url'), () => value, { allowHttp: false, where: 'url' });

// English words that never belong in the French (paths, names and quoted values aside).
const ENGLISH = /\b(the|is|are|must|cannot|not|only|use|expected|found|unknown|write|holds|would|appears|twice)\b/;

/** The French with what stays untranslated (quoted values, {{placeholders}}, field paths) taken out. */
const words = (text: string) => text.replace(/"[^"]*"/g, '').replace(/\{\{[^}]*\}\}/g, '').replace(/[\w.[\]-]+\.[\w.[\]-]+/g, '');

const CASES: Array<[string, () => unknown]> = [
  ['unreadable template', () => parseTemplate('Hello {{name', 'text')],
  ['helper with arguments', () => parseTemplate('{{upper name}}', 'text')],
  ['block helper', () => parseTemplate('{{#if x}}y{{/if}}', 'text')],
  ['bad placeholder name', () => parseTemplate('{{a-b}}', 'text')],
  ['reserved name', () => parseTemplate('{{constructor}}', 'text')],
  ['empty URL', () => parseUrlTemplate('  ', 'url')],
  ['URL starting with a placeholder', () => parseUrlTemplate('{{host}}/orders', 'url')],
  ['URL scheme', () => parseUrlTemplate('ftp://files.example.com/x', 'url')],
  ['placeholder in the host', () => parseUrlTemplate('https://api.example.com{{x}}', 'url')],
  ['user in the URL', () => parseUrlTemplate('https://user:pw@api.example.com/x', 'url')],
  ['invalid host', () => parseUrlTemplate('https://exa mple.com/x', 'url')],
  ['http without allow_http', () => renderUrl(parseUrlTemplate('http://api.example.com/x', 'url'), () => '', { allowHttp: false, where: 'url' })],
  ['empty path value', () => url('https://api.example.com/orders/{{id}}', '')],
  ['dot segment', () => url('https://api.example.com/orders/{{id}}', '..')],
  ['header control character', () => renderHeaders({ 'X-A': 'a\u0001b' }, () => '')],
  ['header value with a line break', () => renderHeaders({ 'X-A': '{{v}}' }, () => 'a\r\nb')],
  ['header value beyond Latin-1', () => renderHeaders({ 'X-A': '{{v}}' }, () => 'économie 😀')],
  ['JSON: text after the value', () => parseJsonTemplate('{} x', 'body_json')],
  ['JSON: ends early', () => parseJsonTemplate('{"a": ', 'body_json')],
  ['JSON: unexpected character', () => parseJsonTemplate('{"a": @}', 'body_json')],
  ['JSON: unclosed placeholder', () => parseJsonTemplate('{"a": {{x}', 'body_json')],
  ['JSON: unquoted property', () => parseJsonTemplate('{a: 1}', 'body_json')],
  ['JSON: placeholder in a key', () => parseJsonTemplate('{"{{k}}": 1}', 'body_json')],
  ['JSON: duplicate key', () => parseJsonTemplate('{"a": 1, "a": 2}', 'body_json')],
  ['JSON: missing colon', () => parseJsonTemplate('{"a" 1}', 'body_json')],
  ['JSON: missing comma in an object', () => parseJsonTemplate('{"a": 1 "b": 2}', 'body_json')],
  ['JSON: missing comma in an array', () => parseJsonTemplate('[1 2]', 'body_json')],
  ['JSON: raw control character', () => parseJsonTemplate('{"a": "x\u0001"}', 'body_json')],
  ['JSON: unclosed string', () => parseJsonTemplate('{"a": "x', 'body_json')],
  ['JSON: bad escape', () => parseJsonTemplate('{"a": "\\q"}', 'body_json')],
  ['JSON: too deep', () => parseJsonTemplate('['.repeat(200) + ']'.repeat(200), 'body_json')],
  ['JSON: bad placeholder inside', () => parseJsonTemplate('{"a": {{a-b}}}', 'body_json')],
  ['unknown placeholder', () => lookupPlaceholder({ contact: { first_name: 'A' } } as never, part('contact.nickname'), 'url')],
  ['unknown top-level placeholder', () => lookupPlaceholder({} as never, part('nope'), 'url')],
  ['function placeholder', () => lookupPlaceholder({ f: () => 1 } as never, part('f'), 'url')],
  ['object as text', () => placeholderText({ street: 'x' }, part('address'), 'url')],
];

describe('template errors in French', () => {
  it.each(CASES)('%s', (_what, run) => {
    const error = thrown(run);
    expect(error.fr).not.toBe(error.message);
    expect(words(error.fr)).not.toMatch(ENGLISH);
    for (const issue of error.issues) {
      expect(issue.fr).toBeDefined();
      expect(issue.fr).not.toBe(issue.message);
    }
  });

  it('translates the two refusals of a rendered URL (reached only by a broken renderer)', () => {
    expect(templateMessageFr('the rendered URL is not a valid URL')).toBe("l'URL obtenue n'est pas une URL valide");
    expect(templateMessageFr('the rendered URL does not keep the host of the template')).toBe("l'URL obtenue ne garde pas l'hôte du modèle");
    expect(templateMessageFr('the URL has no host')).toBe("l'URL n'a pas d'hôte");
  });

  it('keeps positions, names and values as they are', () => {
    const error = thrown(() => parseTemplate('{{upper name}}', 'data.parameters.text'));
    expect(error.fr).toBe('data.parameters.text : seuls les espaces réservés simples comme {{order_number}} sont autorisés (ni helpers ni arguments), à la ligne 1, colonne 1.');
    expect(thrown(() => lookupPlaceholder({ contact: { first_name: 'A' } } as never, part('contact.nickname'), 'url')).fr).toBe(
      'url : espace réservé inconnu {{contact.nickname}} : déclarez une variable nommée "contact" ou utilisez un nom du contexte. Noms connus dans contact : first_name.',
    );
  });
});
