// Node-RED node relais-conversation: talks to the agent platform for one conversation — start a
// session, send the visitor's message (or a carousel pick), set metadata, end it
// (createConversationClient in src/conversation). The operation is configured or taken from
// msg.operation; the conversation id comes from a typedInput (msg.conversationId by default).
import { createConversationClient } from '../../src/conversation';
import { RelaisError } from '../../src/errors';
import { readConfig, runtimeOptionsFor, type PlatformConfig } from './lib/config';
import { deliver } from './lib/deliver';
import { onInput, releaseOnClose } from './lib/guard';
import { evaluateProperty, languageOf } from './lib/input';
import { commonText, translate } from './lib/messages';
import type { Node, NodeAPI, NodeDef } from './lib/red';
import { leaseRuntime } from './lib/runtimes';
import { workingStatus } from './lib/status';

const OPERATIONS = ['start', 'message', 'metadata', 'end'] as const;
type Operation = (typeof OPERATIONS)[number];

function conversationError(message: string, fr: string, path: string): RelaisError {
  return new RelaisError('conversation_error', message, { fr, issues: [{ path, message, fr }] });
}

export = function (RED: NodeAPI): void {
  function RelaisConversationNode(this: Node, config: NodeDef): void {
    RED.nodes.createNode(this, config);
    start(this, config);
  }

  function start(node: Node, config: NodeDef): void {
    const platform = readConfig<PlatformConfig>(RED, config.platform);
    const options = runtimeOptionsFor(RED, { platform: config.platform });
    const lease = leaseRuntime(options);
    const language = languageOf(RED);
    const secrets = platform?.api_key ? [platform.api_key] : [];
    const client =
      platform && platform.bot_id && platform.api_key
        ? createConversationClient({
            base_url: platform.base_url,
            bot_id: platform.bot_id,
            api_key: platform.api_key,
            runtime: lease.runtime,
            // plain http only for a platform the user marked as local/private (the emulator)
            allow_http: platform.allow_private_network === true,
          })
        : undefined;
    if (!client) node.status({ fill: 'red', shape: 'ring', text: translate(RED._, 'status.not_configured') });

    onInput(node, { language, secrets, code: 'conversation_error', operation: 'the conversation', operationFr: "l'appel de conversation" }, async (msg, send, done) => {
      if (!client) throw new RelaisError('conversation_error', commonText('en', 'errors.no_platform'), { fr: commonText('fr', 'errors.no_platform') });
      const configured = typeof config.operation === 'string' ? config.operation : 'message';
      const operation = (configured === 'msg' ? msg.operation : configured) as Operation;
      if (!OPERATIONS.includes(operation)) {
        throw conversationError(`Unknown operation "${String(operation)}": use one of ${OPERATIONS.join(', ')} (msg.operation).`, `Opération "${String(operation)}" inconnue : utilisez l'une de ${OPERATIONS.join(', ')} (msg.operation).`, 'operation');
      }
      const id = await evaluateProperty(RED, node, config.conversationId ?? 'conversationId', typeof config.conversationIdType === 'string' ? config.conversationIdType : 'msg', msg);
      if (typeof id !== 'string' && typeof id !== 'number') {
        throw conversationError('No conversation id: set msg.conversationId (or the property chosen in the node).', "Aucun id de conversation : renseignez msg.conversationId (ou la propriété choisie dans le nœud).", 'conversationId');
      }
      const conversationId = String(id);
      node.status(workingStatus(RED, 'requesting'));
      let result;
      if (operation === 'start') {
        const metaData = msg.metaData as { key: string; value: string } | undefined;
        result = await client.start(conversationId, metaData ? { metaData } : undefined);
      } else if (operation === 'message') {
        const text = await evaluateProperty(RED, node, config.text ?? 'payload', typeof config.textType === 'string' ? config.textType : 'msg', msg);
        if (text !== undefined && text !== null && typeof text === 'object') {
          throw conversationError('The message text is an object: send the visitor\'s text as a string (msg.payload or the property chosen in the node).', "Le texte du message est un objet : envoyez le texte du visiteur sous forme de chaîne (msg.payload ou la propriété choisie dans le nœud).", 'text');
        }
        const cardIndex = typeof msg.cardIndex === 'number' ? msg.cardIndex : undefined;
        result = await client.message(conversationId, cardIndex === undefined ? String(text ?? '') : { text: text === undefined ? undefined : String(text), cardIndex });
      } else if (operation === 'metadata') {
        const metaData = (msg.metaData ?? msg.payload) as { key: string; value: string; sanitize?: boolean };
        result = await client.metadata(conversationId, metaData);
      } else {
        result = await client.end(conversationId);
      }
      const relais = { operation, conversation_id: conversationId, status: result.status, duration_ms: result.duration_ms, request: result.request };
      deliver(RED, node, msg, { ok: true, payload: msg.payload, relais }, send, done);
    });
    releaseOnClose(node, lease, () => client?.close());
  }

  RED.nodes.registerType('relais-conversation', RelaisConversationNode);
};
