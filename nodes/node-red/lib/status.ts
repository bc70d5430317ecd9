// What a node shows under itself in the editor: a blue dot while it works, green "200 · 123 ms" when
// it succeeded, red with the error code when it failed.
import type { HostError, RelaisMeta } from '../../../src/adapter';
import { translate } from './messages';
import type { NodeAPI, NodeStatus } from './red';

export function workingStatus(RED: NodeAPI, key: 'requesting' | 'running' = 'requesting'): NodeStatus {
  return { fill: 'blue', shape: 'dot', text: translate(RED._, `status.${key}`) };
}

/** "200 · 123 ms" for calls with an HTTP status, "ok · 12 ms" otherwise. */
export function okStatus(RED: NodeAPI, meta: Pick<RelaisMeta, 'status' | 'duration_ms'>): NodeStatus {
  const head = meta.status === undefined ? translate(RED._, 'status.ok') : String(meta.status);
  return { fill: 'green', shape: 'dot', text: `${head} · ${Math.round(meta.duration_ms)} ms` };
}

export function errorStatus(error: Pick<HostError, 'code' | 'status'>): NodeStatus {
  return { fill: 'red', shape: 'ring', text: error.status === undefined ? error.code : `${error.code} (${error.status})` };
}
