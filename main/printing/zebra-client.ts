/**
 * Sends ZPL to a networked Zebra printer over raw TCP (port 9100) and asks it how it is
 * (`~HS`). A job goes in chunks; after each chunk SimFleet asks for the host status on
 * the same connection. TCP delivers in order, so an answer to a `~HS` sent after a chunk
 * proves the printer received that chunk. UNDOCUMENTED: whether a printer answers `~HS`
 * before it has parsed the formats ahead of it; SimFleet assumes the worst the protocol
 * allows (bytes received, nothing more), so "sent" means "in the printer", never
 * "printed", and a connection that drops names every label not yet confirmed
 * (docs/printing.md).
 */
import { connect, type Socket } from 'node:net';
import { UserError } from '../errors/user-error';
import { describeAddress, type PrinterAddress } from './printer-address';
import { HostStatusReader, statusProblems, type ZebraStatus } from './zebra-status';

type ZebraAddress = Extract<PrinterAddress, { kind: 'zebra' }>;

/** One label's ZPL (`^XA…^XZ`) and the line it came from, to name it in a report. */
export interface ZebraLabel {
  readonly zpl: string;
  readonly line: number;
}

export interface SendReport {
  readonly total: number;
  /** Labels the printer confirmed it received. */
  readonly sent: number;
  /** Lines of labels that may not have printed (the job stopped before the printer confirmed them). */
  readonly notConfirmed: readonly number[];
  /** Why the job stopped early, or null when every label was sent. */
  readonly problem: string | null;
}

export interface SendOptions {
  /** Labels per chunk between status checks; default 25. */
  readonly chunkSize?: number;
  /** A connection silent this long is given up; default 15 s. */
  readonly timeoutMs?: number;
  readonly onProgress?: (sent: number, total: number) => void;
}

/** One open connection: writes, and `~HS` answers read back from the stream. */
class ZebraLink {
  private readonly reader = new HostStatusReader();
  private waiting: { resolve: (s: ZebraStatus) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      // Bytes nobody asked for are dropped; an answer is read as it arrives, in bounded memory.
      if (!this.waiting) return;
      const status = this.reader.push(chunk);
      if (status) {
        const { resolve } = this.waiting;
        this.waiting = null;
        resolve(status);
      }
    });
    const fail = (error: Error): void => {
      this.failure ??= error;
      this.waiting?.reject(this.failure);
      this.waiting = null;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the printer closed the connection')));
    socket.on('timeout', () => {
      fail(new Error('the printer stopped answering'));
      socket.destroy();
    });
  }

  static open(address: ZebraAddress, timeoutMs: number): Promise<ZebraLink> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address.host, port: address.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setTimeout(timeoutMs);
        resolve(new ZebraLink(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Writes text; resolves once the system has taken it. */
  write(text: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.socket.write(text, 'latin1', (error) => (error ? reject(error) : resolve())));
  }

  /** Asks `~HS` and waits for the answer. */
  async status(): Promise<ZebraStatus> {
    if (this.failure) throw this.failure;
    this.reader.reset();
    const answer = new Promise<ZebraStatus>((resolve, reject) => (this.waiting = { resolve, reject }));
    // When the write itself fails, its error is the one thrown; the answer's later rejection must not go unhandled.
    answer.catch(() => undefined);
    await this.write('~HS');
    return answer;
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
  }
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function openLink(address: ZebraAddress, timeoutMs: number): Promise<ZebraLink> {
  try {
    return await ZebraLink.open(address, timeoutMs);
  } catch (error) {
    throw new UserError(
      'printer_unreachable',
      `${describeAddress(address)} cannot be reached (${reasonOf(error)}). Check that it is on and on the network, and its address; nothing was sent.`,
    );
  }
}

/** The printer's host status, or why it could not be had. */
export async function zebraStatus(address: ZebraAddress, timeoutMs = 15_000): Promise<ZebraStatus> {
  const link = await openLink(address, timeoutMs);
  try {
    return await link.status();
  } catch (error) {
    throw new UserError('printer_not_answering', `${describeAddress(address)} did not answer a status request (${reasonOf(error)}).`);
  } finally {
    link.close();
  }
}

/** Refuses (printer_not_ready) when the printer reports a fault; nothing is sent then. */
export function assertReady(address: PrinterAddress, status: ZebraStatus): void {
  const problems = statusProblems(status);
  if (problems.length > 0) {
    throw new UserError('printer_not_ready', `${describeAddress(address)} is not ready: ${problems.join('; ')}. Nothing was sent; fix it and send again.`);
  }
}

/**
 * Sends labels after checking the printer is ready, a chunk at a time, each confirmed by
 * a status answer. Refuses before sending when the printer is unreachable or not ready;
 * once sending, it never throws: the report says how many the printer has and which
 * lines may not have printed.
 */
export async function sendToZebra(address: ZebraAddress, labels: readonly ZebraLabel[], options: SendOptions = {}): Promise<SendReport> {
  const chunkSize = Math.max(1, options.chunkSize ?? 25);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const link = await openLink(address, timeoutMs);
  const unconfirmedFrom = (from: number): number[] => labels.slice(from).map((l) => l.line);
  try {
    let status: ZebraStatus;
    try {
      status = await link.status();
    } catch (error) {
      throw new UserError('printer_not_answering', `${describeAddress(address)} did not answer a status request (${reasonOf(error)}); nothing was sent.`);
    }
    assertReady(address, status);
    let sent = 0;
    while (sent < labels.length) {
      const chunk = labels.slice(sent, sent + chunkSize);
      try {
        await link.write(chunk.map((l) => l.zpl).join(''));
        status = await link.status();
        // A full receive buffer is the printer catching up: wait for room (a while) rather than stop.
        const giveUp = Date.now() + timeoutMs;
        while (status.receiveBufferFull && statusProblems(status).length === 1 && Date.now() < giveUp) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          status = await link.status();
        }
      } catch (error) {
        return {
          total: labels.length,
          sent,
          notConfirmed: unconfirmedFrom(sent),
          problem: `the connection to ${describeAddress(address)} dropped (${reasonOf(error)})`,
        };
      }
      sent += chunk.length;
      options.onProgress?.(sent, labels.length);
      const problems = statusProblems(status);
      if (problems.length > 0 && sent < labels.length) {
        return { total: labels.length, sent, notConfirmed: unconfirmedFrom(sent), problem: `${describeAddress(address)} stopped: ${problems.join('; ')}` };
      }
    }
    return { total: labels.length, sent, notConfirmed: [], problem: null };
  } finally {
    link.close();
  }
}
