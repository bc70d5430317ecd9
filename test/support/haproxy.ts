// A real load balancer for the scale-out suites: Debian's HAProxy on a free loopback port, round-robin
// over the given backends, health-checked every 500 ms (a killed backend is taken out of rotation),
// with the name of the backend that served each response in `x-served-by`. Foreground (-db), stopped
// with the suite.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './node-red';

export const HAPROXY_MISSING = 'HAProxy is not installed (Debian: apt-get install -y haproxy)';

export function findHaproxy(): string | undefined {
  return ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy', '/usr/bin/haproxy'].find((p) => existsSync(p));
}

export interface Balancer {
  url: string;
  stop(): Promise<void>;
}

export async function startHaproxy(bin: string, backends: Array<{ name: string; port: number }>, healthPath = '/healthz'): Promise<Balancer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'relais-haproxy-'));
  const config = [
    'global',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 90s',
    '  timeout server 90s',
    '  retries 2',
    '  option redispatch',
    'frontend relais',
    `  bind 127.0.0.1:${port}`,
    '  default_backend webhooks',
    'backend webhooks',
    '  balance roundrobin',
    `  option httpchk GET ${healthPath}`,
    '  http-response set-header x-served-by %[srv_name]',
    ...backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check inter 500 fall 2 rise 2`),
    '',
  ].join('\n');
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const child = spawn(bin, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited:\n${output}`);
    const up = await fetch(`${url}${healthPath}`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`haproxy did not serve in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
