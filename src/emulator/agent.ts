// The emulator's scripted agent: enough behaviour to exercise every event of the wire format, in
// English and French. A welcome with buttons on start; a carousel for "catalogue"/"products"; an
// order lookup through the `lookup_order` action trigger whose results it reads back; isTeamOnline then
// escalate when the visitor asks for a human. Language: metadata `language`/`locale`, else the words used.
import { SANITIZED, type EmulatorSession } from './sessions';

/** A button as the platform publishes it: its text is what the visitor sees and sends back (unless a link). */
export interface WireButton {
  text: string;
  type: 'button' | 'link';
}

export interface WireCard {
  title: string;
  description?: string;
  imageUrl?: string;
  buttons: WireButton[];
}

export interface AgentMessage {
  /** Which scripted reply this is: the platform's replyId is derived from it (one id per reply, as in its dashboard). */
  reply: string;
  text: string;
  buttons?: WireButton[];
  carouselCards?: WireCard[];
  /** How sure the agent is of this reply (0–1). */
  confidence: number;
}

/** What the agent can do on the platform; the server wires these to the webhooks. */
export interface AgentIO {
  say(message: AgentMessage): Promise<void>;
  /** The action's results, or undefined when the integration failed to answer. */
  action(name: string, data: Array<{ key: string; value: string }>): Promise<Array<{ key: string; value: string; sanitize?: boolean }> | undefined>;
  isTeamOnline(teamId: string): Promise<boolean>;
  escalate(escalateTo: string): Promise<void>;
}

export type AgentTurn = { kind: 'start'; resumed: boolean } | { kind: 'message'; text?: string; cardIndex?: number };

export const LOOKUP_ORDER_ACTION = 'lookup_order';
export const SUPPORT_TEAM = 'support';

const PRODUCTS: Array<{ en: string; fr: string; price: string }> = [
  { en: 'Trail running shoes', fr: 'Chaussures de trail', price: '89 €' },
  { en: 'Waterproof jacket', fr: 'Veste imperméable', price: '129 €' },
  { en: 'Merino socks (pair)', fr: 'Chaussettes mérinos (paire)', price: '15 €' },
];

const TEXTS = {
  en: {
    welcome: (name?: string) => `Hello${name ? ` ${name}` : ''}! I'm the demo assistant. How can I help you?`,
    welcomeBack: 'Welcome back! Where were we?',
    buttons: ['Track my order', 'See our products', 'Talk to a human'],
    catalogue: 'Here is our catalogue:',
    choose: 'Choose',
    picked: (title: string, price: string) => `Good choice: ${title} (${price}). Anything else?`,
    noCard: 'I could not find that card; please pick one from the carousel.',
    askOrder: 'Sure. What is your order number?',
    orderFound: (n: string, facts: string) => `Order ${n}: ${facts}.`,
    orderUnknown: (n: string) => `I could not find order ${n}. Please check the number.`,
    orderFailed: 'I could not check your order right now. Please try again later.',
    online: 'I am connecting you with a member of our team.',
    offline: 'Our team is offline right now. Leave us your email and we will get back to you.',
    thanks: 'You are welcome! Have a nice day.',
    fallback: "Sorry, I didn't get that. I can track an order, show our products, or put you through to a human.",
  },
  fr: {
    welcome: (name?: string) => `Bonjour${name ? ` ${name}` : ''} ! Je suis l'assistant de démonstration. Comment puis-je vous aider ?`,
    welcomeBack: 'Re-bonjour ! Où en étions-nous ?',
    buttons: ['Suivre ma commande', 'Voir nos produits', 'Parler à un humain'],
    catalogue: 'Voici notre catalogue :',
    choose: 'Choisir',
    picked: (title: string, price: string) => `Bon choix : ${title} (${price}). Autre chose ?`,
    noCard: 'Je ne trouve pas cette carte ; choisissez-en une dans le carrousel.',
    askOrder: 'Bien sûr. Quel est votre numéro de commande ?',
    orderFound: (n: string, facts: string) => `Commande ${n} : ${facts}.`,
    orderUnknown: (n: string) => `Je ne trouve pas la commande ${n}. Vérifiez le numéro.`,
    orderFailed: "Je n'ai pas pu vérifier votre commande pour le moment. Réessayez plus tard.",
    online: 'Je vous mets en relation avec un membre de notre équipe.',
    offline: 'Notre équipe est absente pour le moment. Laissez-nous votre e-mail et nous reviendrons vers vous.',
    thanks: 'Avec plaisir ! Bonne journée.',
    fallback: "Désolé, je n'ai pas compris. Je peux suivre une commande, montrer nos produits ou vous passer un humain.",
  },
} as const;

