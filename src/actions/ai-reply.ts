// ai_reply ("Générer une réponse IA"): the text of a message, from one of three sources —
//   ai        the configured provider (src/ai: openai, anthropic, openai_compatible) with `prompt`
//             (templated; empty: the incoming message, variables.message), `system_prompt`, `model`
//             (empty: the provider's default), `temperature`, `max_output_tokens`; with `tools` (blocks)
//             the model may call them, at most `max_tool_calls` times, all under one deadline
//             (src/ai/tool-loop.ts);
//   template  `template` rendered with the context, no AI call;
//   statique  the fixed `text`.
// Returns {text, model, usage, source} (+ tool_calls when tools are given).
import type { AiReplyParams } from '../blocks/ai-reply';
import { chatCompletion, prepareChat, redactedChatRequest, type ChatInput } from '../ai/chat';
import { runToolLoop } from '../ai/tool-loop';
import { loopTools, toolBlocks } from './ai-reply-tools';
import type { Context } from '../context';
import { RelaisError } from '../errors';
import { platformMeta, platformScope, renderParameter } from './platform/scope';
import type { ActionHandler, ActionScope } from './types';

function emptyParameter(name: string, message: string, fr: string): RelaisError {
  return new RelaisError('invalid_block', `data.parameters.${name}: ${message}`, { fr: `data.parameters.${name} : ${fr}`, issues: [{ path: `data.parameters.${name}`, message, fr }] });
}

function incomingMessage(context: Context): string | undefined {
  const message = context.variables?.message;
  return typeof message === 'string' && message.trim() !== '' ? message : undefined;
}

export function chatInput(params: AiReplyParams, context: Context): ChatInput {
  const scope = platformScope(context);
  const prompt = params.prompt.trim() !== '' ? renderParameter(params.prompt, scope, 'prompt') : incomingMessage(context);
  if (prompt === undefined || prompt.trim() === '') {
    throw emptyParameter('prompt', 'write what the AI should answer (it may use {{contact.first_name}} and the variables), or pass the incoming message as variables.message', "écrivez ce que l'IA doit répondre (elle peut utiliser {{contact.first_name}} et les variables), ou passez le message reçu dans variables.message");
  }
  return {
    model: params.model,
    system_prompt: params.system_prompt.trim() !== '' ? renderParameter(params.system_prompt, scope, 'system_prompt') : undefined,
    prompt,
    temperature: params.temperature,
    max_tokens: params.max_output_tokens,
  };
}

/** The text of the template and statique sources (no AI call). */
function writtenText(params: AiReplyParams, context: Context): string {
  if (params.body_source === 'template') {
    if (params.template.trim() === '') throw emptyParameter('template', 'body_source is "template" but the template is empty; write the message, e.g. "Bonjour {{contact.first_name}}, …"', 'body_source vaut "template" mais le modèle est vide ; écrivez le message, par ex. "Bonjour {{contact.first_name}}, …"');
    return renderParameter(params.template, platformScope(context), 'template');
  }
  if (params.text.trim() === '') throw emptyParameter('text', 'body_source is "statique" but the text is empty; write the message to send', 'body_source vaut "statique" mais le texte est vide ; écrivez le message à envoyer');
  return params.text;
}

const NO_USAGE = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

export const aiReplyAction: ActionHandler<AiReplyParams> = {
  preview(params, scope: ActionScope) {
    if (params.body_source !== 'ai') {
      return { action_type: 'ai_reply', effect: { source: params.body_source, text: writtenText(params, scope.context) }, variables: {}, warnings: [] };
    }
    const tools = loopTools(toolBlocks(params.tools), scope.context, scope.runtime);
    const prepared = prepareChat(scope.runtime, { ...chatInput(params, scope.context), tools: tools.map((t) => t.spec) });
    return {
      action_type: 'ai_reply',
      request: redactedChatRequest(prepared),
      effect: { source: 'ai', provider: prepared.provider, model: (prepared.body.model as string | undefined) ?? null, ...(tools.length ? { tools: tools.map((t) => t.spec.name), max_tool_calls: params.max_tool_calls } : {}) },
      variables: {},
      warnings: [...prepared.warnings, ...(prepared.body.model ? [] : ["no model set on the block or the AI provider: the provider's own default is used"])],
    };
  },

  async execute(params, scope) {
    const started = Date.now();
    if (params.body_source !== 'ai') {
      const text = writtenText(params, scope.context);
      return { ok: true, data: { text, model: null, usage: NO_USAGE, source: params.body_source }, meta: platformMeta('ai_reply', started) };
    }
    const input = chatInput(params, scope.context);
    const blocks = toolBlocks(params.tools);
    if (blocks.length > 0) {
      const loop = await runToolLoop(scope.runtime, input, loopTools(blocks, scope.context, scope.runtime), { max_tool_calls: params.max_tool_calls });
      return {
        ok: true,
        data: { text: loop.answer.text, model: loop.answer.model, usage: loop.usage, source: 'ai', finish_reason: loop.answer.finish_reason, tool_calls: loop.tool_calls },
        meta: platformMeta('ai_reply', started, {
          status: loop.answer.status,
          truncated: loop.answer.finish_reason === 'length',
          request: redactedChatRequest(loop.first),
          tool_calls: loop.tool_calls.map((call) => ({ name: call.name, ok: call.ok, ...(call.error ? { code: call.error.code } : {}) })),
          ...(loop.warnings.length ? { warnings: loop.warnings } : {}),
        }),
      };
    }
    const prepared = prepareChat(scope.runtime, input);
    const answer = await chatCompletion(scope.runtime, input, { prepared });
    return {
      ok: true,
      data: { text: answer.text, model: answer.model, usage: answer.usage, source: 'ai', finish_reason: answer.finish_reason },
      meta: platformMeta('ai_reply', started, {
        status: answer.status,
        truncated: answer.finish_reason === 'length',
        request: redactedChatRequest(prepared),
        ...(answer.warnings.length ? { warnings: answer.warnings } : {}),
      }),
    };
  },
};
