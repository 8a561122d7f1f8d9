/**
 * The fleet database connection (docs/fleet.md): node-postgres, a URL such as
 * `postgres://station@db.example:5432/simfleet?sslmode=verify-full&sslrootcert=ca.pem`,
 * the password in the URL or in PGPASSWORD (node-postgres reads it), and failures turned
 * into messages that say what to do. The password never appears in what SimFleet prints.
 */
import type pg from 'pg';
import { UserError } from '../errors/user-error';
import { isLoopbackHost } from '../telegent/base-url';
import type { Environment } from '../../preload/domain';

/** The URL as it may be shown: no password, no query secrets. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'the fleet database';
  }
}

/**
 * How the connection to the database is protected, as it may be shown (node-postgres' own
 * meanings: `require`, `verify-ca` and `verify-full` all check the server's certificate).
 */
export function describeTls(url: string): { readonly verified: boolean; readonly text: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { verified: false, text: 'not encrypted' };
  }
  const mode = u.searchParams.get('sslmode');
  const ca = u.searchParams.get('sslrootcert');
  if (mode === 'disable') return { verified: false, text: 'not encrypted (sslmode=disable)' };
  if (ca) return { verified: true, text: `TLS, the server's certificate checked against ${ca}` };
  if (mode) return { verified: true, text: "TLS, the server's certificate checked against this computer's certificate authorities" };
  return { verified: false, text: 'not encrypted' };
}

/**
 * A production fleet's database is reached over TLS with its certificate checked; one on
 * this computer may go without when the URL says so (`sslmode=disable`). Throws what to do.
 */
export function checkProductionTls(url: string): void {
  const u = new URL(url);
  if (describeTls(url).verified || (isLoopbackHost(u.hostname) && u.searchParams.get('sslmode') === 'disable')) return;
  throw new UserError(
    'fleet_needs_tls',
    `A production fleet's database must be reached over TLS with its certificate checked; ${describeDatabase(url)} would not be. ` +
      'Set its CA file in Settings → Fleet (or add ?sslmode=verify-full to the URL). ' +
      'A database on this computer may go without TLS when its URL ends in ?sslmode=disable.',
  );
}

/** A URL as typed (it may carry a password): the URL without it, and the password. */
export function splitDatabaseUrl(typed: string): { readonly url: string; readonly password: string | null } {
  checkDatabaseUrl(typed);
  const u = new URL(typed.trim());
  const password = u.password ? decodeURIComponent(u.password) : null;
  u.password = '';
  return { url: u.toString(), password };
}

/** The URL to connect with: the saved one, the password from the keychain, TLS with the CA file when one is set (verify-full). */
export function connectionUrl(url: string, password: string | null, caFile: string): string {
  const u = new URL(url);
  if (password) u.password = encodeURIComponent(password);
  if (caFile.trim()) {
    u.searchParams.set('sslmode', 'verify-full');
    u.searchParams.set('sslrootcert', caFile.trim());
  }
  return u.toString();
}

/** Checks the URL's form before anything connects. */
export function checkDatabaseUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError('fleet_bad_url', 'The fleet database URL is not a URL: write it as postgres://USER@HOST:5432/DATABASE.');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new UserError('fleet_bad_url', `The fleet database URL must start with postgres:// (it starts with ${u.protocol}//).`);
  }
  if (!u.hostname) throw new UserError('fleet_bad_url', 'The fleet database URL names no host: write it as postgres://USER@HOST:5432/DATABASE.');
  // node-postgres reads ?host=, ?port=, ?user= and more from the query, over what the URL shows:
  // the screen would name one database while SimFleet connected to another (docs/security.md).
  for (const [name, value] of u.searchParams) {
    if (name === 'sslrootcert') continue;
    if (name === 'sslmode' && SSL_MODES.has(value)) continue;
    throw new UserError(
      'fleet_bad_url',
      `The fleet database URL carries ?${name}=, which SimFleet does not take: it connects only to the host, port, user and database ` +
        'the URL shows. Remove the part after "?" (for TLS, set the CA file in Settings → Fleet).',
    );
  }
}

/** The TLS modes a URL may name (node-postgres' own meanings); anything else is refused. */
const SSL_MODES: ReadonlySet<string> = new Set(['disable', 'require', 'verify-ca', 'verify-full']);

/** The schema of an environment: practice and production never share a ledger. */
export function fleetSchema(environment: Environment): string {
  return environment === 'production' ? 'simfleet_production' : 'simfleet_practice';
}

/** Errors that mean "the database is not there" (down, restarting, network) rather than "it refused this". */
export function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  const message = String((error as { message?: string }).message ?? '');
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006'].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)
  );
}

