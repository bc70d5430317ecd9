// "Appeler une source HTTP" (seed 001 block 2), extended with seed 002's custom API actions: typed
// variables, query parameters, named credentials, response pre-filtering (seed 000), retries.
// Templated parameters (url, headers_json, query_json, body_json, body_text) are checked here, when
// the block is parsed, so a broken template is reported before anything runs.
import { z } from 'zod/v4';
import { RelaisError } from '../errors';
import { checkExpression } from '../filter/expression';
import { filterSchema } from '../filter/schema';
import { RESERVED_HEADERS } from '../http/reserved-headers';
import { HEADER_CONTROL, HEADER_NON_LATIN1 } from '../template/headers';
import { parseJsonTemplate } from '../template/json-template';
import { parseTemplate } from '../template/parse';
import { parseUrlTemplate } from '../template/url';
import { variableDefinitionsSchema } from '../variables/definition';
import type { ActionDefinition } from './definition';
import type { FieldMeta } from './fields';
import { booleanFromText, describeValue, jsonFromText, numberFromText, oneOf, requiredText, text } from './params';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const CONTENT_TYPES = ['json', 'text', 'form', 'multipart'] as const;

/** RFC 9110 token, starting with a letter or digit. */
const HEADER_NAME = /^[A-Za-z0-9][!#$%&'*+\-.^_`|~0-9A-Za-z]*$/;
/** Headers the transport owns: letting a block set them would desynchronise or redirect the request. */

/** Turns a RelaisError thrown by a parser (template, JMESPath) into a zod issue on the current field. */
function templateIssue(check: () => void, ctx: z.RefinementCtx, path: string[] = []): boolean {
  try {
    check();
    return true;
  } catch (error) {
    if (!(error instanceof RelaisError)) throw error;
    ctx.addIssue({ code: 'custom', continue: false, path, message: error.issues[0]?.message ?? error.message });
    return false;
  }
}

const scalarText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

const headersSchema = z.unknown().transform((raw, ctx): Record<string, string> => {
  const headers: Record<string, string> = Object.create(null);
  if (raw === undefined) return headers;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.addIssue({ code: 'custom', continue: false, message: 'must be a JSON object of header names and values, e.g. {"X-Api-Version": "2"}' });
    return z.NEVER;
  }
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(raw)) {
    const lower = name.toLowerCase();
    const text = scalarText(value);
    if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', continue: false, path: [name], message: `"${name}" is not a valid header name` });
    else if (RESERVED_HEADERS.has(lower)) ctx.addIssue({ code: 'custom', continue: false, path: [name], message: `the ${name} header is set by the transport and cannot be set here` });
    else if (seen.has(lower)) ctx.addIssue({ code: 'custom', continue: false, path: [name], message: `the ${name} header appears twice` });
    else if (text === undefined) ctx.addIssue({ code: 'custom', continue: false, path: [name], message: `must be text (got ${describeValue(value)})` });
    else if (HEADER_CONTROL.test(text)) ctx.addIssue({ code: 'custom', continue: false, path: [name], message: 'holds a line break or another control character, which is not allowed in a header' });
    else if (HEADER_NON_LATIN1.test(text)) ctx.addIssue({ code: 'custom', continue: false, path: [name], message: 'holds characters an HTTP header cannot carry (only Latin-1 text)' });
    else if (templateIssue(() => parseTemplate(text, `headers_json.${name}`), ctx)) headers[name] = text;
    seen.add(lower);
  }
  return headers;
});

/** query_json: names to a value or a list of values (repeated parameter); values may hold placeholders. */
const querySchema = z.unknown().transform((raw, ctx): Record<string, string | string[]> => {
  const query: Record<string, string | string[]> = Object.create(null);
  if (raw === undefined) return query;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.addIssue({ code: 'custom', continue: false, message: 'must be a JSON object of query parameters, e.g. {"include": "orders", "limit": "100"}' });
    return z.NEVER;
  }
  for (const [name, value] of Object.entries(raw)) {
    if (name === '') {
      ctx.addIssue({ code: 'custom', continue: false, message: 'a query parameter name cannot be empty' });
      continue;
    }
    const texts = (Array.isArray(value) ? value : [value]).map(scalarText);
    if (texts.some((t) => t === undefined)) {
      ctx.addIssue({ code: 'custom', continue: false, path: [name], message: `must be text, a number, a boolean or an array of them (got ${describeValue(value)})` });
    } else if (texts.every((t) => templateIssue(() => parseTemplate(t!, `query_json.${name}`), ctx))) {
      query[name] = Array.isArray(value) ? (texts as string[]) : texts[0]!;
    }
  }
  return query;
});

/** body_json: JSON text where placeholders may stand as values or inside strings; kept as text. */
const bodyJsonSchema = z.unknown().transform((raw, ctx): string => {
  if (raw === undefined || raw === null) return '';
  const source = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (source.trim() === '') return '';
  return templateIssue(() => parseJsonTemplate(source, 'body_json'), ctx) ? source : z.NEVER;
});

