// A real PostgreSQL for the store suites, started by the test itself: initdb into a temp folder, then
// pg_ctl start on 127.0.0.1 with a free port and a private unix-socket folder, password (scram)
// authentication, fsync off (throwaway data). PostgreSQL refuses to run as root, so as root the
// programs run as the `postgres` system user on a folder it owns. Stop it in afterAll.
import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { findPostgresBin } from './prerequisites';

const run = promisify(execFile);

export const POSTGRES_MISSING = 'PostgreSQL is not installed (Debian: apt-get install -y postgresql)';

export interface PostgresServer {
  port: number;
  /** postgres://relais:<password>@127.0.0.1:<port>/postgres */
  connectionString: string;
  password: string;
  /** Creates an empty database and returns its connection string. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function postgresIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return { uid, gid };
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(POSTGRES_MISSING);
  const ids = await postgresIds();
  const asOwner = (program: string, args: string[]) => (ids ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args]) : run(join(bin, program), args));

  const dir = mkdtempSync(join(tmpdir(), 'relais-pg-'));
  const data = join(dir, 'data');
  const sockets = join(dir, 'sock');
  const passwordFile = join(dir, 'password');
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  mkdirSync(sockets);
  writeFileSync(passwordFile, password);
  if (ids) for (const path of [dir, sockets, passwordFile]) chownSync(path, ids.uid, ids.gid);

  await asOwner('initdb', ['-D', data, '-U', 'relais', `--pwfile=${passwordFile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const port = await freePort();
  const settings = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  await asOwner('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', settings, 'start']);

  const urlFor = (database: string) => `postgres://relais:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    port,
    password,
    connectionString: urlFor('postgres'),
    async createDatabase(name) {
      const client = new Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    async stop() {
      await asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