/** PostgreSQL's error codes that an operator can act on (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export function databaseError(error: unknown, url: string): UserError {
  if (error instanceof UserError) return error;
  const where = describeDatabase(url);
  const e = error as { code?: string; message?: string };
  // node-postgres says this when the server asks for a password and none was given.
  if (/client password must be a string/i.test(e.message ?? '')) {
    return new UserError(
      'fleet_no_password',
      `The fleet database at ${where} asks for a password and none was given: put it in PGPASSWORD or --fleet-password-file ` +
        '(the command line), or save it in Settings → Fleet (the app).',
    );
  }
  switch (e.code) {
    case 'ECONNREFUSED':
      return new UserError('fleet_unreachable', `Cannot reach the fleet database at ${where} (connection refused): is PostgreSQL running there, on that port?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UserError('fleet_unreachable', `Cannot reach the fleet database at ${where}: the host name does not resolve.`);
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return new UserError('fleet_unreachable', `The fleet database at ${where} did not answer (${e.code}).`);
    case '28P01':
    case '28000':
      return new UserError(
        'fleet_auth',
        `The fleet database at ${where} refused the user or password: check them (the password goes in the URL or in PGPASSWORD).`,
      );
    case '3D000':
      return new UserError('fleet_no_database', `The database in ${where} does not exist: create it first (createdb), then run simfleet fleet migrate.`);
    case '42501':
      if (/^the station name .* belongs to another database login$/.test(e.message ?? '')) {
        return new UserError(
          'fleet_station_name',
          `The fleet database refused to join: ${e.message}. Give this station its own name (--station, or Settings → Fleet), ` +
            'or use the login that station joins with.',
        );
      }
      if (/permission denied to create role/i.test(e.message ?? '')) {
        return new UserError(
          'fleet_permission',
          `simfleet fleet migrate creates the station roles, and this user may not create roles (${e.message}): ` +
            'run it as the database owner with CREATEROLE (ALTER ROLE owner CREATEROLE, as a superuser), or as a superuser.',
        );
      }
      return new UserError(
        'fleet_permission',
        `The fleet database refused an operation for this user (${e.message ?? 'permission denied'}): ` +
          'migrations need the database owner; stations use a login in the role simfleet_station_practice or simfleet_station_production.',
      );
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new UserError(
        'fleet_tls',
        `The fleet database at ${where} showed a certificate this station does not accept (${e.code}): check that the CA file is the one that ` +
          'signed the server certificate, and that the URL names the host the certificate was made for.',
      );
    case 'ENOENT':
    case 'EACCES':
      return new UserError('fleet_tls', `The CA certificate file cannot be read (${e.message ?? e.code}): give the path of a PEM file this user may read.`);
    default:
      if (/does not support SSL/i.test(e.message ?? ''))
        return new UserError(
          'fleet_tls',
          new URL(url).searchParams.get('sslrootcert')
            ? `The fleet database at ${where} does not offer TLS, but a CA file is set: turn TLS on at the server (ssl = on), or clear the CA file.`
            : `The fleet database at ${where} does not offer TLS, but the URL asks for it (sslmode=${new URL(url).searchParams.get('sslmode') ?? ''}): ` +
                'turn TLS on at the server (ssl = on), or, for a database on this computer only, end the URL in ?sslmode=disable.',
        );
      if (isConnectionFailure(error)) return new UserError('fleet_unreachable', `The fleet database at ${where} stopped answering (${e.message ?? e.code}).`);
      return new UserError('fleet_database', `The fleet database at ${where} answered: ${e.message ?? String(error)}.`);
  }
}

/**
 * The URL as node-postgres should read it: it treats sslmode=require and verify-ca as
 * verify-full already (what describeTls says), and warns on stderr each time it sees them;
 * naming verify-full says the same without the warning.
 */
export function driverUrl(url: string): string {
  const u = new URL(url);
  const mode = u.searchParams.get('sslmode');
  if (mode !== 'require' && mode !== 'verify-ca') return url;
  u.searchParams.set('sslmode', 'verify-full');
  return u.toString();
}

/** A client for one command; closed by the caller. */
export async function connectDatabase(url: string): Promise<pg.Client> {
  checkDatabaseUrl(url);
  let client: pg.Client | null = null;
  try {
    // The driver is loaded when a database is used (docs/cli.md, "Start-up").
    const { default: pg } = await import('pg');
    // Reading the URL reads the CA file too (sslrootcert): its failures are the user's to fix as well.
    client = new pg.Client({ connectionString: driverUrl(url), connectionTimeoutMillis: 10_000, application_name: 'simfleet' });
    // A connection that drops later reports through 'error'; without a listener Node would crash.
    client.on('error', () => undefined);
    await client.connect();
  } catch (error) {
    await client?.end().catch(() => undefined);
    throw databaseError(error, url);
  }
  return client;
}
