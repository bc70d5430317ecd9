// importCurl: a cURL command (as API docs print them) → one http_request block: method, URL, query,
// headers, body (-d/--data-raw/--data-binary/--data-urlencode/--json/-F), and the secrets it carries
// (an Authorization header, -u, API-key-looking headers or query parameters) moved into a credential,
// never left in the block. `{{name}}` placeholders written in the command become string variables.
import { parseBlock } from '../blocks';
import { CONTENT_TYPES, HTTP_METHODS } from '../blocks/http-request';
import { RelaisError } from '../errors';
import { isSensitiveHeader } from '../redact';
import { parseTemplate } from '../template/parse';
import { actionDescription, identifier } from './names';
import { shellWords } from './shell-words';
import type { CredentialShape, CurlImport, ImportedBlock, ImportedCredential, ImportedVariable } from './types';

interface Parsed {
  method?: string;
  url?: string;
  headers: Array<[string, string]>;
  data: string[];
  json?: string;
  form: Array<[string, string]>;
  user?: string;
  get: boolean;
  warnings: string[];
}

/** Flags that take a value and do not change the request an action sends. */
const IGNORED_WITH_VALUE = new Set(['-o', '--output', '-w', '--write-out', '-m', '--max-time', '--connect-timeout', '--retry', '-A', '--user-agent', '-e', '--referer', '-c', '--cookie-jar', '--cacert', '--cert', '--key', '-x', '--proxy', '--resolve', '--limit-rate']);
const DATA_FLAGS = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode']);

function invalid(message: string, fr: string, path = 'command'): RelaisError {
  return new RelaisError('invalid_block', `The cURL command cannot be imported: ${message}.`, { fr: `La commande cURL ne peut pas être importée : ${fr}.`, issues: [{ path, message, fr }] });
}

function parseArgs(words: string[]): Parsed {
  const parsed: Parsed = { headers: [], data: [], form: [], get: false, warnings: [] };
  let i = words[0] === 'curl' || words[0]?.endsWith('/curl') || words[0] === 'curl.exe' ? 1 : 0;
  const value = (flag: string): string => {
    const next = words[++i];
    if (next === undefined) throw invalid(`${flag} needs a value`, `${flag} demande une valeur`);
    return next;
  };
  for (; i < words.length; i++) {
    let word = words[i];
    // --flag=value and -Xvalue forms.
    const long = /^(--[a-z-]+)=(.*)$/s.exec(word);
    if (long) {
      words.splice(i, 1, long[1], long[2]);
      word = long[1];
    } else if (/^-[XHdFuA][^-]/.test(word) && word.length > 2) {
      words.splice(i, 1, word.slice(0, 2), word.slice(2));
      word = words[i];
    }
    if (word === '-X' || word === '--request') parsed.method = value(word).toUpperCase();
    else if (word === '-H' || word === '--header') {
      const header = value(word);
      const colon = header.indexOf(':');
      if (colon <= 0) throw invalid(`the header "${header.slice(0, 40)}" has no "Name: value" form`, `l'en-tête "${header.slice(0, 40)}" n'a pas la forme "Nom: valeur"`);
      parsed.headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
    } else if (DATA_FLAGS.has(word)) {
      const data = value(word);
      if (data.startsWith('@') && word !== '--data-raw') throw invalid(`${word} ${data} reads a file, which an action cannot do; paste the body instead`, `${word} ${data} lit un fichier, ce qu'une action ne peut pas faire ; collez plutôt le corps`);
      parsed.data.push(word === '--data-urlencode' ? urlencodePair(data) : data);
    } else if (word === '--json') parsed.json = value(word);
    else if (word === '-F' || word === '--form') {
      const field = value(word);
      const eq = field.indexOf('=');
      if (eq <= 0) throw invalid(`the form field "${field.slice(0, 40)}" has no name=value form`, `le champ de formulaire "${field.slice(0, 40)}" n'a pas la forme nom=valeur`);
      if (field.slice(eq + 1).startsWith('@')) throw invalid(`the form field "${field.slice(0, eq)}" uploads a file, which an action cannot send`, `le champ de formulaire "${field.slice(0, eq)}" envoie un fichier, ce qu'une action ne peut pas envoyer`);
      parsed.form.push([field.slice(0, eq), field.slice(eq + 1).replace(/^"|"$/g, '')]);
    } else if (word === '-u' || word === '--user') parsed.user = value(word);
    else if (word === '--url') parsed.url = value(word);
    else if (word === '-G' || word === '--get') parsed.get = true;
    else if (word === '-I' || word === '--head') parsed.method = 'HEAD';
    else if (word === '-k' || word === '--insecure') parsed.warnings.push('-k/--insecure is ignored: an action always checks certificates');
    else if (IGNORED_WITH_VALUE.has(word)) value(word);
    else if (word.startsWith('-')) {
      // -s, -S, -L, -i, -v, --compressed, --location, --silent…: how curl behaves, not what it sends.
    } else if (parsed.url === undefined) parsed.url = word;
    else throw invalid(`two URLs ("${parsed.url.slice(0, 60)}" and "${word.slice(0, 60)}"); import one request at a time`, `deux URL ("${parsed.url.slice(0, 60)}" et "${word.slice(0, 60)}") ; importez une requête à la fois`);
  }
  return parsed;
}

