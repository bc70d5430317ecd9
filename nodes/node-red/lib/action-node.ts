// The one implementation behind the five action nodes (relais-sales-task, relais-http-request,
// relais-crm-upsert, relais-ai-reply, relais-tag-contact): form values → block → run → msg. The
// action's fields, defaults and validation come from its definition in src/blocks; the editor form is
// generated from the same definition at build time.
import { describeUnexpected, fixedFormRunner, runForm, UNEXPECTED_ERROR_CODE, type FormValues } from '../../../src/adapter';
import { ACTION_DEFINITIONS } from '../../../src/blocks';
import type { ActionType } from '../../../src/blocks/fields';
import { hostError } from '../../../src/adapter/outcome';
import { configurationProblem, runtimeOptionsFor } from './config';
import { deliver, deliverFailure } from './deliver';
import { onInput, releaseOnClose } from './guard';
import { CONFIG_REFS } from './form-spec';
import { formValuesFor, languageOf, valuesAreFixed } from './input';
import type { Node, NodeAPI, NodeDef } from './red';
import { leaseRuntime } from './runtimes';
import { toolNodesFor, withToolBlocks } from './tool-nodes';
import { RelaisError } from '../../../src/errors';
import { errorStatus, workingStatus } from './status';

export function registerActionNode(RED: NodeAPI, actionType: ActionType): void {
  const definition = ACTION_DEFINITIONS[actionType];
  const refs = CONFIG_REFS[actionType];

  function RelaisActionNode(this: Node, config: NodeDef): void {
    RED.nodes.createNode(this, config);
    start(this, config);
  }

  function start(node: Node, given: NodeDef): void {
    // relais-ai-reply: the relais-http-request / relais-block nodes picked as tools join its tools and runtime.
    const tools = actionType === 'ai_reply' ? toolNodesFor(RED, given.tool_nodes) : undefined;
    const config = tools ? withToolBlocks(given, tools.blocks) : given;
    // A credential or network setting that cannot work is shown at deploy (red status, log), and each
    // message then fails with that error instead of calling out.
    const problem = configurationProblem(RED, config.credential);
    if (problem) {
      const error = hostError(problem, languageOf(RED));
      node.status(errorStatus(error));
      node.error(problem.message);
      onInput(node, { language: languageOf(RED), secrets: [], code: problem.code, operation: definition.title.en, operationFr: `l'action « ${definition.title.fr} »` }, async (msg, send, done) => deliverFailure(node, msg, error, send, done));
      return;
    }
    const options = runtimeOptionsFor(RED, {
      auth: config.credential,
      store: refs.includes('store') ? config.store : tools?.store,
      provider: refs.includes('provider') ? config.provider : undefined,
      toolAuths: tools?.auths,
    });
    const lease = leaseRuntime(options);
    const secrets = lease.secrets;
    const language = languageOf(RED);
    // Translated once: a catalogue lookup per message was a fifth of the node's own time (bench/node-red).
    const working = workingStatus(RED, actionType === 'http_request' || actionType === 'ai_reply' ? 'requesting' : 'running');

    const info = { id: node.id, label: node.name || undefined };
    const runOptions = { language, onUnexpected: (error: unknown) => node.error(describeUnexpected(error, secrets)) };
    // The auth node's id is the credential's name in this node's runtime; "none" means no credential.
    const withCredential = (values: FormValues): FormValues => {
      if (typeof values.credential === 'string' && !options.credentials?.[values.credential]) delete values.credential;
      return values;
    };
    // Nothing read from the message: the block is the same for every message, built once for this node
    // instance (a redeploy makes a new instance, so a changed form is never served stale).
    const fixed = valuesAreFixed(config, definition.fields) ? fixedFormRunner(actionType, withCredential({ ...config }), info) : undefined;

    onInput(node, { language, secrets, code: UNEXPECTED_ERROR_CODE[actionType], operation: definition.title.en, operationFr: `l'action « ${definition.title.fr} »` }, async (msg, send, done) => {
      if (tools?.problem) {
        throw new RelaisError('invalid_block', tools.problem, { fr: tools.problemFr, issues: [{ path: 'tool_nodes', message: tools.problem, fr: tools.problemFr }] });
      }
      node.status({ ...working });
      const outcome = fixed
        ? await fixed(msg, lease.runtime, runOptions)
        : await runForm(actionType, withCredential(await formValuesFor(RED, node, config, definition.fields, msg)), msg, lease.runtime, { ...runOptions, info });
      deliver(RED, node, msg, outcome, send, done);
    });
    releaseOnClose(node, lease);
  }

  RED.nodes.registerType(definition.nodeRed.type, RelaisActionNode);
}
