// The input/close wiring every Relais node uses. An async input handler that throws kills the whole
// Node-RED process, so each handler runs inside a promise whose failure is always turned into a
// delivered failure (failure output or done(error)); even that path is guarded.
import { describeUnexpected, hostError, toRelaisError, type Language, type RuntimeLease } from '../../../src/adapter';
import type { RelaisErrorCode } from '../../../src/errors';
import { catchableError, deliverFailure } from './deliver';
import type { Done, Node, NodeMessage, Send } from './red';

export interface GuardOptions {
  language: Language;
  /** Secrets to redact from the log line of an unexpected error. */
  secrets: readonly string[];
  /** Code and operation name for unexpected errors. */
  code: RelaisErrorCode;
  operation: string;
  /** The operation in French, as it follows "pendant" ("l'appel de conversation"). */
  operationFr: string;
}

export function onInput(node: Node, options: GuardOptions, handler: (msg: NodeMessage, send: Send, done: Done) => Promise<void>): void {
  // Exactly three declared parameters: Node-RED passes send/done only to handlers declaring them.
  node.on('input', (msg, send, done) => {
    handler(msg, send, done).catch((error: unknown) => {
      try {
        const relais = toRelaisError(error, options.code, options.operation, options.operationFr);
        if (relais !== error) node.error(describeUnexpected(error, options.secrets));
        deliverFailure(node, msg, hostError(relais, options.language), send, done);
      } catch {
        done(catchableError({ code: options.code, message: `Unexpected internal error while running ${options.operation}.`, fallback: '' }));
      }
    });
  });
}

/** Releases the node's runtime lease when Node-RED closes the node (redeploy, stop). */
export function releaseOnClose(node: Node, lease: RuntimeLease, extra?: () => void | Promise<void>): void {
  node.on('close', (_removed, done) => {
    Promise.resolve()
      .then(extra)
      .then(() => lease.release())
      .then(
        () => done(),
        () => done(),
      );
  });
}