/** --data-urlencode "name=value" sends name=<value percent-encoded>. */
function urlencodePair(data: string): string {
  const eq = data.indexOf('=');
  return eq < 0 ? encodeURIComponent(data) : `${data.slice(0, eq)}=${encodeURIComponent(data.slice(eq + 1))}`;
}

/** A query parameter name that carries a key (api_key, apikey, key, token, access_token, secret…). */
const isSecretParameter = (name: string) => /^(key|api[-_]?key|apikey|access[-_]?token|token|secret|client[-_]?secret|password|auth)$/i.test(name);

interface Extracted {
  credential?: CredentialShape;
  description?: string;
}

/** Takes the secrets out of the headers and the query, and returns the credential they make. */
function extractSecrets(parsed: Parsed, query: Array<[string, string]>): Extracted {
  const secretHeaders: Array<[string, string]> = [];
  let credential: CredentialShape | undefined;
  let description: string | undefined;
  parsed.headers = parsed.headers.filter(([name, value]) => {
    if (name.toLowerCase() === 'authorization') {
      const bearer = /^Bearer\s+(.+)$/i.exec(value);
      const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(value);
      if (bearer && !credential) {
        credential = { type: 'bearer', token: bearer[1].trim() };
        description = 'the Authorization: Bearer header';
      } else if (basic && !credential) {
        const pair = Buffer.from(basic[1], 'base64').toString('utf8');
        const colon = pair.indexOf(':');
        credential = { type: 'basic', username: colon < 0 ? pair : pair.slice(0, colon), password: colon < 0 ? '' : pair.slice(colon + 1) };
        description = 'the Authorization: Basic header';
      } else secretHeaders.push([name, value]);
      return false;
    }
    if (isSensitiveHeader(name)) {
      secretHeaders.push([name, value]);
      return false;
    }
    return true;
  });
  if (parsed.user !== undefined) {
    const colon = parsed.user.indexOf(':');
    const basic: CredentialShape = { type: 'basic', username: colon < 0 ? parsed.user : parsed.user.slice(0, colon), password: colon < 0 ? '' : parsed.user.slice(colon + 1) };
    if (credential) secretHeaders.push(['Authorization', `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`]);
    else {
      credential = basic;
      description = 'the -u user:password option';
    }
  }
  if (secretHeaders.length > 0) {
    if (credential) {
      // Several secrets: all of them go into one headers credential (the first one's scheme included).
      const first = credentialHeader(credential);
      credential = { type: 'headers', headers: Object.fromEntries([first, ...secretHeaders]) };
      description = `the headers ${[first[0], ...secretHeaders.map(([n]) => n)].join(', ')}`;
    } else if (secretHeaders.length === 1) {
      credential = { type: 'header', name: secretHeaders[0][0], value: secretHeaders[0][1] };
      description = `the ${secretHeaders[0][0]} header`;
    } else {
      credential = { type: 'headers', headers: Object.fromEntries(secretHeaders) };
      description = `the headers ${secretHeaders.map(([n]) => n).join(', ')}`;
    }
  }
  const keyIndex = query.findIndex(([name]) => isSecretParameter(name));
  if (keyIndex >= 0) {
    const [name, value] = query[keyIndex];
    if (credential) parsedWarning(parsed, `the query parameter "${name}" looks like a key; it was left in the query because the command already has a credential — move it into one`);
    else {
      credential = { type: 'query', name, value };
      description = `the ${name} query parameter`;
      query.splice(keyIndex, 1);
    }
  }
  return { credential, description };
}

const parsedWarning = (parsed: Parsed, message: string) => parsed.warnings.push(message);

function credentialHeader(credential: CredentialShape): [string, string] {
  switch (credential.type) {
    case 'bearer':
      return ['Authorization', `Bearer ${credential.token}`];
    case 'basic':
      return ['Authorization', `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`];
    case 'header':
      return [credential.name, credential.value];
    default:
      return ['Authorization', ''];
  }
}

/** Every `{{name}}` written in the texts, declared as an optional string variable (the user types them). */
function declaredPlaceholders(texts: string[]): ImportedVariable[] {
  const names = new Set<string>();
  for (const text of texts) {
    try {
      for (const part of parseTemplate(text, 'command')) if (part.kind === 'placeholder' && part.path.length === 1) names.add(part.name);
    } catch {
      // Not a template: parseBlock reports it.
    }
  }
  return [...names].map((name) => ({ name, type: 'string', description: `The ${name.replace(/_/g, ' ')}`, required: true }));
}