const templatedText = (max: number, where: string) =>
  text({ max }).transform((value, ctx) => (value === '' || templateIssue(() => parseTemplate(value, where), ctx) ? value : z.NEVER));

const urlSchema = requiredText('the URL to call, e.g. https://api.example.com/orders/{{order_number}}', { trim: true, max: 8000 }).transform((url, ctx) =>
  templateIssue(() => parseUrlTemplate(url, 'url'), ctx) ? url : z.NEVER,
);

/** Bounds of the retry settings; the hosts' forms show the same ones (src/adapter/subfields.ts). */
export const RETRY_LIMITS = { attempts: 5, base_delay_ms: 60_000 } as const;

const retrySchema = z
  .object({
    attempts: numberFromText({ min: 0, max: RETRY_LIMITS.attempts, default: 0, integer: true }),
    base_delay_ms: numberFromText({ min: 0, max: RETRY_LIMITS.base_delay_ms, default: undefined, integer: true }),
  })
  .strict();

const schema = z
  .object({
    http_method: oneOf(HTTP_METHODS),
    url: urlSchema,
    content_type: oneOf(CONTENT_TYPES, 'json'),
    headers_json: jsonFromText(z.unknown(), '{"Authorization": "Bearer …"}').pipe(headersSchema),
    body_json: bodyJsonSchema,
    body_text: templatedText(1_000_000, 'body_text'),
    timeout_seconds: numberFromText({ min: 1, max: 60, default: 10 }),
    query_json: jsonFromText(z.unknown(), '{"include": "orders"}').pipe(querySchema),
    credential: text({ trim: true, max: 200 }).transform((name) => (name === '' ? undefined : name)),
    variables: variableDefinitionsSchema,
    filter: jsonFromText(filterSchema, '{"expression": "orders[].{id: id, status: status}", "max_items": 5}').transform((filter, ctx) =>
      // A broken JMESPath expression is a configuration error: report it when the block is parsed.
      filter?.expression === undefined || templateIssue(() => checkExpression(filter.expression!), ctx, ['expression']) ? filter : z.NEVER,
    ),
    retry: jsonFromText(retrySchema, '{"attempts": 2, "base_delay_ms": 200}'),
    allow_http: booleanFromText(false),
    allow_private_network: booleanFromText(false),
  })
  .strict();

export type HttpRequestParams = z.infer<typeof schema>;

const whenJson = { field: 'content_type', values: ['json', 'form', 'multipart'] };
const whenText = { field: 'content_type', values: ['text'] };

