/**
 * Where labels go, as operators and scripts write it: `tcp://HOST[:PORT]` for a networked
 * Zebra printer (raw port 9100 by default) or `cups:QUEUE` for a CUPS queue (docs/printing.md).
 */
import { UserError } from '../errors/user-error';

export type PrinterAddress = { readonly kind: 'zebra'; readonly host: string; readonly port: number } | { readonly kind: 'cups'; readonly queue: string };

export const ZEBRA_RAW_PORT = 9100;

export function parsePrinterAddress(text: string): PrinterAddress {
  const value = text.trim();
  const tcp = /^tcp:\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/.exec(value);
  if (tcp) {
    const port = tcp[2] === undefined ? ZEBRA_RAW_PORT : Number(tcp[2]);
    if (port < 1 || port > 65535)
      throw new UserError('bad_printer', `${value}: the port must be between 1 and 65535 (Zebra printers listen on ${ZEBRA_RAW_PORT}).`);
    return { kind: 'zebra', host: tcp[1]!.replace(/^\[|\]$/g, ''), port };
  }
  const cups = /^cups:([A-Za-z0-9_.@-]{1,127})$/.exec(value);
  if (cups) return { kind: 'cups', queue: cups[1]! };
  throw new UserError(
    'bad_printer',
    `"${value}" is not a printer address. Write tcp://HOST or tcp://HOST:PORT for a networked Zebra printer, or cups:QUEUE for a CUPS queue (see lpstat -p).`,
  );
}

export function describeAddress(address: PrinterAddress): string {
  return address.kind === 'zebra' ? `the Zebra printer at ${address.host}:${address.port}` : `the CUPS queue ${address.queue}`;
}