export function importCurl(command: string): CurlImport {
  if (typeof command !== 'string' || command.trim() === '') throw invalid('give a cURL command, e.g. curl https://api.example.com/orders -H "Authorization: Bearer …"', 'donnez une commande cURL, par ex. curl https://api.example.com/orders -H "Authorization: Bearer …"');
  const parsed = parseArgs(shellWords(command.trim()));
  if (parsed.url === undefined) throw invalid('it has no URL', "elle n'a pas d'URL");
  const rawUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(parsed.url) ? parsed.url : `https://${parsed.url}`;
  let url: URL;
  try {
    url = new URL(rawUrl.replace(/\{\{/g, '__relais_open__').replace(/\}\}/g, '__relais_close__'));
  } catch {
    throw invalid(`"${parsed.url.slice(0, 80)}" is not a URL`, `"${parsed.url.slice(0, 80)}" n'est pas une URL`, 'url');
  }
  if (url.username || url.password) {
    parsed.user ??= `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    url.username = '';
    url.password = '';
  }
  const restore = (text: string) => text.replace(/__relais_open__/g, '{{').replace(/__relais_close__/g, '}}');
  const query: Array<[string, string]> = [...url.searchParams.entries()].map(([k, v]) => [restore(k), restore(v)]);
  let body: string | undefined = parsed.json ?? (parsed.data.length > 0 ? parsed.data.join('&') : undefined);
  if (parsed.get && body !== undefined) {
    for (const pair of body.split('&')) {
      const eq = pair.indexOf('=');
      query.push(eq < 0 ? [decodeURIComponent(pair), ''] : [decodeURIComponent(pair.slice(0, eq)), decodeURIComponent(pair.slice(eq + 1))]);
    }
    body = undefined;
  }
  const method = parsed.method ?? (body !== undefined || parsed.form.length > 0 ? 'POST' : 'GET');
  if (!(HTTP_METHODS as readonly string[]).includes(method)) throw invalid(`the method ${method} is not one an action sends (${HTTP_METHODS.join(', ')})`, `la méthode ${method} n'est pas de celles qu'envoie une action (${HTTP_METHODS.join(', ')})`, 'http_method');
  const { credential, description: credentialSource } = extractSecrets(parsed, query);

  const parameters: ImportedBlock['data']['parameters'] = { action_type: 'http_request', http_method: method, url: restore(`${url.origin}${url.pathname}`), variables: [] };
  const headers = parsed.headers.filter(([name]) => !['content-length', 'host', 'accept-encoding'].includes(name.toLowerCase()));
  const contentType = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (parsed.json !== undefined && !headers.some(([n]) => n.toLowerCase() === 'accept')) headers.push(['Accept', 'application/json']);
  if (parsed.form.length > 0) {
    if (!(CONTENT_TYPES as readonly string[]).includes('multipart')) throw invalid('-F sends a multipart form, which this version of Relais cannot send; use -d or --json', "-F envoie un formulaire multipart, que cette version de Relais ne sait pas envoyer ; utilisez -d ou --json", 'content_type');
    parameters.content_type = 'multipart';
    parameters.body_json = JSON.stringify(Object.fromEntries(parsed.form));
  } else if (body !== undefined) {
    let json = false;
    try {
      JSON.parse(body);
      json = parsed.json !== undefined || contentType === undefined || /json/i.test(contentType);
    } catch {
      json = false;
    }
    if (json || (parsed.json !== undefined)) {
      parameters.content_type = 'json';
      parameters.body_json = body;
    } else {
      // curl -d sends application/x-www-form-urlencoded unless told otherwise; the bytes are kept as they are.
      parameters.content_type = 'text';
      parameters.body_text = body;
      if (contentType === undefined) headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
    }
  }
  const withoutContentType = parameters.content_type === 'json' ? headers.filter(([n]) => n.toLowerCase() !== 'content-type' || !/^application\/json\b/i.test(contentType ?? '')) : headers;
  if (withoutContentType.length > 0) parameters.headers_json = JSON.stringify(Object.fromEntries(withoutContentType));
  if (query.length > 0) {
    const grouped: Record<string, string | string[]> = {};
    for (const [name, value] of query) {
      const seen = grouped[name];
      grouped[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    parameters.query_json = JSON.stringify(grouped);
  }
  const host = url.hostname;
  const credentialName = identifier(host.replace(/^(www|api)\./, ''), 'api');
  let imported: ImportedCredential | undefined;
  if (credential) {
    parameters.credential = credentialName;
    imported = { name: credentialName, type: credential.type, credential, description: `taken from ${credentialSource}` };
  }
  parameters.variables = declaredPlaceholders([parameters.url, parameters.query_json ?? '', parameters.headers_json ?? '', parameters.body_json ?? '', parameters.body_text ?? '']);
  const path = restore(url.pathname);
  const block: ImportedBlock = {
    id: identifier(`${method}_${host}_${path}`, 'curl_request'),
    type: 'action',
    data: {
      label: `${method} ${host}${path}`.slice(0, 120),
      subtitle: 'Imported from cURL',
      channel: 'http',
      description: actionDescription([], `Calls ${method} ${host}${path}`),
      parameters,
    },
  };
  parseBlock(block);
  return credential ? { block, credential: imported, warnings: parsed.warnings } : { block, warnings: parsed.warnings };
}
