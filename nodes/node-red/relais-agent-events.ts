// Node-RED node relais-agent-events: the agent platform's webhooks (chat events and action triggers)
// mounted on Node-RED's HTTP server at a configured path. Each event leaves as a msg; action triggers
// and isTeamOnline wait for a relais-agent-reply node (msg._relaisReplyId) and get the configured
// default answer when the flow does not answer in time. Verification (bot id, shared secret, HMAC),
// size limit, dedupe and ordering are the core's (createAgentWebhook in src/conversation).
import { randomUUID } from 'node:crypto';
import { createAgentWebhook, type DefaultAnswer } from '../../src/conversation';
import { messageForEvent } from './lib/events';
import { readConfig, type PlatformConfig } from './lib/config';
import { translate } from './lib/messages';
import { pendingAnswers, REPLY_ID_PROPERTY } from './lib/pending';
import type { Node, NodeAPI, NodeDef } from './lib/red';
import { captureRawBodies } from './lib/raw-body';
import { adminReadsBody, claimPaths, mountPost, normalisePath, unmount } from './lib/routes';

function numberOr(value: unknown, fallback: number): number {
  const n = Number(value);
  return value !== '' && value !== undefined && Number.isFinite(n) && n >= 0 ? n : fallback;
}

function defaultAnswer(config: NodeDef): DefaultAnswer {
  const answer: DefaultAnswer = { isOnline: config.default_online === true };
  if (typeof config.default_results === 'string' && config.default_results.trim()) {
    try {
      answer.results = JSON.parse(config.default_results);
    } catch {
      answer.results = undefined;
    }
  }
  return answer;
}

export = function (RED: NodeAPI): void {
  function RelaisAgentEventsNode(this: Node, config: NodeDef): void {
    RED.nodes.createNode(this, config);
    start(this, config);
  }

  function start(node: Node, config: NodeDef): void {
    const platform = readConfig<PlatformConfig>(RED, config.platform);
    const path = normalisePath(config.path ?? '/relais/agent');
    const paths = [path, `${path}/:token`];
    const waiting = new Set<string>();

    // Status texts are looked up once (per waiting count): a catalogue lookup on every event was the
    // largest cost of the node under load (bench/webhook).
    const secret = node.credentials?.secret || undefined;
    const hmacSecret = node.credentials?.hmac_secret || undefined;
    const unsecured = !secret && !hmacSecret;
    const listening = translate(RED._, unsecured ? 'status.listening_unsecured' : 'status.listening', { path });
    const waitingTexts = new Map<number, string>();
    const waitingText = (count: number): string => {
      let text = waitingTexts.get(count);
      if (text === undefined) {
        text = translate(RED._, 'status.waiting', { count });
        if (waitingTexts.size < 256) waitingTexts.set(count, text);
      }
      return text;
    };
    const showStatus = () =>
      node.status(
        waiting.size > 0 ? { fill: 'blue', shape: 'dot', text: waitingText(waiting.size) } : { fill: unsecured ? 'yellow' : 'green', shape: 'ring', text: listening },
      );

    const fail = (key: 'errors.no_platform' | 'errors.no_http' | 'errors.path_in_use' | 'errors.no_secret') => {
      const text = translate(RED._, key);
      node.status({ fill: 'red', shape: 'ring', text: translate(RED._, key === 'errors.no_secret' ? 'status.no_secret' : 'status.not_configured') });
      node.error(text);
    };

    if (!platform?.bot_id) return fail('errors.no_platform');
    // Without a secret anybody who reaches Node-RED can post events: only with an explicit opt-in.
    if (unsecured && config.allow_no_secret !== true) return fail('errors.no_secret');
    const router = RED.httpNode;
    if (!router) return fail('errors.no_http');
    if (!claimPaths(node.id, paths)) return fail('errors.path_in_use');

    let webhook: ReturnType<typeof createAgentWebhook>;
    try {
      const ledger = platform.ledger?.();
      webhook = createAgentWebhook({
        ...(ledger ? { ledger } : {}),
        // The ledger's failures (fail closed / open) are worth a warning; refusals stay quiet as before.
        logger: { debug: () => undefined, warn: (line) => (line.includes('delivery ledger') ? node.warn(line) : undefined) },
        bot_id: platform.bot_id,
        secret,
        hmac_secret: hmacSecret,
        answer_timeout_ms: numberOr(config.answer_timeout_ms, 8000),
        default_answer: defaultAnswer(config),
        answer_escalate: config.answer_escalate === true,
        onEvent(event, info) {
          const msg = messageForEvent(event);
          if (!webhook.processor.waitsForAnswer(event)) {
            node.send(msg);
            return undefined;
          }
          const id = randomUUID();
          msg[REPLY_ID_PROPERTY] = id;
          waiting.add(id);
          const answer = pendingAnswers.wait(id, info.signal).finally(() => {
            waiting.delete(id);
            showStatus();
          });
          showStatus();
          node.send(msg);
          return answer;
        },
        onError(error) {
          node.warn(error instanceof Error ? error.message : String(error));
        },
      });
    } catch (error) {
      unmount(router, node.id, paths);
      node.status({ fill: 'red', shape: 'ring', text: translate(RED._, 'status.not_configured') });
      node.error(error instanceof Error ? error.message : String(error));
      return;
    }

    // The raw body is read before any body parser (Node-RED's admin app at "/" parses every JSON POST
    // first), so the HMAC can be checked under default settings. Only when the HTTP-node app is not an
    // express app the capture can enter (an unusual embedding) does the old limitation still apply.
    const release = captureRawBodies(router, path, {
      limit: webhook.processor.options.max_body_bytes,
      tooLarge: () => webhook.processor.tooLarge(),
      timeout_ms: webhook.processor.options.body_timeout_ms,
      bodyTimeout: () => webhook.processor.bodyTimeout(),
      precheck: (headers, url) => webhook.processor.precheck(headers, url),
    });
    if (!release && node.credentials?.hmac_secret && adminReadsBody(RED.settings, path)) {
      node.warn(translate(RED._, 'errors.hmac_body_read', { admin: String(RED.settings.httpAdminRoot ?? '/') }));
    }

    // The webhook handler reads the raw body itself (HMAC needs it) and is built never to reject; the
    // catch is the belt and braces that keeps an unexpected rejection from ending the process.
    mountPost(router, paths, (req, res) => {
      const response = res as Parameters<typeof webhook>[1];
      webhook(req as Parameters<typeof webhook>[0], response).catch(() => {
        node.error('relais-agent-events: unexpected failure while handling a delivery');
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal_error"}');
      });
    });
    showStatus();

    node.on('close', (_removed, done) => {
      release?.();
      unmount(router, node.id, paths);
      done();
    });
  }

  RED.nodes.registerType('relais-agent-events', RelaisAgentEventsNode, {
    credentials: { secret: { type: 'password' }, hmac_secret: { type: 'password' } },
  });
};
