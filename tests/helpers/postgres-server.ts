/**
 * PostgreSQL for the tests (docs/testing.md, "Fleet (PostgreSQL)", "Lanes"): `initdb` in a
 * temp folder and `pg_ctl` on a loopback port, started by the run (one cluster, a database
 * per file) or by a test that needs its own; never a mock, never the machine's own cluster. As root, the server runs as the `postgres`
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
  /** This handle's own database. */
  readonly database: string;
  /** A URL for a user (the superuser `postgres` by default) and database (this handle's own by default). */
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

/** A cluster on disk and its port: what a handle needs to reach it, stop it and start it again. */
interface Cluster {
  readonly dir: string;
  readonly port: number;
  readonly tls: boolean;
  readonly caFile: string | null;
}

/** Set by tests/infrastructure-setup.ts: the run's one cluster, as JSON, for every file of the infrastructure lane. */
const SHARED = 'SIMFLEET_TEST_POSTGRES';

const runAsRoot = (): boolean => process.getuid?.() === 0;

function asOwner(command: string, args: string[]): string {
  const bin = binaries();
  const [file, argv] = runAsRoot() ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function ownerIds(): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  };
}

async function initCluster(options: { readonly tls?: boolean }): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-pg-'));
  if (runAsRoot()) chownSync(dir, ownerIds().uid, ownerIds().gid);
  const data = join(dir, 'data');
  asOwner('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
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
      if (runAsRoot()) chownSync(join(data, to), ownerIds().uid, ownerIds().gid);
    }
  }
  return { dir, port: await freePort(), tls: options.tls ?? false, caFile };
}

function startCluster(c: Cluster): void {
  const tls = c.tls ? ' -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key' : '';
  const data = join(c.dir, 'data');
  asOwner('pg_ctl', ['-D', data, '-o', `-p ${c.port} -k ${c.dir} -c listen_addresses=127.0.0.1 -c fsync=off${tls}`, '-l', join(c.dir, 'log'), '-w', 'start']);
}

function stopCluster(c: Cluster): void {
  asOwner('pg_ctl', ['-D', join(c.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
}

function psqlOn(c: Cluster) {
  return (statement: string, database = 'postgres'): string =>
    execFileSync(
      join(binaries(), 'psql'),
      ['-h', '127.0.0.1', '-p', String(c.port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-tAc', statement],
      {
        encoding: 'utf8',
      },
    );
}

/** A handle on `c` whose URLs name `database` unless told otherwise; `close` is what the owner of the handle must undo. */
function handle(c: Cluster, database: string, close: () => Promise<void>): PostgresServer {
  return {
    port: c.port,
    caFile: c.caFile,
    database,
    url: (user = 'postgres', db = database) => `postgres://${user}@127.0.0.1:${c.port}/${db}`,
    sql: psqlOn(c),
    restart: async () => {
      stopCluster(c);
      startCluster(c);
    },
    stop: async () => stopCluster(c),
    start: async () => startCluster(c),
    close,
  };
}

/** The run's one cluster, started by tests/infrastructure-setup.ts; returns its teardown. */
export async function startSharedPostgres(): Promise<() => void> {
  const cluster = await initCluster({});
  startCluster(cluster);
  process.env[SHARED] = JSON.stringify(cluster);
  return () => {
    try {
      stopCluster(cluster);
    } finally {
      rmSync(cluster.dir, { recursive: true, force: true });
    }
  };
}

let databases = 0;

/**
 * A PostgreSQL for a test file: a database of its own on the run's cluster when the run
 * started one (tests/infrastructure-setup.ts), else a private cluster; a private cluster
 * also for a file that stops the server mid-test (`restarts`: stopping the run's cluster
 * would stop every other file's) or needs a certificate of its own (`tls`).
 */
export async function startPostgres(options: { readonly tls?: boolean; readonly restarts?: boolean } = {}): Promise<PostgresServer> {
  const shared = process.env[SHARED];
  if (shared && !options.tls && !options.restarts) {
    const cluster = JSON.parse(shared) as Cluster;
    const database = `simfleet_${process.pid}_${++databases}`;
    psqlOn(cluster)(`CREATE DATABASE ${database}`);
    return handle(cluster, database, async () => void psqlOn(cluster)(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  }
  const cluster = await initCluster(options);
  startCluster(cluster);
  psqlOn(cluster)('CREATE DATABASE simfleet');
  return handle(cluster, 'simfleet', async () => {
    try {
      stopCluster(cluster);
    } catch {
      // Already stopped.
    }
    rmSync(cluster.dir, { recursive: true, force: true });
  });
}