/** Lower case without accents, so "Humain", "humain" and "húmain" read the same. */
function plain(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

const INTENTS = {
  human: /\b(human|humain|agent|conseiller|conseillere|person|personne|operator|operateur)s?\b/,
  catalogue: /\b(catalogue|catalog|products?|produits?|shop|boutique)\b/,
  order: /\b(orders?|commandes?|track|tracking|suivi|suivre|colis|parcel)\b/,
  thanks: /\b(thanks|thank you|merci|bye|au revoir)\b/,
  french: /\b(bonjour|salut|merci|commande|produits?|humain|conseiller|je|vous|suivre|oui|non|ou est|est-ce)\b/,
};

const ORDER_NUMBER = /(?:#|\b)(\d{3,12})\b/;

function languageFromMetadata(session: EmulatorSession): 'en' | 'fr' | undefined {
  const value = session.metadata.language ?? session.metadata.locale ?? session.metadata.lang;
  if (typeof value !== 'string') return undefined;
  return value.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Metadata wins; otherwise a French word switches to French (and an English message switches back). */
export function detectLanguage(session: EmulatorSession, text?: string): 'en' | 'fr' {
  const fromMetadata = languageFromMetadata(session);
  if (fromMetadata) return fromMetadata;
  if (!text) return session.language;
  return INTENTS.french.test(plain(text)) ? 'fr' : /\b(hello|hi|please|my|the|want|where|is)\b/.test(plain(text)) ? 'en' : session.language;
}

function firstName(session: EmulatorSession): string | undefined {
  const value = session.metadata.firstName ?? session.metadata.first_name ?? session.metadata.name;
  return typeof value === 'string' && value !== SANITIZED ? value : undefined;
}

/** The welcome's quick replies: plain buttons, whose text the visitor sends back. */
const choices = (texts: readonly string[]): WireButton[] => texts.map((text) => ({ text, type: 'button' }));

function describeResults(results: Array<{ key: string; value: string }>): string {
  return results.map((result) => `${result.key.replace(/_/g, ' ')}: ${result.value}`).join(', ');
}

async function lookupOrder(session: EmulatorSession, orderNumber: string, io: AgentIO): Promise<void> {
  const t = TEXTS[session.language];
  session.awaiting = undefined;
  const results = await io.action(LOOKUP_ORDER_ACTION, [{ key: 'order_number', value: orderNumber }]);
  if (results === undefined) return io.say({ reply: 'order_failed', text: t.orderFailed, confidence: 1 });
  // Values the integration asked to sanitise are kept (and read back) masked, like sanitised metadata.
  const stored = results.map((result) => ({ key: result.key, value: result.sanitize ? SANITIZED : result.value }));
  for (const result of stored) session.params[result.key] = result.value;
  if (stored.length === 0) return io.say({ reply: 'order_unknown', text: t.orderUnknown(orderNumber), confidence: 1 });
  return io.say({ reply: 'order_found', text: t.orderFound(orderNumber, describeResults(stored)), confidence: 1 });
}

async function showCatalogue(session: EmulatorSession, io: AgentIO): Promise<void> {
  const t = TEXTS[session.language];
  const cards: WireCard[] = PRODUCTS.map((product, index) => ({
    title: product[session.language],
    description: product.price,
    imageUrl: `https://example.com/products/${index + 1}.jpg`,
    // A button continues the dialogue (sent back with the card's index); a link opens the product page.
    buttons: [
      { text: t.choose, type: 'button' },
      { text: `https://example.com/products/${index + 1}`, type: 'link' },
    ],
  }));
  session.carousel = cards.map((card) => ({ title: card.title, description: card.description }));
  return io.say({ reply: 'catalogue', text: t.catalogue, carouselCards: cards, confidence: 0.93 });
}

async function handOver(session: EmulatorSession, io: AgentIO): Promise<void> {
  const t = TEXTS[session.language];
  if (!(await io.isTeamOnline(SUPPORT_TEAM))) return io.say({ reply: 'offline', text: t.offline, confidence: 0.97 });
  await io.say({ reply: 'online', text: t.online, confidence: 0.97 });
  session.escalated = true;
  return io.escalate(SUPPORT_TEAM);
}

/** One turn of the scripted agent. */
export async function runAgentTurn(session: EmulatorSession, turn: AgentTurn, io: AgentIO): Promise<void> {
  if (turn.kind === 'start') {
    session.language = detectLanguage(session);
    const t = TEXTS[session.language];
    return io.say(turn.resumed ? { reply: 'welcome_back', text: t.welcomeBack, confidence: 1 } : { reply: 'welcome', text: t.welcome(firstName(session)), buttons: choices(t.buttons), confidence: 1 });
  }
  session.language = detectLanguage(session, turn.text);
  const t = TEXTS[session.language];

  if (turn.cardIndex !== undefined) {
    const card = session.carousel?.[turn.cardIndex];
    return io.say(card ? { reply: 'picked', text: t.picked(card.title, card.description ?? ''), confidence: 1 } : { reply: 'no_card', text: t.noCard, confidence: 1 });
  }
  const text = plain(turn.text ?? '');
  const orderNumber = ORDER_NUMBER.exec(text)?.[1];
  if (INTENTS.human.test(text)) return handOver(session, io);
  if (INTENTS.catalogue.test(text)) return showCatalogue(session, io);
  if (orderNumber && (session.awaiting === 'order_number' || INTENTS.order.test(text))) return lookupOrder(session, orderNumber, io);
  if (INTENTS.order.test(text)) {
    session.awaiting = 'order_number';
    return io.say({ reply: 'ask_order', text: t.askOrder, confidence: 0.91 });
  }
  const choice = /\b(?:choose|choisir) (\d)\b/.exec(text);
  if (choice && session.carousel?.[Number(choice[1]) - 1]) {
    const card = session.carousel[Number(choice[1]) - 1];
    return io.say({ reply: 'picked', text: t.picked(card.title, card.description ?? ''), confidence: 0.88 });
  }
  if (INTENTS.thanks.test(text)) return io.say({ reply: 'thanks', text: t.thanks, confidence: 0.95 });
  return io.say({ reply: 'fallback', text: t.fallback, buttons: choices(t.buttons), confidence: 0.2 });
}
