// What a node shows under itself in the editor: a blue dot while it works, green "200 · 123 ms" when
// it succeeded, red with the error code when it failed.
import type { HostError, RelaisMeta } from '../../../src/adapter';
import { translate } from './messages';
import type { NodeAPI, NodeStatus } from './red';

// Each word is translated once per runtime: a catalogue lookup on every message cost more than the
// rest of the node's status handling together (bench/node-red, bench/webhook).
const words = new WeakMap<NodeAPI, Map<string, string>>();

function word(RED: NodeAPI, key: string): string {
  let known = words.get(RED);
  if (!known) {
    known = new Map();
    words.set(RED, known);
  }
  let text = known.get(key);
  if (text === undefined) {
    text = translate(RED._, key);
    known.set(key, text);
  }
  return text;
}

export function workingStatus(RED: NodeAPI, key: 'requesting' | 'running' = 'requesting'): NodeStatus {
  return { fill: 'blue', shape: 'dot', text: word(RED, `status.${key}`) };
}

/** "200 · 123 ms" for calls with an HTTP status, "ok · 12 ms" otherwise. */
export function okStatus(RED: NodeAPI, meta: Pick<RelaisMeta, 'status' | 'duration_ms'>): NodeStatus {
  const head = meta.status === undefined ? word(RED, 'status.ok') : String(meta.status);
  return { fill: 'green', shape: 'dot', text: `${head} · ${Math.round(meta.duration_ms)} ms` };
}

export function errorStatus(error: Pick<HostError, 'code' | 'status'>): NodeStatus {
  return { fill: 'red', shape: 'ring', text: error.status === undefined ? error.code : `${error.code} (${error.status})` };
}