const fields: FieldMeta[] = [
  {
    name: 'http_method',
    kind: 'options',
    label: { en: 'Method', fr: 'Méthode' },
    help: { en: 'GET, POST, PUT, PATCH or DELETE.', fr: 'GET, POST, PUT, PATCH, DELETE.' },
    default: 'GET',
    required: true,
    options: HTTP_METHODS.map((method) => ({ value: method, label: { en: method, fr: method } })),
  },
  {
    name: 'url',
    kind: 'string',
    label: { en: 'URL', fr: 'URL' },
    help: {
      en: 'URL to call. Must be HTTPS in production; https:// is added when missing. {{placeholders}} may be used after the host: https://api.example.com/orders/{{order_number}}.',
      fr: "URL appelée. Doit être une URL HTTPS en production ; https:// est ajouté s'il manque. Des {{espaces réservés}} peuvent suivre l'hôte : https://api.example.com/orders/{{order_number}}.",
    },
    placeholder: 'https://api.example.com/orders/{{order_number}}',
    required: true,
    templated: true,
  },
  {
    name: 'credential',
    kind: 'credential',
    label: { en: 'Authentication', fr: 'Authentification' },
    help: {
      en: 'Credential to use (bearer token, basic, header, body, query, several headers or OAuth2 client credentials). Empty: no authentication.',
      fr: 'Identifiants à utiliser (jeton bearer, basic, en-tête, corps, paramètre de requête, plusieurs en-têtes ou OAuth2 client credentials). Vide : pas d’authentification.',
    },
    default: '',
  },
  {
    name: 'variables',
    kind: 'variables',
    label: { en: 'Variables', fr: 'Variables' },
    help: {
      en: 'What the agent must collect before calling: name, type (string, integer, float, boolean, date, email, phone), description, example, required, default.',
      fr: "Ce que l'agent doit recueillir avant l'appel : nom, type (string, integer, float, boolean, date, email, phone), description, exemple, obligatoire, valeur par défaut.",
    },
    default: '',
  },
  {
    name: 'content_type',
    kind: 'options',
    label: { en: 'Content type', fr: 'Type de contenu' },
    help: {
      en: 'json (default), text, form (application/x-www-form-urlencoded) or multipart (multipart/form-data). For form and multipart, Body (JSON) is an object whose keys are the fields; each value is encoded on its own.',
      fr: 'json (par défaut), text, form (application/x-www-form-urlencoded) ou multipart (multipart/form-data). Pour form et multipart, le corps (JSON) est un objet dont les clés sont les champs ; chaque valeur est encodée séparément.',
    },
    default: 'json',
    options: [
      { value: 'json', label: { en: 'JSON', fr: 'JSON' } },
      { value: 'text', label: { en: 'Text', fr: 'Texte' } },
      { value: 'form', label: { en: 'Form (URL-encoded)', fr: 'Formulaire (URL-encoded)' } },
      { value: 'multipart', label: { en: 'Multipart form', fr: 'Formulaire multipart' } },
    ],
  },
  {
    name: 'headers_json',
    kind: 'json',
    label: { en: 'Headers (JSON)', fr: 'En-têtes (JSON)' },
    help: {
      en: 'HTTP headers as JSON text. Prefer a credential for tokens; a token written here is still redacted from every output.',
      fr: "En-têtes HTTP au format JSON en texte. Inclure ici un token d'authentification si nécessaire (il est masqué partout) ; préférez des identifiants.",
    },
    placeholder: '{"X-Api-Version": "2"}',
    default: '',
    templated: true,
  },
  {
    name: 'query_json',
    kind: 'json',
    label: { en: 'Query parameters (JSON)', fr: 'Paramètres de requête (JSON)' },
    help: {
      en: 'Query parameters as a JSON object; values may use {{placeholders}} and are encoded.',
      fr: 'Paramètres de requête en objet JSON ; les valeurs peuvent utiliser des {{espaces réservés}} et sont encodées.',
    },
    placeholder: '{"include": "orders", "limit": "100"}',
    default: '',
    templated: true,
  },
  {
    name: 'body_json',
    kind: 'json',
    label: { en: 'Body (JSON)', fr: 'Corps (JSON)' },
    help: {
      en: 'Request body as JSON text; {{placeholders}} may stand as values or inside strings, and typed variables keep their JSON type.',
      fr: 'Corps de la requête au format JSON en texte ; les {{espaces réservés}} peuvent remplacer une valeur ou figurer dans un texte, et les variables typées gardent leur type JSON.',
    },
    placeholder: '{"customer_id": "{{customer_id}}"}',
    default: '',
    templated: true,
    showWhen: whenJson,
  },
  {
    name: 'body_text',
    kind: 'text',
    label: { en: 'Body (text)', fr: 'Corps (texte)' },
    help: { en: 'Request body as plain text; may use {{placeholders}}.', fr: 'Corps de la requête en texte brut ; peut utiliser des {{espaces réservés}}.' },
    default: '',
    templated: true,
    showWhen: whenText,
  },
  {
    name: 'filter',
    kind: 'filter',
    label: { en: 'Response filter', fr: 'Filtre de la réponse' },
    help: {
      en: 'Give the model only what it needs: a JMESPath expression, paths to keep or drop, first N items, a maximum length per text and in total.',
      fr: "Ne donner au modèle que ce dont il a besoin : expression JMESPath, chemins à garder ou retirer, N premiers éléments, longueur maximale par texte et au total.",
    },
    default: '',
  },
  {
    name: 'timeout_seconds',
    kind: 'number',
    label: { en: 'Timeout (seconds)', fr: "Délai d'attente (secondes)" },
    help: { en: 'Timeout in seconds. 10 by default, at most 60.', fr: "Délai d'attente en secondes. 10 par défaut, maximum 60." },
    default: 10,
    min: 1,
    max: 60,
    step: 1,
    advanced: true,
  },
  {
    name: 'retry',
    kind: 'retry',
    label: { en: 'Retries', fr: 'Nouvelles tentatives' },
    help: {
      en: 'Extra attempts (0 to 5) after connection failures, 429 and 502/503/504, for GET, PUT, DELETE (POST and PATCH only with an Idempotency-Key header).',
      fr: 'Tentatives supplémentaires (0 à 5) après un échec de connexion, 429 et 502/503/504, pour GET, PUT, DELETE (POST et PATCH seulement avec un en-tête Idempotency-Key).',
    },
    default: '',
    advanced: true,
  },
  {
    name: 'allow_http',
    kind: 'boolean',
    label: { en: 'Allow http://', fr: 'Autoriser http://' },
    help: { en: 'Allow unencrypted http:// URLs (trusted networks only).', fr: 'Autoriser les URL http:// non chiffrées (réseaux de confiance uniquement).' },
    default: false,
    advanced: true,
  },
  {
    name: 'allow_private_network',
    kind: 'boolean',
    label: { en: 'Allow private network', fr: 'Autoriser le réseau privé' },
    help: {
      en: 'Allow private, loopback and link-local addresses (internal services).',
      fr: 'Autoriser les adresses privées, locales et de lien local (services internes).',
    },
    default: false,
    advanced: true,
  },
];

export const httpRequestDefinition: ActionDefinition<typeof schema> = {
  action_type: 'http_request',
  title: { en: 'Call an HTTP source', fr: 'Appeler une source HTTP' },
  description: {
    en: 'Sends an HTTP call to an external service (CRM, ERP, spreadsheet, internal tool).',
    fr: 'Envoie un appel HTTP à un service externe (CRM, ERP, tableur, outil interne).',
  },
  nodeRed: { type: 'relais-http-request' },
  n8n: { name: 'relaisHttpRequest', displayName: 'Relais HTTP Request' },
  fields,
  schema,
};
