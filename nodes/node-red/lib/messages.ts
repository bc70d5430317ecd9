// Messages shared by every Relais node, in English and French. The build (scripts/generate/
// node-red-forms.mjs) writes them under the key "relais" into each node's locale catalogue
// (locales/en-US/<node>.json, locales/fr/<node>.json), so runtime code says RED._('relais.status.…')
// whatever the node, and the editor forms use data-i18n="relais.…". Error lines come from the core's
// FALLBACK_LINES and the filter/retry labels from src/adapter, so nothing is translated twice.
import { FALLBACK_LINES, ERROR_CODES } from '../../../src/errors';
import { FILTER_SUBFIELDS, RETRY_SUBFIELDS, VARIABLE_COLUMNS } from '../../../src/adapter';

type Language = 'en' | 'fr';
type Catalogue = { [key: string]: string | Catalogue };

const both = (en: string, fr: string) => ({ en, fr });

/** Node-RED interpolates `__name__`. */
const COMMON = {
  name: both('Name', 'Nom'),
  advanced: both('Advanced', 'Avancé'),
  choice: { default: both('default', 'par défaut'), yes: both('yes', 'oui'), no: both('no', 'non') },
  status: {
    requesting: both('requesting…', 'requête…'),
    running: both('running…', 'en cours…'),
    ok: both('ok', 'ok'),
    listening: both('listening on __path__', 'écoute sur __path__'),
    waiting: both('__count__ waiting for a reply', '__count__ en attente de réponse'),
    answered: both('answered', 'répondu'),
    not_configured: both('not configured', 'non configuré'),
    no_secret: both('no secret set', 'aucun secret défini'),
    listening_unsecured: both('listening on __path__ without a secret (testing only)', 'écoute sur __path__ sans secret (tests uniquement)'),
  },
  outputs: {
    ok: both('result', 'résultat'),
    failure: both('failure', 'échec'),
    events: both('events', 'événements'),
  },
  tool_nodes: {
    label: both('Tools (nodes)', 'Outils (nœuds)'),
    help: both(
      'The HTTP request and block nodes of this workspace the AI may call before answering; their variables are what it fills in. Name them well: the name is what the AI reads.',
      "Les nœuds de requête HTTP et de bloc de cet espace de travail que l'IA peut appeler avant de répondre ; leurs variables sont ce qu'elle remplit. Nommez-les bien : l'IA lit leur nom.",
    ),
    none: both('No relais-http-request or relais-block node in this workspace yet.', "Aucun nœud relais-http-request ou relais-block dans cet espace de travail pour l'instant."),
  },
  config: {
    credential: both('Authentication', 'Authentification'),
    store: both('Contact store', 'Base de contacts'),
    provider: both('AI provider', 'Fournisseur IA'),
    platform: both('Agent platform', "Plateforme d'agent"),
  },
  variables: {
    add: both('variable', 'variable'),
    types: {
      string: both('text', 'texte'),
      integer: both('integer', 'entier'),
      float: both('decimal', 'décimal'),
      boolean: both('yes/no', 'oui/non'),
      date: both('date', 'date'),
      email: both('email', 'email'),
      phone: both('phone', 'téléphone'),
    },
    columns: {
      name: both('Name', 'Nom'),
      type: both('Type', 'Type'),
      description: both('Description', 'Description'),
      example: both('Example', 'Exemple'),
      required: both('Required', 'Obligatoire'),
      default: both('Default', 'Défaut'),
    } satisfies Record<(typeof VARIABLE_COLUMNS)[number], { en: string; fr: string }>,
  },
  editor: {
    import: both('Import…', 'Importer…'),
    test: both('Test', 'Tester'),
    import_hint: both('Paste a cURL command, an OpenAPI description (JSON or YAML) or its https:// URL.', 'Collez une commande cURL, une description OpenAPI (JSON ou YAML) ou son URL https://.'),
    read: both('Read', 'Lire'),
    use: both('Fill the form', 'Remplir le formulaire'),
    operations: both('operations', 'opérations'),
    filled: both('Form filled from the import. Check it, then Done.', 'Formulaire rempli depuis l’import. Vérifiez-le, puis Terminé.'),
    credential_added: both('An authentication config "__name__" was added for the secret; fill in or check its value, then deploy.', 'Une configuration d’authentification « __name__ » a été ajoutée pour le secret ; renseignez ou vérifiez sa valeur, puis déployez.'),
    credential_kind: both('This API needs a __kind__ credential: add it to a relais-auth configuration.', 'Cette API demande des identifiants __kind__ : ajoutez-les à une configuration relais-auth.'),
    preview: both('Request that would be sent (secrets redacted), with each variable\'s example:', 'Requête qui serait envoyée (secrets masqués), avec l’exemple de chaque variable :'),
    send: both('Send it', 'L’envoyer'),
    result: both('Result given to the model:', 'Résultat donné au modèle :'),
    failed: both('Failed', 'Échec'),
    fallback: both('Fallback line', 'Phrase de repli'),
    deploy_first: both('Deploy first so a new authentication config can be used by Test.', 'Déployez d’abord pour que Tester utilise une nouvelle configuration d’authentification.'),
  },
  errors: {
    no_platform: both('Select an agent platform configuration (bot id and API key).', "Choisissez une configuration de plateforme d'agent (bot id et clé d'API)."),
    no_block: both('No block: set one in the node or send it as msg.block.', "Aucun bloc : définissez-en un dans le nœud ou envoyez-le dans msg.block."),
    no_pending: both(
      'No agent request is waiting for this reply (already answered or timed out). Keep msg._relaisReplyId from relais-agent-events.',
      "Aucune requête de l'agent n'attend cette réponse (déjà répondue ou délai dépassé). Conservez msg._relaisReplyId venant de relais-agent-events.",
    ),
    path_in_use: both('Another relais-agent-events node already listens on this path.', 'Un autre nœud relais-agent-events écoute déjà sur ce chemin.'),
    no_secret: both(
      'Set a shared secret or an HMAC secret: without one anybody can post events to this webhook. For a test setup only, tick "No secret (testing only)".',
      "Définissez un secret partagé ou un secret HMAC : sans secret, n'importe qui peut envoyer des événements à ce webhook. Pour des tests uniquement, cochez « Sans secret (tests uniquement) ».",
    ),
    no_http: both('Node-RED has no HTTP node server (httpNodeRoot is false).', "Node-RED n'a pas de serveur HTTP pour les nœuds (httpNodeRoot vaut false)."),
    hmac_body_read: both(
      'HMAC verification cannot work with these settings: Node-RED\'s admin app (httpAdminRoot "__admin__") reads every JSON body before this node, so every signed delivery is refused (missing_signature). Set httpAdminRoot to another path, e.g. "/admin", in settings.js, or use the shared secret alone.',
      "La vérification HMAC ne peut pas fonctionner avec ces réglages : l'application d'administration de Node-RED (httpAdminRoot « __admin__ ») lit chaque corps JSON avant ce nœud, donc toute livraison signée est refusée (missing_signature). Donnez à httpAdminRoot un autre chemin, par exemple « /admin », dans settings.js, ou utilisez le secret partagé seul.",
    ),
  },
  help: {
    inputs: both('Inputs', 'Entrées'),
    outputs: both('Outputs', 'Sorties'),
    details: both('Details', 'Détails'),
    in_variables: both('Values of the declared variables, by name. When absent and msg.payload is an object, msg.payload is used.', "Valeurs des variables déclarées, par nom. Si absent et que msg.payload est un objet, msg.payload est utilisé."),
    in_contact: both('The contact: id, first_name, last_name, email, phone_number.', 'Le contact : id, first_name, last_name, email, phone_number.'),
    in_agent: both('The agent: id, name, number.', "L'agent : id, name, number."),
    in_direction: both('inbound or outbound.', 'inbound ou outbound.'),
    in_medium: both('phone, web, whatsapp…', 'phone, web, whatsapp…'),
    out_payload: both('The result of the action.', "Le résultat de l'action."),
    out_relais: both('Metadata: status, duration_ms, truncated, the request sent (secrets redacted).', 'Métadonnées : status, duration_ms, truncated, la requête envoyée (secrets masqués).'),
    out_error: both(
      'The failure: code, status, message, fallback (a line for the customer), issues. message, issues and fallback are in French when Node-RED runs in French.',
      "L'échec : code, status, message, fallback (une phrase pour le client), issues. message, issues et fallback sont en français quand Node-RED tourne en français.",
    ),
    failure_rule: both(
      'When the failure output is wired, failures go there only. When it is not wired, the node reports the error to Catch nodes (msg.error.code; the full error is in msg._error).',
      "Si la sortie d'échec est reliée, les échecs n'y vont que là. Sinon le nœud signale l'erreur aux nœuds Catch (msg.error.code ; l'erreur complète est dans msg._error).",
    ),
  },
} as const;

