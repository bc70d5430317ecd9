// A real forward proxy for the proxy tests and the proxy benchmark: Debian's tinyproxy, started on
// 127.0.0.1 with a config of its own in a temp folder (no ConnectPort line: every port may be tunnelled,
// as tinyproxy.conf(5) documents), stopped by its PID. Its log (LogLevel Connect) records each request
// line, so a test can see which authority the proxy was asked to CONNECT to.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './postgres';

export const TINYPROXY = ['/usr/bin/tinyproxy', '/usr/sbin/tinyproxy'].find((p) => existsSync(p));

export interface Tinyproxy {
  url: string;
  port: number;
  /** The request lines the proxy logged so far ("CONNECT 127.0.0.1:443 HTTP/1.1"…). */
  requestLines(): string[];
  close(): Promise<void>;
}

async function listening(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`tinyproxy exited (${child.exitCode})`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('tinyproxy did not start listening');
}

export async function startTinyproxy(maxClients = 100): Promise<Tinyproxy> {
  if (!TINYPROXY) throw new Error('tinyproxy is not installed (apt-get install tinyproxy)');
  const dir = mkdtempSync(join(tmpdir(), 'relais-tinyproxy-'));
  const port = await freePort();
  const log = join(dir, 'tinyproxy.log');
  writeFileSync(
    join(dir, 'tinyproxy.conf'),
    [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 30', `LogFile "${log}"`, 'LogLevel Connect', `PidFile "${join(dir, 'tinyproxy.pid')}"`, `MaxClients ${maxClients}`, 'Allow 127.0.0.1', ''].join('\n'),
  );
  const child = spawn(TINYPROXY, ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: 'ignore' });
  await listening(port, child);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requestLines: () => (existsSync(log) ? readFileSync(log, 'utf8') : '').split('\n').flatMap((line) => /Request \(file descriptor \d+\): (.+)$/.exec(line)?.[1] ?? []),
    close: () =>
      new Promise<void>((resolve) => {
        const done = () => (rmSync(dir, { recursive: true, force: true }), resolve());
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
