/**
 * A loopback stand-in for a networked Zebra printer (raw TCP): it answers `~HS` with the
 * host status it is told to report, records every label format (`^XA…^XZ`) it receives,
 * and can drop the connection after a number of formats, as a printer that loses power
 * or network mid-job does.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type Fault = 'ok' | 'paper-out' | 'ribbon-out' | 'head-open' | 'paused';

export interface FakeZebra {
  readonly url: string;
  readonly port: number;
  /** Every format received, in order, over all connections. */
  readonly formats: string[];
  /** `~HS` requests answered. */
  statusRequests: number;
  /** What the next status answers report (the last one repeats). */
  faults: Fault[];
  /** Drops the connection once this many formats have arrived in total (null: never). */
  dropAfterFormats: number | null;
  /** Bytes of noise streamed before each status answer (a broken or hostile "printer"). */
  noiseBeforeAnswer: number;
  close(): Promise<void>;
}

/** The three framed strings of a `~HS` answer, with the flags a fault sets. */
export function hostStatusAnswer(fault: Fault): string {
  const flag = (on: boolean): string => (on ? '1' : '0');
  const first = ['030', flag(fault === 'paper-out'), flag(fault === 'paused'), '1218', '000', '0', '0', '0', '000', '0', '0', '0'];
  const second = ['001', '0', flag(fault === 'head-open'), flag(fault === 'ribbon-out'), '1', '2', '6', '0', '00000000', '1', '000'];
  return `\x02${first.join(',')}\x03\r\n\x02${second.join(',')}\x03\r\n\x021234,0\x03\r\n`;
}

export async function startFakeZebra(): Promise<FakeZebra> {
  const sockets = new Set<Socket>();
  const state: FakeZebra = {
    url: '',
    port: 0,
    formats: [],
    statusRequests: 0,
    faults: ['ok'],
    dropAfterFormats: null,
    noiseBeforeAnswer: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      pending += chunk;
      // Commands are taken in the order they arrive: formats, and status requests between them.
      for (;;) {
        const status = pending.indexOf('~HS');
        const start = pending.indexOf('^XA');
        const end = start === -1 ? -1 : pending.indexOf('^XZ', start);
        if (status !== -1 && (start === -1 || status < start)) {
          pending = pending.slice(status + 3);
          const fault = state.faults[Math.min(state.statusRequests, state.faults.length - 1)]!;
          state.statusRequests += 1;
          // Noise: a string begun and never ended, then plain bytes, in 64 KB writes.
          if (state.noiseBeforeAnswer > 0) socket.write(`\x02${'9'.repeat(2000)}`, 'latin1');
          for (let left = state.noiseBeforeAnswer; left > 0; left -= 65_536) socket.write(Buffer.alloc(Math.min(left, 65_536), 0x41));
          socket.write(hostStatusAnswer(fault), 'latin1');
          continue;
        }
        if (start === -1 || end === -1) break;
        state.formats.push(pending.slice(start, end + 3));
        pending = pending.slice(end + 3);
        if (state.dropAfterFormats !== null && state.formats.length >= state.dropAfterFormats) {
          socket.destroy();
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, { port, url: `tcp://127.0.0.1:${port}` });
}
