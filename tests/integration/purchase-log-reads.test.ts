/**
 * How the purchase log reads what other processes appended (docs/exactly-once.md, "Exactly
 * once: the rules and how the code keeps them", rule 8): a lookup sees every line appended
 * before it was asked, even when the file arrives in short reads, and even when another
 * lookup's read was already under way. File reads are held or shortened through the file
 * handle's own `read`, so each case happens every time, not by luck of timing.
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PurchaseLog, type PurchaseRecord } from '../../main/purchases/purchase-log';

const purchase = (iccid: string, phoneNumber: string): PurchaseRecord => ({
  iccid,
  phoneNumber,
  phoneNumberId: null,
  orderId: null,
  at: '2026-12-07T10:00:00.000Z',
  batchId: 'b1',
  batchName: 'Acme',
  environment: 'practice',
});
const line = (iccid: string, phoneNumber: string): string => `${JSON.stringify({ ...purchase(iccid, phoneNumber), v: 1 })}\n`;

type Read = FileHandle['read'];

/** The prototype every FileHandle's `read` comes from (Node does not export the class). */
async function fileHandlePrototype(path: string): Promise<{ read: Read }> {
  const handle = await open(path, 'r');
  const prototype = Object.getPrototypeOf(handle) as { read: Read };
  await handle.close();
  return prototype;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the purchase log reads another process’s lines', () => {
  it('whole, when the file arrives seven bytes at a time: one lookup finds a purchase appended before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-reads-'));
    const log = new PurchaseLog(dir);
    await log.record(purchase('89012600000000000011', '+18015550011'));
    appendFileSync(log.filePath, line('89012600000000000029', '+18015550029') + line('89012600000000000037', '+18015550037'));
    const prototype = await fileHandlePrototype(log.filePath);
    const read = prototype.read;
    let reads = 0;
    vi.spyOn(prototype, 'read').mockImplementation(function (this: FileHandle, ...args: unknown[]) {
      reads += 1;
      const [buffer, offset, length, position] = args as [Buffer, number, number, number];
      return (read as (...a: unknown[]) => ReturnType<Read>).call(this, buffer, offset, Math.min(length, 7), position);
    } as Read);
    expect(await log.find('89012600000000000037')).toMatchObject({ phoneNumber: '+18015550037' });
    // Many short reads made one lookup's read, not one read each lookup.
    expect(reads).toBeGreaterThan(10);
    await log.close();
  });

  it('a lookup asked while another lookup’s read is under way gets a read of its own, begun after it asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-reads-'));
    const log = new PurchaseLog(dir);
    await log.record(purchase('89012600000000000011', '+18015550011'));
    appendFileSync(log.filePath, line('89012600000000000029', '+18015550029'));
    const prototype = await fileHandlePrototype(log.filePath);
    const read = prototype.read;
    // The first read is held until the test lets it go; it has already seen the file's size by then.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const firstReadStarted = new Promise<void>((resolve) => (started = resolve));
    let first = true;
    vi.spyOn(prototype, 'read').mockImplementation(async function (this: FileHandle, ...args: unknown[]) {
      if (first) {
        first = false;
        started();
        await held;
      }
      return (read as (...a: unknown[]) => ReturnType<Read>).apply(this, args);
    } as Read);
    const early = log.find('89012600000000000029');
    await firstReadStarted;
    // Another process buys a SIM while that read is under way; then a worker asks about it.
    appendFileSync(log.filePath, line('89012600000000000037', '+18015550037'));
    const late = log.find('89012600000000000037');
    release();
    expect(await early).toMatchObject({ phoneNumber: '+18015550029' });
    expect(await late).toMatchObject({ phoneNumber: '+18015550037' });
    await log.close();
  });
});
