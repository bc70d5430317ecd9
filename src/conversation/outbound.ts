// What the conversation client accepts, made into the platform's wire form: metaData values become
// strings (the platform stores strings only; objects are refused rather than guessed at), and a
// visitor's pick of a button or a carousel card carries the button's text, with `cardIndex` for a card,
// as the platform's "Sending messages" page asks. A link button is never sent back: it opens its URL.
import { RelaisError, type RelaisIssue } from '../errors';
import type { MetaData } from './wire';

export interface MetaDataInput {
  key: string;
  /** Numbers and booleans are sent as their text; objects, arrays and null are refused. */
  value: string | number | boolean;
  /** Ask the platform to sanitise the value (personal data). */
  sanitize?: boolean;
}

/** A button as events carry it (AgentButton), or as the platform publishes it. */
export interface PickedButton {
  text: string;
  type?: 'button' | 'link' | string;
}

export type MessageInput = string | { text?: string; cardIndex?: number; button?: PickedButton };

function invalid(what: string, issues: RelaisIssue[]): RelaisError {
  return new RelaisError('conversation_error', `The ${what} is not valid: ${RelaisError.issueList(issues)}.`, {
    fr: `Le champ ${what} n'est pas valide : ${RelaisError.issueListFr(issues, ' : ')}.`,
    issues,
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One or several `{key, value, sanitize?}` as the wire's array with string values. */
export function toMetaData(input: MetaDataInput | MetaDataInput[]): MetaData[] {
  const items = Array.isArray(input) ? input : [input];
  const issues: RelaisIssue[] = [];
  const out = items.map((item, index) => {
    const path = Array.isArray(input) ? `metaData.${index}` : 'metaData';
    if (!isRecord(item)) {
      issues.push({ path, message: 'expected {key, value, sanitize?}', fr: '{key, value, sanitize?} est attendu' });
      return undefined;
    }
    const value: unknown = item.value;
    let text: string | undefined;
    if (typeof value === 'string') text = value;
    else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') text = String(value);
    else {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
      issues.push({
        path: `${path}.value`,
        message: `is ${kind}; the platform stores text only: send a string, a number or a boolean (JSON.stringify an object yourself if you mean to store JSON)`,
        fr: `est de type ${kind} ; la plateforme ne stocke que du texte : envoyez une chaîne, un nombre ou un booléen (appliquez vous-même JSON.stringify à un objet si vous voulez stocker du JSON)`,
      });
    }
    return { ...item, value: text } as MetaData;
  });
  if (issues.length > 0) throw invalid('metaData', issues);
  return out as MetaData[];
}

/** The `text` / `cardIndex` of a message event. */
export function toChatMessage(input: MessageInput): { text?: string; cardIndex?: number } & Record<string, unknown> {
  if (typeof input === 'string') return { text: input };
  if (!isRecord(input)) throw invalid('message', [{ path: 'message', message: 'expected a text or {text?, cardIndex?, button?}', fr: 'un texte ou {text?, cardIndex?, button?} est attendu' }]);
  const { button, ...rest } = input;
  let text = rest.text;
  if (button !== undefined) {
    if (!isRecord(button) || typeof button.text !== 'string' || !button.text) throw invalid('message', [{ path: 'button.text', message: 'the picked button needs its text', fr: 'le bouton choisi a besoin de son texte' }]);
    if (button.type === 'link') {
      throw invalid('message', [{ path: 'button', message: 'a link button opens its URL in the visitor\'s browser; it is never sent back to the agent', fr: "un bouton lien ouvre son URL dans le navigateur du visiteur ; il n'est jamais renvoyé à l'agent" }]);
    }
    text = button.text;
  }
  if (rest.cardIndex !== undefined && (text === undefined || text === '')) {
    throw invalid('message', [{ path: 'text', message: 'a card pick carries the picked button\'s text with cardIndex, as the platform asks', fr: 'le choix d\'une carte porte le texte du bouton choisi avec cardIndex, comme le demande la plateforme' }]);
  }
  // Anything else given is kept, so the wire schema refuses it by name rather than it being dropped.
  return { ...rest, ...(text === undefined ? {} : { text }) };
}
