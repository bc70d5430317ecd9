// Flow fragments for the end-to-end suite: put one Relais node behind an `http in` endpoint so a test
// can POST a msg to it and read back what came out of the node (output 1 or the failure output 2).
import type { FlowNode } from '../../support/node-red';

export const TAB = 'e2e.tab';

/**
 * `POST <path>` → `node` → {ok: true, payload, relais} (200) or {ok: false, error} (502).
 * The request body becomes msg.payload (so msg.payload as variables) unless it holds `msg`, whose
 * properties are set on the msg as they are (msg.variables, msg.contact, msg.block…).
 */
export function endpoint(path: string, node: FlowNode): FlowNode[] {
  const id = node.id;
  return [
    { id: `${id}.in`, type: 'http in', z: TAB, url: path, method: 'post', wires: [[`${id}.prepare`]] },
    {
      id: `${id}.prepare`,
      type: 'function',
      z: TAB,
      outputs: 1,
      func: 'const given = msg.payload && msg.payload.msg;\nif (given) { Object.assign(msg, given); if (!("payload" in given)) msg.payload = {}; }\nreturn msg;',
      wires: [[id]],
    },
    { ...node, z: TAB, wires: [[`${id}.ok`], [`${id}.failed`]] },
    { id: `${id}.ok`, type: 'function', z: TAB, outputs: 1, func: 'msg.payload = { ok: true, payload: msg.payload, relais: msg.relais };\nreturn msg;', wires: [[`${id}.out`]] },
    {
      id: `${id}.failed`,
      type: 'function',
      z: TAB,
      outputs: 1,
      func: 'msg.statusCode = 502;\nmsg.payload = { ok: false, error: msg.error };\nreturn msg;',
      wires: [[`${id}.out`]],
    },
    { id: `${id}.out`, type: 'http response', z: TAB, statusCode: '', headers: {}, wires: [] },
  ];
}

export const tab = (): FlowNode => ({ id: TAB, type: 'tab', label: 'relais e2e' });
