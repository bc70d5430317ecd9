// Which action a seed 001 block is. Most blocks say it (`parameters.action_type`), but the sales task
// of seed 001 does not; then the block's channel, id and parameter names decide, in that order.
import { RelaisError } from '../errors';
import { ACTION_TYPES, type ActionType } from './fields';

const BY_CHANNEL: Record<string, ActionType> = { http: 'http_request', crm: 'crm_upsert', ai: 'ai_reply' };

/** Words in a block id, most specific first (seed 001 ids: create-sales-task, http-notify, …). */
const BY_ID_WORD: Array<[RegExp, ActionType]> = [
  [/(^|[-_])(sales|task|tache)([-_]|$)/i, 'sales_task'],
  [/(^|[-_])tag([-_]|$)/i, 'tag_contact'],
  [/(^|[-_])crm([-_]|$)/i, 'crm_upsert'],
  [/(^|[-_])(http|api|webhook)([-_]|$)/i, 'http_request'],
  [/(^|[-_])ai([-_]|$)/i, 'ai_reply'],
];

/** Parameter names only one action has. */
const BY_PARAMETER: Array<[string, ActionType]> = [
  ['assignation', 'sales_task'],
  ['priorite', 'sales_task'],
  ['tag', 'tag_contact'],
  ['crm_champ_email', 'crm_upsert'],
  ['crm_champ_telephone', 'crm_upsert'],
  ['url', 'http_request'],
  ['http_method', 'http_request'],
  ['body_source', 'ai_reply'],
];

export function isActionType(value: unknown): value is ActionType {
  return typeof value === 'string' && (ACTION_TYPES as readonly string[]).includes(value);
}

/**
 * The action type of a block. `declared` is `parameters.action_type` (must be exact when present);
 * `path` is where it sits, for the error.
 */
export function inferActionType(block: { id?: unknown; channel?: unknown; parameters: Record<string, unknown> }, path: string): ActionType {
  const declared = block.parameters.action_type;
  if (declared !== undefined && declared !== '') {
    if (isActionType(declared)) return declared;
    const message = `must be exactly one of ${ACTION_TYPES.join(', ')} (got ${JSON.stringify(declared)})`;
    const fr = `doit être exactement l'un de ${ACTION_TYPES.join(', ')} (reçu ${JSON.stringify(declared)})`;
    throw new RelaisError('invalid_block', `${path}: ${message}`, { fr: `${path} : ${fr}`, issues: [{ path, message, fr }] });
  }
  const candidates = new Set<ActionType>();
  const channel = typeof block.channel === 'string' ? block.channel.trim().toLowerCase() : '';
  if (channel === 'commercial') candidates.add('tag' in block.parameters ? 'tag_contact' : 'sales_task');
  else if (BY_CHANNEL[channel]) candidates.add(BY_CHANNEL[channel]);
  if (candidates.size === 0 && typeof block.id === 'string') {
    const byId = BY_ID_WORD.find(([pattern]) => pattern.test(block.id as string));
    if (byId) candidates.add(byId[1]);
  }
  if (candidates.size === 0) {
    for (const [name, type] of BY_PARAMETER) if (name in block.parameters) candidates.add(type);
  }
  if (candidates.size === 1) return [...candidates][0];
  const found = candidates.size > 1 ? ` (its parameters fit ${[...candidates].join(' and ')})` : '';
  const message = `cannot tell which action this block is${found}; add "action_type" to the parameters, one of ${ACTION_TYPES.join(', ')}`;
  const foundFr = candidates.size > 1 ? ` (ses paramètres conviennent à ${[...candidates].join(' et ')})` : '';
  const fr = `impossible de savoir quelle action est ce bloc${foundFr} ; ajoutez "action_type" aux paramètres, l'un de ${ACTION_TYPES.join(', ')}`;
  throw new RelaisError('invalid_block', `${path}: ${message}`, { fr: `${path} : ${fr}`, issues: [{ path, message, fr }] });
}
