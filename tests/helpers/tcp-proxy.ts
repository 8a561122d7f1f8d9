/**
 * A loopback TCP proxy between a station and PostgreSQL that can hold traffic, as a
 * network partition from the database only would (docs/testing.md, "Fault injection").
 * `holdAfter(text)` lets the first client message containing `text` through to the server,
 * then holds everything in both directions (data waits in the proxy) until `release()`:
 * the database has carried the statement out, and its answer is late.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Resolves once a client message containing `text` passed and traffic is held. */
  holdAfter(text: string): Promise<void>;
  release(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; server: Socket }>();
  let holding = false;
  let trigger: { text: string; fire: () => void } | null = null;
  const held: Array<() => void> = [];

  /** Writes now, or once released. */
  const forward = (to: Socket, chunk: Buffer): void => {
    if (holding) held.push(() => to.write(chunk));
    else to.write(chunk);
  };

  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const pair = { client, server: upstream };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (!holding && trigger && chunk.includes(trigger.text)) {
        upstream.write(chunk);
        holding = true;
        const fire = trigger.fire;
        trigger = null;
        fire();
        return;
      }
      forward(upstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => forward(client, chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    holdAfter(text) {
      return new Promise((fire) => {
        trigger = { text, fire };
      });
    },
    release() {
      holding = false;
      for (const write of held.splice(0)) write();
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
