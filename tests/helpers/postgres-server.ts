/**
 * A private PostgreSQL for the tests (docs/testing.md, "Fleet"): `initdb` in a temp
 * folder and `pg_ctl` on a loopback port, started and stopped by the test itself; never
 * a mock, never the machine's own cluster. As root, the server runs as the `postgres`
 * user (initdb refuses root). Trust authentication on loopback: roles and their rights
 * are still enforced, passwords are not checked.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  readonly port: number;
  /** With `tls`: the CA that signed the server's certificate (made for the host name localhost only). */
  readonly caFile: string | null;
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

/** A throwaway CA and a server certificate it signed, for the host name localhost only (openssl). */
export function makeCertificates(dir: string): { caFile: string; certFile: string; keyFile: string } {
  mkdirSync(dir, { recursive: true });
  const at = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=SimFleet test CA', '-keyout', at('ca.key'), '-out', at('ca.pem'));
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', at('server.key'), '-out', at('server.csr'));
  writeFileSync(at('san.ext'), 'subjectAltName=DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    at('san.ext'),
    '-out',
    at('server.pem'),
  );
  return { caFile: at('ca.pem'), certFile: at('server.pem'), keyFile: at('server.key') };
}

export async function startPostgres(options: { readonly tls?: boolean } = {}): Promise<PostgresServer> {
  const bin = binaries();
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-pg-'));
  const root = process.getuid?.() === 0;
  const asOwner = (command: string, args: string[]): string => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const ownerIds = (): { uid: number; gid: number } => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  if (root) chownSync(dir, ownerIds().uid, ownerIds().gid);
  const data = join(dir, 'data');
  asOwner('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  let tls = '';
  let caFile: string | null = null;
  if (options.tls) {
    const made = makeCertificates(join(dir, 'tls'));
    caFile = made.caFile;
    // The server reads its key only when the key is its own and private.
    for (const [from, to] of [
      [made.certFile, 'server.crt'],
      [made.keyFile, 'server.key'],
    ] as const) {
      writeFileSync(join(data, to), readFileSync(from), { mode: 0o600 });
      if (root) chownSync(join(data, to), ownerIds().uid, ownerIds().gid);
    }
    tls = ' -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key';
  }
  const port = await freePort();
  const start = async (): Promise<void> => {
    asOwner('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off${tls}`, '-l', join(dir, 'log'), '-w', 'start']);
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
    caFile,
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
