/**
 * The transport over TLS (main/telegent/transport.ts): a request is written once the
 * handshake is done, on a new connection and on a kept-alive one alike. The write waits on
 * Node's `_secureEstablished` for a socket handed over already connected; if a Node upgrade
 * dropped it, the kept-alive requests here would wait for a handshake that never comes.
 */
import { execFile } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeCertificates } from '../helpers/postgres-server';

describe('the transport over TLS', () => {
  it('writes each request once the connection is up: a new one, and the kept-alive one after it', async () => {
    const certs = makeCertificates(mkdtempSync(join(tmpdir(), 'simfleet-tls-')));
    const sockets = new Set<string>();
    const server = createServer({ key: readFileSync(certs.keyFile), cert: readFileSync(certs.certFile) }, (req, res) => {
      sockets.add(`${req.socket.remotePort}`);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.end(JSON.stringify({ got: body })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://localhost:${(server.address() as AddressInfo).port}/v1.0/echo`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'tests/helpers/transport-child.ts', url], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: certs.caFile },
      });
      expect(JSON.parse(stdout)).toEqual([0, 1, 2].map((n) => ({ status: 200, text: JSON.stringify({ got: `{"n":${n}}` }) })));
      // One connection: the second and third requests went out on the kept-alive socket.
      expect(sockets.size).toBe(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
