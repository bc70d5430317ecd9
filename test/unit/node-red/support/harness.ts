// node-red-node-test-helper around the compiled Relais nodes: start/stop, load a flow, send a msg and
// await what comes out (success output, failure output or a Catch node) instead of sleeping.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeModule } from './build';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const helper = require('node-red-node-test-helper') as NodeRedTestHelper;
helper.init(require.resolve('node-red'));

export interface NodeRedTestHelper {
  init(runtimePath: string, settings?: Record<string, unknown>): void;
  settings(settings: Record<string, unknown>): Record<string, unknown>;
  load(nodes: unknown[], flow: unknown[], credentials?: Record<string, unknown>): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): TestNode;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
}

export interface TestNode {
  id: string;
  receive(msg: Record<string, unknown>): void;
  on(event: string, listener: (...args: never[]) => void): void;
  status: { lastCall?: { args: unknown[] }; getCalls?: () => Array<{ args: unknown[] }> } & ((...args: unknown[]) => void);
  error: { getCalls?: () => Array<{ args: unknown[] }> } & ((...args: unknown[]) => void);
  [key: string]: unknown;
}

export { helper };

/** A Node-RED message as tests read it (any shape). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Msg = Record<string, any>;

export const ALL_NODES = [
  'relais-sales-task',
  'relais-http-request',
  'relais-crm-upsert',
  'relais-ai-reply',
  'relais-tag-contact',
  'relais-block',
  'relais-conversation',
  'relais-agent-events',
  'relais-agent-reply',
  'config/relais-auth',
  'config/relais-agent-platform',
  'config/relais-ai-provider',
  'config/relais-contact-store',
];

export function relaisNodes(names: string[] = ALL_NODES): Array<(RED: unknown) => void> {
  return names.map(nodeModule);
}

/** A temporary Node-RED user directory (the default sqlite store lands there). */
export function tempUserDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'relais-nr-unit-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Resolves with the next msg a helper node receives. */
export function nextMessage(id: string, timeoutMs = 8000): Promise<Msg> {
  const node = helper.getNode(id);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message reached ${id} within ${timeoutMs} ms`)), timeoutMs);
    node.on('input', (msg: Msg) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

/** The first msg to reach any of `ids`, with the id that got it. */
export function firstOf(ids: string[], timeoutMs = 8000): Promise<{ id: string; msg: Msg }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new Error(`no message reached ${ids.join(' or ')} within ${timeoutMs} ms`));
    }, timeoutMs);
    for (const id of ids) {
      helper.getNode(id).on('input', (msg: Msg) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ id, msg });
      });
    }
  });
}

/** Waits for a node's status to satisfy `match` (status() calls are recorded by the helper's spies). */
export function statusOf(id: string, match: (status: Msg) => boolean, timeoutMs = 5000): Promise<Msg> {
  const node = helper.getNode(id);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`status of ${id} never matched`)), timeoutMs);
    node.on('call:status', (call: { args: [Msg] }) => {
      if (match(call.args[0])) {
        clearTimeout(timer);
        resolve(call.args[0]);
      }
    });
  });
}

export const helperNode = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'helper', ...extra });

/** Every status a node has shown so far (the helper spies on Node.prototype.status). */
export function statusesOf(id: string): Array<Msg> {
  const spy = helper.getNode(id).status as unknown as { getCalls(): Array<{ thisValue: { id: string }; args: [Msg] }> };
  return spy
    .getCalls()
    .filter((call) => call.thisValue?.id === id)
    .map((call) => call.args[0]);
}
