/**
 * A private PostgreSQL for the tests (docs/testing.md, "Fleet"): `initdb` in a temp
 * folder and `pg_ctl` on a loopback port, started and stopped by the test itself; never
 * a mock, never the machine's own cluster. As root, the server runs as the `postgres`
 * user (initdb refuses root). Trust authentication on loopback: roles and their rights
 * are still enforced, passwords are not checked.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  readonly port: number;
  /** A URL for a user (the superuser `postgres` by default) and database (`simfleet`). */
  url(user?: string, database?: string): string;
  /** Runs SQL as the superuser (psql), answering its output. */
  sql(statement: string, database?: string): string;
  /** Stops the server at once (as a crash would) and starts it again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

function binaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (scripts/setup.mjs test does it).');
  return join(root, versions[0]!, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binaries();
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-pg-'));
  const root = process.getuid?.() === 0;
  const asOwner = (command: string, args: string[]): string => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  asOwner('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  const start = async (): Promise<void> => {
    asOwner('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', join(dir, 'log'), '-w', 'start']);
  };
  const stop = async (): Promise<void> => {
    asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  await start();
  const psql = (statement: string, database = 'postgres'): string =>
    execFileSync(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-tAc', statement], {
      encoding: 'utf8',
    });
  psql('CREATE DATABASE simfleet');
  return {
    port,
    url: (user = 'postgres', database = 'simfleet') => `postgres://${user}@127.0.0.1:${port}/${database}`,
    sql: psql,
    restart: async () => {
      await stop();
      await start();
    },
    stop,
    start,
    async close() {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
