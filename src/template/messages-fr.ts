// The French of the template errors (src/template: parse, url, headers, json-template, scope), for the
// `fr` of their RelaisErrors. Those files build their English messages in many places; the French is
// read from the English here, in one table, so the template code keeps one message per problem.
// test/unit/template/messages-fr.test.ts triggers every template error and fails when one comes out
// untranslated (an English message reworded without its French).

type Rule = [RegExp, string | ((...groups: string[]) => string)];

const POSITION = /line (\d+), column (\d+)/g;
const position = (text: string) => text.replace(POSITION, 'ligne $1, colonne $2');

const RULES: Rule[] = [
  // parse.ts
  [/^the template cannot be read \((.*)\)\. Write placeholders as \{\{name\}\}\.$/s, (detail) => `le modèle ne peut pas être lu (${detail}). Écrivez les espaces réservés sous la forme {{name}}.`],
  [
    /^only plain placeholders like \{\{order_number\}\} are allowed \(helpers and arguments are not\), at (.*)\.$/s,
    (at) => `seuls les espaces réservés simples comme {{order_number}} sont autorisés (ni helpers ni arguments), à la ${position(at)}.`,
  ],
  [
    /^only plain placeholders like \{\{order_number\}\} are allowed \(blocks, partials and helpers are not\), at (.*)\.$/s,
    (at) => `seuls les espaces réservés simples comme {{order_number}} sont autorisés (ni blocs, ni partials, ni helpers), à la ${position(at)}.`,
  ],
  [
    /^"\{\{(.*)\}\}" is not a placeholder name; use a variable name or a context name such as contact\.first_name \(at (.*)\)\.$/s,
    (name, at) => `"{{${name}}}" n'est pas un nom d'espace réservé ; utilisez un nom de variable ou un nom du contexte comme contact.first_name (${position(at)}).`,
  ],
  [/^"\{\{(.*)\}\}" is not allowed: "(.*)" is a reserved name \(at (.*)\)\.$/s, (name, word, at) => `"{{${name}}}" n'est pas autorisé : "${word}" est un nom réservé (${position(at)}).`],
  // url.ts
  [/^the URL is required, e\.g\. (.*)$/s, (example) => `l'URL est obligatoire, par ex. ${example}`],
  [
    /^the URL must start with its host written out \((.*)\); placeholders may only come after the host, in the path, query or fragment$/s,
    (example) => `l'URL doit commencer par son hôte écrit en toutes lettres (${example}) ; les espaces réservés ne peuvent venir qu'après l'hôte, dans le chemin, la requête ou le fragment`,
  ],
  [/^the URL scheme must be https \(or http with allow_http\), not "(.*)"$/s, (scheme) => `le schéma de l'URL doit être https (ou http avec allow_http), pas "${scheme}"`],
  [
    /^placeholders may only come after the host, in the path, query or fragment \(write the host out: (.*)\)$/s,
    (example) => `les espaces réservés ne peuvent venir qu'après l'hôte, dans le chemin, la requête ou le fragment (écrivez l'hôte en toutes lettres : ${example})`,
  ],
  [
    /^the URL must not hold a user name or password; use a credential \(parameters\.credential\) instead$/,
    "l'URL ne doit contenir ni nom d'utilisateur ni mot de passe ; utilisez plutôt un identifiant (parameters.credential)",
  ],
  [/^"(.*)" is not a valid host$/s, (host) => `"${host}" n'est pas un hôte valide`],
  [/^the URL has no host$/, "l'URL n'a pas d'hôte"],
  [/^the rendered URL is not a valid URL$/, "l'URL obtenue n'est pas une URL valide"],
  [/^the rendered URL does not keep the host of the template$/, "l'URL obtenue ne garde pas l'hôte du modèle"],
  // values refused where their placeholder stands (scope.ts valueRefused: "The value of {{x}} …")
  [/^is empty, and it stands in the URL path; provide a value$/, "est vide alors qu'elle se trouve dans le chemin de l'URL ; fournissez une valeur"],
  [/^would make a "\." or "\.\." path segment \(path traversal\); provide a real value$/, 'formerait un segment de chemin "." ou ".." (traversée de chemin) ; fournissez une vraie valeur'],
  [
    /^holds a line break or another control character, which cannot go in the (.*) header$/s,
    (name) => `contient un saut de ligne ou un autre caractère de contrôle, qui ne peut pas aller dans l'en-tête ${name}`,
  ],
  [
    /^holds characters an HTTP header cannot carry \(only Latin-1 text\) in the (.*) header; send such text in the body or the URL$/s,
    (name) => `contient des caractères qu'un en-tête HTTP ne peut pas porter (texte Latin-1 uniquement) dans l'en-tête ${name} ; envoyez ce texte dans le corps ou dans l'URL`,
  ],
  // json-template.ts
  [/^the JSON template is not valid: (.*) \(at (line \d+, column \d+)\)\.$/s, (detail, at) => `le modèle JSON n'est pas valide : ${templateMessageFr(detail)} (${position(at)}).`],
  [/^unexpected text after the end of the JSON value$/, 'texte inattendu après la fin de la valeur JSON'],
  [/^the JSON is nested more than (\d+) levels deep$/, (depth) => `le JSON est imbriqué sur plus de ${depth} niveaux`],
  [/^the JSON ends where a value was expected$/, 'le JSON se termine là où une valeur était attendue'],
  [/^expected a JSON value or a \{\{placeholder\}\}, found "(.*)"$/s, (char) => `une valeur JSON ou un {{espace réservé}} est attendu, trouvé "${char}"`],
  [/^a \{\{placeholder\}\} is not closed with \}\}$/, "un {{espace réservé}} n'est pas fermé par }}"],
  [/^expected a quoted property name$/, 'un nom de propriété entre guillemets est attendu'],
  [/^property names cannot hold placeholders; put placeholders in values$/, 'les noms de propriété ne peuvent pas contenir d\'espaces réservés ; mettez-les dans les valeurs'],
  [/^the property "(.*)" appears twice$/s, (key) => `la propriété "${key}" apparaît deux fois`],
  [/^expected ":" after the property name$/, '":" est attendu après le nom de propriété'],
  [/^expected "," or "\}" in the object$/, '"," ou "}" est attendu dans l\'objet'],
  [/^expected "," or "\]" in the array$/, '"," ou "]" est attendu dans le tableau'],
  [/^a string holds a raw control character \(write \\n for a new line\)$/, 'une chaîne contient un caractère de contrôle brut (écrivez \\n pour un retour à la ligne)'],
  [/^a string is not closed with "$/, 'une chaîne n\'est pas fermée par "'],
  [/^a string holds an invalid escape sequence$/, "une chaîne contient une séquence d'échappement invalide"],
  // scope.ts
  [
    /^unknown placeholder \{\{(.*?)\}\}: declare a variable named "(.*?)" or use a context name\.(?: Known names(?: in (.*?))?: (.*)\.)?$/s,
    (name, first, parent, known) =>
      `espace réservé inconnu {{${name}}} : déclarez une variable nommée "${first}" ou utilisez un nom du contexte.${known === undefined ? '' : ` Noms connus${parent ? ` dans ${parent}` : ''} : ${known}.`}`,
  ],
  [/^\{\{(.*)\}\} cannot be used in a template$/s, (name) => `{{${name}}} ne peut pas être utilisé dans un modèle`],
  [
    /^\{\{(.*?)\}\} is an object and cannot be written as text; use one of its fields \(e\.g\. (.*)\)$/s,
    (name, example) => `{{${name}}} est un objet et ne peut pas s'écrire en texte ; utilisez l'un de ses champs (par ex. ${example})`,
  ],
];

/** A template error message in French; a message no rule knows is returned as it is (English). */
export function templateMessageFr(message: string): string {
  for (const [pattern, french] of RULES) {
    const match = pattern.exec(message);
    if (match) return typeof french === 'string' ? french : french(...match.slice(1));
  }
  return message;
}
