// Types of scripts/start/node-red.cjs for the TypeScript harness (test/support/node-red.ts).
import type { ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One node of a flow as the admin API takes it. */
export type FlowNode = { id: string; type: string; [key: string]: unknown };

export interface NodeRedProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  token?: string;
  logs(): string;
  admin(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpReply>;
  deploy(flows: FlowNode[]): Promise<string>;
  flows(): Promise<{ rev: string; flows: FlowNode[] }>;
  stop(): Promise<void>;
}

export const RED_JS: string;
export function freePort(): Promise<number>;
export function writeSettings(userDir: string, settings: Record<string, unknown>, header?: string): string;
export function request(url: string, method: string, body?: unknown, headers?: Record<string, string>): Promise<HttpReply>;
export function startNodeRedProcess(options: {
  userDir: string;
  settingsFile: string;
  port: number;
  /** settings.lang, the language Node-RED logs in (default en-US). */
  lang?: string;
  env?: Record<string, string>;
  echo?: Writable;
  login?: { username: string; password: string };
  startTimeoutMs?: number;
  /** red.js to run; default RED_JS (the devDependency). */
  redJs?: string;
}): Promise<NodeRedProcess>;
