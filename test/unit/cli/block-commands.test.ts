// `relais preview` and `relais run`, run in-process against a loopback server: JSON on stdout, errors
// as JSON on stderr with exit 1, usage problems with exit 2, secrets never printed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPreviewCommand } from '../../../src/cli/preview';
import { createRunCommand } from '../../../src/cli/run';

const TOKEN = 'cli-secret-token-7f3e9a';
let server: Server;
let port: number;
let dir: string;
const paths: string[] = [];

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

const block = (path: string) => ({
  id: 'lookup-order',
  type: 'action',
  data: {
    label: 'Lookup Order',
    parameters: {
      action_type: 'http_request',
      http_method: 'GET',
      url: `http://127.0.0.1:${port}${path}`,
      allow_http: 'true',
      credential: 'api',
      variables: [{ name: 'order_number', type: 'string', required: true, example: 'ORD-1' }],
      filter: { include: ['status'] },
    },
  },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relais-cli-'));
  server = createServer((req, res) => {
    const found = req.url?.startsWith('/orders/ORD-1') && req.headers.authorization === `Bearer ${TOKEN}`;
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(found ? { status: 'shipped', secret_note: 'x' } : { message: `no order (auth ${req.headers.authorization})` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  paths.push(
    file('block.json', block('/orders/{{order_number}}')),
    file('ctx.json', { variables: { order_number: 'ORD-1' } }),
    file('creds.json', { api: { type: 'bearer', token: TOKEN } }),
  );
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const flags = () => ['--context', paths[1], '--credentials', paths[2], '--allow-host', `127.0.0.1:${port}`];

describe('relais run', () => {
  it('prints the filtered result as JSON', async () => {
    const { out, io } = capture();
    expect(await createRunCommand(io).run([paths[0], ...flags()])).toBe(0);
    const printed = JSON.parse(out.stdout);
    expect(printed.ok).toBe(true);
    expect(printed.data).toEqual({ status: 'shipped' });
    expect(printed.meta.request.headers.Authorization).toBe('[redacted]');
    expect(out.stdout + out.stderr).not.toContain(TOKEN);
  });

  it('prints an HTTP error with its code, fallback and redacted body on stderr, exit 1', async () => {
    const { out, io } = capture();
    const ctx = file('ctx-404.json', { payload: { order_number: 'ORD-404' } });
    expect(await createRunCommand(io).run([paths[0], '--context', ctx, '--credentials', paths[2], '--allow-host', `127.0.0.1:${port}`])).toBe(1);
    const printed = JSON.parse(out.stderr);
    expect(printed.error).toMatchObject({ code: 'http_404', status: 404, fallback: "I don't see a record matching that." });
    expect(out.stdout).toBe('');
    expect(out.stderr).not.toContain(TOKEN);
  });

  it('reports a missing variable and an invalid block as JSON errors', async () => {
    const { out, io } = capture();
    expect(await createRunCommand(io).run([paths[0], '--credentials', paths[2]])).toBe(1);
    expect(JSON.parse(out.stderr).error.code).toBe('missing_variable');
    const bad = capture();
    const badBlock = file('bad.json', { id: 'x', type: 'action', data: { parameters: { action_type: 'http_request', http_method: 'GET', url: 'https://{{host}}/x' } } });
    expect(await createRunCommand(bad.io).run([badBlock])).toBe(1);
    expect(JSON.parse(bad.out.stderr).error).toMatchObject({ code: 'invalid_block', issues: [expect.objectContaining({ path: 'data.parameters.url' })] });
  });

  it('usage problems exit 2 with a hint', async () => {
    for (const args of [[], ['a.json', 'b.json'], ['--nope', paths[0]], [join(dir, 'missing.json')]]) {
      const { out, io } = capture();
      expect(await createRunCommand(io).run(args)).toBe(2);
      expect(out.stderr).toMatch(/relais run --help/);
    }
    const { out, io } = capture();
    expect(await createRunCommand(io).run([file('secret.json', `{"api": {"token": "${TOKEN}"`)])).toBe(2);
    expect(out.stderr).not.toContain(TOKEN);
  });
});

describe('relais preview', () => {
  it('prints the rendered, redacted request and sends nothing', async () => {
    const { out, io } = capture();
    expect(await createPreviewCommand(io).run([paths[0], ...flags()])).toBe(0);
    const printed = JSON.parse(out.stdout);
    expect(printed.request).toMatchObject({ method: 'GET', url: `http://127.0.0.1:${port}/orders/ORD-1`, headers: { Authorization: '[redacted]' } });
    expect(printed.variables).toEqual({ order_number: 'ORD-1' });
    expect(out.stdout).not.toContain(TOKEN);
  });

  it('--help on each command', async () => {
    for (const command of [createPreviewCommand, createRunCommand]) {
      const { out, io } = capture();
      expect(await command(io).run(['--help'])).toBe(0);
      expect(out.stdout).toMatch(/--context <file>.*\n[\s\S]*--credentials <file>/);
    }
  });
});