function pick(tree: unknown, language: Language): Catalogue {
  const out: Catalogue = {};
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const leaf = value as { en?: unknown; fr?: unknown };
    out[key] = typeof leaf.en === 'string' && typeof leaf.fr === 'string' ? (leaf[language] as string) : pick(value, language);
  }
  return out;
}

function subFieldMessages(language: Language): Catalogue {
  const out: Catalogue = {};
  for (const [group, list] of [['filter', FILTER_SUBFIELDS], ['retry', RETRY_SUBFIELDS]] as const) {
    const entries: Catalogue = {};
    for (const sub of list) entries[sub.key] = { label: sub.label[language], help: sub.help[language] };
    out[group] = entries;
  }
  return out;
}

/** The "relais" section of every Relais node catalogue, for one language. */
export function commonMessages(language: Language): Catalogue {
  const fallback: Catalogue = {};
  for (const code of ERROR_CODES) fallback[code] = FALLBACK_LINES[code][language];
  return { ...pick(COMMON, language), fallback, sub: subFieldMessages(language) };
}

/** A common text in one language, read from the table itself (no catalogue lookup): the English and
 * the French of an error the node raises, whatever language the runtime speaks. */
export function commonText(language: Language, key: string): string {
  let node: unknown = commonMessages(language);
  for (const part of key.split('.')) node = (node as Catalogue | undefined)?.[part];
  return typeof node === 'string' ? node : key;
}

/**
 * RED._ for a common key, falling back to the English text when no catalogue answers (RED._ returns
 * the key itself then, as in the unit-test helper), so a status or an error is never a bare key.
 */
export function translate(red: (key: string, substitutions?: Record<string, unknown>) => string, key: string, substitutions: Record<string, unknown> = {}): string {
  const full = `relais.${key}`;
  const text = red(full, substitutions);
  if (text !== full) return text;
  let node: unknown = commonMessages('en');
  for (const part of key.split('.')) node = (node as Catalogue | undefined)?.[part];
  const english = typeof node === 'string' ? node : key;
  return english.replace(/__(\w+)__/g, (_match, name: string) => String(substitutions[name] ?? ''));
}
