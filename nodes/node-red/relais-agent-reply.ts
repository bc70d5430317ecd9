// Node-RED node relais-agent-reply: answers the action trigger or isTeamOnline question a
// relais-agent-events node is holding, identified by msg._relaisReplyId. The answer is msg.payload by
// default (any property can be chosen): `{results: [{key, value, sanitize?}]}`, a plain object
// `{order_status: "shipped"}`, or a boolean / `{isOnline}` for isTeamOnline — the core converts it.
// The "Sanitised keys" setting marks keys whose values the platform should sanitise (`sanitize: true`).
import { markSanitized, sanitizeKeys } from '../../src/conversation/answers';
import { RelaisError } from '../../src/errors';
import { onInput } from './lib/guard';
import { evaluateProperty, languageOf } from './lib/input';
import { commonText, translate } from './lib/messages';
import { pendingAnswers, REPLY_ID_PROPERTY } from './lib/pending';
import type { Node, NodeAPI, NodeDef } from './lib/red';

export = function (RED: NodeAPI): void {
  function RelaisAgentReplyNode(this: Node, config: NodeDef): void {
    RED.nodes.createNode(this, config);
    start(this, config);
  }

  function start(node: Node, config: NodeDef): void {
    const language = languageOf(RED);
    const answered = translate(RED._, 'status.answered');
    const sanitized = sanitizeKeys(config.sanitize);

    onInput(node, { language, secrets: [], code: 'conversation_error', operation: 'the agent reply', operationFr: "la réponse à l'agent" }, async (msg, _send, done) => {
      const given = await evaluateProperty(RED, node, config.answer ?? 'payload', typeof config.answerType === 'string' ? config.answerType : 'msg', msg);
      const answer = markSanitized(given, sanitized);
      const id = msg[REPLY_ID_PROPERTY];
      if (typeof id !== 'string' || !pendingAnswers.resolve(id, answer)) {
        throw new RelaisError('conversation_error', commonText('en', 'errors.no_pending'), {
          fr: commonText('fr', 'errors.no_pending'),
          issues: [
            typeof id === 'string'
              ? { path: REPLY_ID_PROPERTY, message: 'nothing waits for this id', fr: "rien n'attend cet id" }
              : { path: REPLY_ID_PROPERTY, message: 'missing', fr: 'absent' },
          ],
        });
      }
      node.status({ fill: 'green', shape: 'dot', text: answered });
      done();
    });
  }

  RED.nodes.registerType('relais-agent-reply', RelaisAgentReplyNode);
};
