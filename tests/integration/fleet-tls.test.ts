/**
 * TLS to the fleet database (docs/fleet.md, "TLS"): with a CA file the connection is
 * verify-full (the server's certificate must chain to that CA and name the host), against
 * a real PostgreSQL with ssl = on; each way it can be wrong says what to check.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, connectionUrl, describeTls } from '../../main/fleet/database';
import { makeCertificates, startPostgres, type PostgresServer } from '../helpers/postgres-server';

let server: PostgresServer;
let plain: PostgresServer;
beforeAll(async () => {
  [server, plain] = await Promise.all([startPostgres({ tls: true }), startPostgres()]);
});
afterAll(async () => {
  await Promise.all([server.close(), plain.close()]);
});

async function tlsInUse(url: string): Promise<boolean> {
  const client = await connectDatabase(url);
  try {
    const { rows } = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return rows[0]!.ssl;
  } finally {
    await client.end();
  }
}

describe('fleet database over TLS', () => {
  it('connects with the CA file, checking the certificate and the host name', async () => {
    const url = `postgres://postgres@localhost:${server.port}/simfleet`;
    expect(await tlsInUse(connectionUrl(url, null, server.caFile!))).toBe(true);
    // What the screen and `fleet status` say is what is used.
    expect(describeTls(connectionUrl(url, null, server.caFile!))).toEqual({
      verified: true,
      text: `TLS, the server's certificate checked against ${server.caFile!}`,
    });
    expect(await tlsInUse(url)).toBe(false);
    expect(describeTls(url)).toEqual({ verified: false, text: 'not encrypted' });
  });

  it('refuses a certificate from another CA, a host the certificate does not name, a missing CA file, and a server without TLS', async () => {
    const other = makeCertificates(mkdtempSync(join(tmpdir(), 'simfleet-other-ca-')));
    const url = `postgres://postgres@localhost:${server.port}/simfleet`;
    await expect(connectDatabase(connectionUrl(url, null, other.caFile))).rejects.toMatchObject({
      code: 'fleet_tls',
      message: expect.stringContaining('check that the CA file is the one that signed the server certificate') as unknown,
    });
    // The certificate names localhost, not 127.0.0.1: the same server by address is refused.
    await expect(connectDatabase(connectionUrl(`postgres://postgres@127.0.0.1:${server.port}/simfleet`, null, server.caFile!))).rejects.toMatchObject({
      code: 'fleet_tls',
      message: expect.stringContaining('ERR_TLS_CERT_ALTNAME_INVALID') as unknown,
    });
    await expect(connectDatabase(connectionUrl(url, null, '/nonexistent/ca.pem'))).rejects.toMatchObject({
      code: 'fleet_tls',
      message: expect.stringContaining('The CA certificate file cannot be read') as unknown,
    });
    await expect(connectDatabase(connectionUrl(`postgres://postgres@localhost:${plain.port}/simfleet`, null, server.caFile!))).rejects.toMatchObject({
      code: 'fleet_tls',
      message: expect.stringContaining('does not offer TLS') as unknown,
    });
  });
});
