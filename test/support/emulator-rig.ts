// A whole conversation rig over real loopback HTTP: the emulator (the agent platform), an integration
// webhook (createAgentWebhook on a node:http server) and the conversation client going through the
// core transport (createRuntime with the emulator's 127.0.0.1 port allowed).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConversationClient, createAgentWebhook, type AgentEvent, type AgentWebhookOptions, type ConversationClient, type EventInfo } from '../../src/conversation';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator';
import { createRuntime, type Runtime } from '../../src/runtime';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 and a free port. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listening> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A runtime whose transport may reach `url`'s loopback host and port (and nothing else private). */
export function loopbackRuntime(url: string): Runtime {
  return createRuntime({ network: { allowed_hosts: [new URL(url).host] } });
}

/** Collects events and lets a test await the one it expects instead of sleeping. */
export class EventLog {
  readonly events: AgentEvent[] = [];
  private waiters: Array<{ match: (e: AgentEvent) => boolean; resolve: (e: AgentEvent) => void }> = [];

  push(event: AgentEvent): void {
    this.events.push(event);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.match(event)) return true;
      waiter.resolve(event);
      return false;
    });
  }

  waitFor(match: (event: AgentEvent) => boolean, timeoutMs = 5000): Promise<AgentEvent> {
    const found = this.events.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching agent event within ${timeoutMs} ms; got ${this.events.map((e) => e.type).join(', ')}`)), timeoutMs);
      this.waiters.push({ match, resolve: (event) => (clearTimeout(timer), resolve(event)) });
    });
  }
}

export const BOT_ID = 'bot-test-1';
export const API_KEY = 'key-Secret-1234567890';

export interface RigOptions {
  /** The integration's answers; by default an order lookup and an online support team. */
  onEvent?: (event: AgentEvent, info: EventInfo) => unknown;
  webhook?: Partial<AgentWebhookOptions>;
  emulator?: Partial<EmulatorOptions>;
}

export interface Rig {
  emulator: Emulator;
  client: ConversationClient;
  runtime: Runtime;
  log: EventLog;
  webhookUrl: string;
  close(): Promise<void>;
}

/** The default integration: `lookup_order` answers from a tiny table; the support team is online. */
export function demoIntegration(event: AgentEvent): unknown {
  if (event.type === 'action' && event.name === 'lookup_order') {
    const orders: Record<string, Record<string, string>> = { '1234': { status: 'shipped', eta: '2026-11-25' } };
    return orders[event.variables.order_number] ?? {};
  }
  if (event.type === 'isTeamOnline') return { isOnline: true };
  return undefined;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const log = new EventLog();
  const onEvent = options.onEvent ?? demoIntegration;
  const handler = createAgentWebhook({
    bot_id: BOT_ID,
    ...options.webhook,
    onEvent: (event, info) => {
      log.push(event);
      return onEvent(event, info);
    },
  });
  const webhook = await listen((req, res) => void handler(req, res));
  const emulator = await startEmulator({
    bot_id: BOT_ID,
    api_key: API_KEY,
    chat_webhook_url: `${webhook.url}/hooks/chat`,
    actions_webhook_url: `${webhook.url}/hooks/actions`,
    ...options.emulator,
  });
  const runtime = loopbackRuntime(emulator.url);
  const client = createConversationClient({ base_url: emulator.url, bot_id: BOT_ID, api_key: API_KEY, runtime, allow_http: true });
  return {
    emulator,
    client,
    runtime,
    log,
    webhookUrl: webhook.url,
    async close() {
      await emulator.close();
      await webhook.close();
      await runtime.close();
    },
  };
}
