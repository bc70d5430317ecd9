// `relais emulator`: flags, --help, errors, a real loopback exchange logged, and a clean stop on
// SIGTERM/SIGINT (signals come from an emitter standing in for the process, so the test runner is
// not signalled itself).
import { EventEmitter } from 'node:events';
import { createEmulatorCommand, emulatorOptionsFromArgs, parseDuration, type EmulatorCommandIO } from '../../../src/cli/emulator';

function fakeIO(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  const waiters: Array<{ match: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  const io: EmulatorCommandIO = {
    stdout: (text) => {
      out.push(text);
      for (const waiter of [...waiters]) {
        const m = out.join('').match(waiter.match);
        if (m) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(m);
        }
      }
    },
    stderr: (text) => err.push(text),
    env,
    signals: signals as unknown as EmulatorCommandIO['signals'],
  };
  const waitForOutput = (match: RegExp, timeoutMs = 3000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const m = out.join('').match(match);
      if (m) return resolve(m);
      const timer = setTimeout(() => reject(new Error(`no output matching ${match} within ${timeoutMs} ms; got:\n${out.join('')}`)), timeoutMs);
      waiters.push({ match, resolve: (found) => (clearTimeout(timer), resolve(found)) });
    });
  return { io, out, err, signals, waitForOutput };
}

describe('relais emulator', () => {
  let stopAfterTest: (() => void) | undefined;
  afterEach(() => {
    // A failed assertion must not leave an emulator listening.
    stopAfterTest?.();
    stopAfterTest = undefined;
  });

  it('lists every option with its default in --help', async () => {
    const { io, out } = fakeIO();
    expect(await createEmulatorCommand(io).run(['--help'])).toBe(0);
    const help = out.join('');
    for (const flag of ['--host', '--port', '--bot-id', '--api-key', '--chat-webhook', '--actions-webhook', '--session-timeout', '--webhook-timeout', '--signing-secret', '--webhook-secret']) expect(help).toContain(flag);
    expect(help).toContain('default 3999');
    expect(help).toContain('default demo-bot');
    expect(help).toContain('default 2h');
  });

  it('reads flags, environment secrets and defaults', () => {
    expect(emulatorOptionsFromArgs([])).toMatchObject({ host: '127.0.0.1', port: 3999, bot_id: 'demo-bot', api_key: 'demo-key', session_timeout_ms: 7_200_000, webhook_timeout_ms: 10_000 });
    expect(
      emulatorOptionsFromArgs(['--port', '0', '--bot-id', 'b', '--chat-webhook', 'http://127.0.0.1:1/c', '--session-timeout', '90s', '--signing-secret', 'flag-secret'], {
        RELAIS_EMULATOR_API_KEY: 'env-key',
        RELAIS_EMULATOR_SIGNING_SECRET: 'env-secret',
      }),
    ).toMatchObject({ port: 0, bot_id: 'b', api_key: 'env-key', chat_webhook_url: 'http://127.0.0.1:1/c', session_timeout_ms: 90_000, signing_secret: 'flag-secret' });
    expect([parseDuration('500ms', 'x'), parseDuration('30m', 'x'), parseDuration('1500', 'x'), parseDuration('1.5h', 'x')]).toEqual([500, 1_800_000, 1500, 5_400_000]);
    expect(() => parseDuration('soon', '--session-timeout')).toThrow(/--session-timeout must be a duration/);
  });

  it('exits 2 with a message naming a bad flag', async () => {
    for (const args of [['--nope'], ['--port', 'eighty'], ['--session-timeout', '0']]) {
      const { io, err } = fakeIO();
      expect(await createEmulatorCommand(io).run(args)).toBe(2);
      expect(err.join('')).toMatch(/relais emulator: .*(--nope|--port|--session-timeout)/);
    }
  });

  it('serves the chat API, logs each exchange without the key, and stops cleanly on a signal', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const { io, out, signals, waitForOutput } = fakeIO();
      const running = createEmulatorCommand(io).run(['--port', '0', '--api-key', 'cli-Key-123', '--bot-id', 'cli-bot']);
      const [, url] = await waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      stopAfterTest = () => signals.emit(signal);
      const response = await fetch(`${url}/converse/chat`, {
        method: 'POST',
        headers: { authorization: 'cli-Key-123', botid: 'cli-bot', 'content-type': 'application/json' },
        body: JSON.stringify({ platformConversationId: 'cli-1', eventType: 'startSession' }),
      });
      expect(response.status).toBe(200);
      await waitForOutput(/← chat\s+sendMessage cli-1 "Hello! .*" \[3 buttons\] not sent \(no webhook URL\)/);
      // Without an actions webhook, an action gets no results (the agent says it found nothing).
      await fetch(`${url}/converse/chat`, {
        method: 'POST',
        headers: { authorization: 'cli-Key-123', botid: 'cli-bot', 'content-type': 'application/json' },
        body: JSON.stringify({ platformConversationId: 'cli-1', eventType: 'message', text: 'order 4321' }),
      });
      await waitForOutput(/← action\s+lookup_order cli-1 order_number="4321" not sent[^\n]*\n[^\n]*"I could not find order 4321/);
      signals.emit(signal);
      expect(await running).toBe(0);
      expect(out.join('')).toContain('Stopping the emulator');
      expect(out.join('')).not.toContain('cli-Key-123');
      await expect(fetch(`${url}/converse/chat`, { method: 'POST' })).rejects.toThrow();
      expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
    }
  });

  it('says which port is taken', async () => {
    const first = fakeIO();
    const running = createEmulatorCommand(first.io).run(['--port', '0']);
    const [, port] = await first.waitForOutput(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const second = fakeIO();
    expect(await createEmulatorCommand(second.io).run(['--port', port])).toBe(1);
    expect(second.err.join('')).toContain(`port ${port} is in use`);
    first.signals.emit('SIGINT');
    expect(await running).toBe(0);
  });
});
