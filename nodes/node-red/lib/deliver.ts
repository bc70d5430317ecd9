// How every Relais node that calls out hands on its outcome (the one rule, documented in
// docs/node-red.md):
//  - success: msg.payload = result, msg.relais = metadata, sent on output 1;
//  - failure: msg.error = {code, status, message, fallback, issues}; if output 2 (failure) is wired,
//    the msg goes there and the node is done (the flow handles it, like a try/catch); if it is not
//    wired, done(error) reports it to Catch nodes and the log, as core nodes do. Never both, so a
//    failure is never handled twice.
import type { HostError, RunOutcome } from '../../../src/adapter';
import type { Done, Node, NodeAPI, NodeMessage, Send } from './red';
import { errorStatus, okStatus } from './status';

/** True when the node's failure output (index 1) has at least one wire. */
export function failureOutputWired(node: Node): boolean {
  return (node.wires?.[1]?.length ?? 0) > 0;
}

/**
 * The Error given to done(): Node-RED copies its message and own `code` onto the Catch node's
 * msg.error, so it carries nothing but the safe message and the code (no cause, no body).
 */
export function catchableError(error: HostError): Error {
  const reported = new Error(error.message) as Error & { code: string; status?: number };
  reported.name = 'RelaisError';
  reported.code = error.code;
  if (error.status !== undefined) reported.status = error.status;
  return reported;
}

export function deliverFailure(node: Node, msg: NodeMessage, error: HostError, send: Send, done: Done): void {
  msg.error = error;
  node.status(errorStatus(error));
  if (failureOutputWired(node)) {
    send([null, msg]);
    done();
  } else {
    done(catchableError(error));
  }
}

/** A RunOutcome, or the success of a node that is not an action (relais-conversation). */
export type Delivery = RunOutcome | { ok: true; payload: unknown; relais: { status?: number; duration_ms: number; [key: string]: unknown } };

export function deliver(RED: NodeAPI, node: Node, msg: NodeMessage, outcome: Delivery, send: Send, done: Done): void {
  if (!outcome.ok) {
    deliverFailure(node, msg, outcome.error, send, done);
    return;
  }
  msg.payload = outcome.payload;
  msg.relais = outcome.relais;
  node.status(okStatus(RED, outcome.relais));
  send([msg, null]);
  done();
}
