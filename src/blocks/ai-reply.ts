// "Générer une réponse IA" (seed 001 block 4): writes a personalised message, by a model (ai), from a
// template, or as fixed text (statique).
import { z } from 'zod/v4';
import type { ActionDefinition } from './definition';
import { jsonFromText, numberFromText, oneOf, text } from './params';

export const BODY_SOURCES = ['ai', 'template', 'statique'] as const;

const schema = z
  .object({
    body_source: oneOf(BODY_SOURCES, 'ai'),
    temperature: numberFromText({ min: 0, max: 1, default: 0.4 }),
    max_output_tokens: numberFromText({ min: 1, max: 2000, default: 240, integer: true }),
    system_prompt: text({ max: 20_000 }),
    model: text({ trim: true, max: 200 }),
    prompt: text({ max: 20_000 }),
    template: text({ max: 20_000 }),
    text: text({ max: 20_000 }),
    // Blocks (seed 001 JSON) the model may call; each is parsed when the reply runs (src/actions/ai-reply-tools.ts).
    tools: jsonFromText(z.array(z.unknown(), { error: 'must be a list of blocks' }), '[{"id": "order-lookup", "type": "action", "data": {…}}]').transform((tools) => tools ?? []),
    max_tool_calls: numberFromText({ min: 1, max: 20, default: 5, integer: true }),
  })
  .strict();

export type AiReplyParams = z.infer<typeof schema>;

const whenSource = (value: (typeof BODY_SOURCES)[number]) => ({ field: 'body_source', values: [value] });

export const aiReplyDefinition: ActionDefinition<typeof schema> = {
  action_type: 'ai_reply',
  title: { en: 'Generate an AI reply', fr: 'Générer une réponse IA' },
  description: {
    en: 'Asks the connected AI to write a personalised message, for a WhatsApp message or an email.',
    fr: 'Demande à une IA connectée de rédiger un message personnalisé. Le résultat peut être utilisé dans un message WhatsApp ou un email.',
  },
  nodeRed: { type: 'relais-ai-reply' },
  n8n: { name: 'relaisAiReply', displayName: 'Relais AI Reply' },
  fields: [
    {
      name: 'body_source',
      kind: 'options',
      label: { en: 'Source of the text', fr: 'Source du texte' },
      help: {
        en: 'ai (written by the AI), template (a template), statique (fixed text).',
        fr: 'ai (génère via IA), template (modèle), statique (texte fixe).',
      },
      default: 'ai',
      options: [
        { value: 'ai', label: { en: 'AI', fr: 'IA' } },
        { value: 'template', label: { en: 'Template', fr: 'Modèle' } },
        { value: 'statique', label: { en: 'Fixed text', fr: 'Texte fixe' } },
      ],
    },
    {
      name: 'prompt',
      kind: 'text',
      label: { en: 'Prompt', fr: 'Consigne' },
      help: {
        en: 'What the AI should write; may use {{contact.first_name}} and the variables. Empty: the incoming message.',
        fr: "Ce que l'IA doit rédiger ; peut utiliser {{contact.first_name}} et les variables. Vide : le message reçu.",
      },
      default: '',
      templated: true,
      showWhen: whenSource('ai'),
    },
    {
      name: 'system_prompt',
      kind: 'text',
      label: { en: 'System prompt', fr: 'Consigne système' },
      help: { en: 'System instruction given to the AI to frame its answer.', fr: "Consigne système donnée à l'IA pour cadrer sa réponse." },
      default: '',
      templated: true,
      showWhen: whenSource('ai'),
    },
    {
      name: 'temperature',
      kind: 'number',
      label: { en: 'Temperature', fr: 'Température' },
      help: {
        en: 'Model temperature, from 0.0 (precise) to 1.0 (creative). 0.4 by default.',
        fr: 'Température du modèle, de 0.0 (précis) à 1.0 (créatif). 0.4 par défaut.',
      },
      default: 0.4,
      min: 0,
      max: 1,
      step: 0.1,
      showWhen: whenSource('ai'),
    },
    {
      name: 'max_output_tokens',
      kind: 'number',
      label: { en: 'Max output tokens', fr: 'Tokens de sortie maximum' },
      help: { en: 'Limit of output tokens. 240 by default, at most 2000.', fr: 'Limite de tokens en sortie. 240 par défaut, maximum 2000.' },
      default: 240,
      min: 1,
      max: 2000,
      step: 1,
      showWhen: whenSource('ai'),
    },
    {
      name: 'model',
      kind: 'string',
      label: { en: 'Model', fr: 'Modèle' },
      help: {
        en: "Model to use. Leave empty to use the AI provider's default model.",
        fr: 'Modèle à utiliser. Laisser vide pour utiliser celui configuré dans Sources.',
      },
      default: '',
      showWhen: whenSource('ai'),
      advanced: true,
    },
    {
      name: 'template',
      kind: 'text',
      label: { en: 'Template', fr: 'Modèle' },
      help: {
        en: 'The message with {{placeholders}}, e.g. "Hello {{contact.first_name}}, …".',
        fr: 'Le message avec des {{espaces réservés}}, ex. « Bonjour {{contact.first_name}}, … ».',
      },
      default: '',
      templated: true,
      showWhen: whenSource('template'),
    },
    {
      name: 'text',
      kind: 'text',
      label: { en: 'Fixed text', fr: 'Texte fixe' },
      help: { en: 'The message, sent as written.', fr: 'Le message, envoyé tel quel.' },
      default: '',
      showWhen: whenSource('statique'),
    },
    {
      name: 'tools',
      kind: 'json',
      label: { en: 'Tools', fr: 'Outils' },
      help: {
        en: 'Blocks the AI may call before answering (a JSON list of action blocks, e.g. an order lookup); their variables are what the AI fills in.',
        fr: "Blocs que l'IA peut appeler avant de répondre (une liste JSON de blocs d'action, ex. une recherche de commande) ; leurs variables sont ce que l'IA remplit.",
      },
      default: '',
      showWhen: whenSource('ai'),
    },
    {
      name: 'max_tool_calls',
      kind: 'number',
      label: { en: 'Max tool calls', fr: "Appels d'outils maximum" },
      help: { en: 'How many tool calls the AI may make for one reply. 5 by default, at most 20.', fr: "Nombre d'appels d'outils permis pour une réponse. 5 par défaut, maximum 20." },
      default: 5,
      min: 1,
      max: 20,
      step: 1,
      showWhen: whenSource('ai'),
      advanced: true,
    },
  ],
  schema,
};
