/**
 * The simulator's state file (practice mode: `simulator.jsonl` in its data folder): every
 * change the simulated account reports, one JSON line each, appended as it is made and
 * read back on start, so a restarted app or CLI reconciles against what the simulator
 * really sold. The account's logic is in `state.ts`; this module only reads and appends.
 *
 * Lines carry no version: their shape is the one the file has had since it was
 * introduced. A new shape would add a `v` field, and a line without one is read as here.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { STATUS_CHANGES, type EventSink, type StoredEvent } from './state';

const NumberSchema = z.object({
  number: z.string(),
  nid: z.string(),
  iccid: z.string().nullable(),
  orderId: z.string(),
  orderDate: z.string(),
  status: z.enum(['Active', 'Pending', 'Released', 'Parked', 'Cancelled']),
  numberType: z.enum(['mvno', 'iot']),
  messageType: z.enum(['a2p', 'p2p']),
  productType: z.string(),
  messageEnabled: z.boolean(),
  voiceEnabled: z.boolean(),
  messageRouteId: z.string(),
  voiceRouteId: z.string().nullable(),
  subscriberId: z.string().nullable(),
  accountId: z.string(),
  zipCode: z.string(),
  qrCode: z.string().nullable(),
});

const OrderStatusSchema = z.enum(['Complete', 'Pending', 'Error']);

const StoredEventSchema: z.ZodType<StoredEvent> = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('commit'),
    order: z.object({
      orderId: z.string(),
      orderDate: z.string(),
      status: OrderStatusSchema,
      statusMessage: z.string().nullable(),
      pollsLeft: z.number(),
      finalStatus: z.enum(['Complete', 'Error']),
    }),
    number: NumberSchema,
    ledger: z.object({
      seq: z.number(),
      at: z.string(),
      iccid: z.string().nullable(),
      number: z.string(),
      nid: z.string(),
      orderId: z.string(),
      outcome: z.enum(['bought', 'pending', 'released']),
    }),
  }),
  z.object({ t: z.literal('order'), orderId: z.string(), status: OrderStatusSchema, pollsLeft: z.number() }),
  z.object({
    t: z.literal('status'),
    entry: z.object({
      seq: z.number(),
      at: z.string(),
      change: z.enum(STATUS_CHANGES),
      number: z.string(),
      iccid: z.string().nullable(),
      newIccid: z.string().nullable(),
      orderId: z.string(),
    }),
    qrCode: z.string().nullable(),
  }),
]);

/**
 * The events a state file holds, oldest first. A line cut off by a crash is skipped: that
 * change never answered anyone. A whole line this simulator does not understand is refused,
 * naming the file and the line: skipping it would forget a sale, and the practice batch
 * that made it would buy that SIM again.
 */
export function readEvents(text: string, path = 'the simulator state file'): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    const event = StoredEventSchema.safeParse(json);
    if (!event.success) {
      throw new Error(
        `${path}, line ${i + 1}: not a change this practice simulator understands (written by a newer SimFleet?). ` +
          'Use that SimFleet, or move the file aside to start the practice account afresh.',
      );
    }
    events.push(event.data);
  }
  return events;
}

/** An open state file: what it held, and the sink that appends to it (apart, so the events can go once replayed). */
export interface StateFile {
  readonly events: readonly StoredEvent[];
  readonly sink: EventSink;
}

/** Reads the file if there is one (its folder is made), and appends every event recorded from here on. */
export function openStateFile(path: string): StateFile {
  const events = existsSync(path) ? readEvents(readFileSync(path, 'utf8'), path) : [];
  mkdirSync(dirname(path), { recursive: true });
  return { events, sink: { record: (event) => appendFileSync(path, `${JSON.stringify(event)}\n`) } };
}
