import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PurchaseLog, type PurchaseRecord } from '../../main/purchases/purchase-log';
import { VerifiedLabels } from '../../main/labels/verified-labels';

const purchase = (iccid: string, phoneNumber: string): PurchaseRecord => ({
  iccid,
  phoneNumber,
  phoneNumberId: null,
  orderId: null,
  at: '2026-11-30T10:00:00.000Z',
  batchId: 'b1',
  batchName: 'Acme',
  environment: 'practice',
});

describe('the purchase log', () => {
  it('writes versioned lines, many purchases sharing one write, and reads what other processes appended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-purchases-'));
    const log = new PurchaseLog(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.record(purchase(`8901260000000000${String(i).padStart(4, '0')}`, `+1801555${i}`))));
    const lines = readFileSync(log.filePath, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(20);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ v: 1 });
    // Another process appends: the next read takes it in.
    appendFileSync(log.filePath, `${JSON.stringify({ ...purchase('89012600000000009999', '+18015559999'), v: 1 })}\n`);
    expect(await log.find('89012600000000009999')).toMatchObject({ phoneNumber: '+18015559999' });
    expect(await log.size()).toBe(21);
    await log.close();
  });

  it('two purchases of one number recorded at the same moment: each asker, after recording, finds the other SIM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-purchases-'));
    const log = new PurchaseLog(dir);
    const other = new PurchaseLog(dir); // another process on the same folder
    const a = purchase('89012600000000000011', '+18015550077');
    const b = purchase('89012600000000000012', '+18015550077');
    await Promise.all([log.record(a), other.record(b)]);
    const [twinOfA, twinOfB] = await Promise.all([log.twinOf(a.phoneNumber, a.iccid), other.twinOf(b.phoneNumber, b.iccid)]);
    expect(twinOfA).toMatchObject({ iccid: b.iccid });
    expect(twinOfB).toMatchObject({ iccid: a.iccid });
    await Promise.all([log.close(), other.close()]);
  });

  it('a replacement card holds the number after the damaged one: not a twin, written as version 2, and followed to the last card', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-purchases-'));
    const log = new PurchaseLog(dir);
    const [a, b, c, d] = ['89012600000000000021', '89012600000000000022', '89012600000000000023', '89012600000000000024'];
    await log.record(purchase(a, '+18015550088'));
    await log.record({ ...purchase(b, '+18015550088'), replaces: a, lpa: 'LPA:1$new' });
    await log.record({ ...purchase(c, '+18015550088'), replaces: b });
    expect(await log.twinOf('+18015550088', a)).toBeNull();
    expect(await log.twinOf('+18015550088', c)).toBeNull();
    expect((await log.replacementOf(a))?.iccid).toBe(c);
    expect((await log.holders()).map((p) => p.iccid)).toEqual([c]);
    const versions = readFileSync(log.filePath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { v: number }).v);
    expect(versions).toEqual([1, 2, 2]);
    // An adopted purchase (a note alone) stays version 1, which an older SimFleet still reads.
    await log.record({ ...purchase('89012600000000000025', '+18015550089'), note: 'Adopted by the account audit on 2026-12-06.' });
    expect((JSON.parse(readFileSync(log.filePath, 'utf8').trim().split('\n').pop()!) as { v: number }).v).toBe(1);
    // A SIM given the same number with no replacement between them is a twin, whichever card of the chain asks.
    await log.record(purchase(d, '+18015550088'));
    expect(await log.twinOf('+18015550088', a)).toMatchObject({ iccid: d });
    expect(await log.twinOf('+18015550088', d)).toMatchObject({ iccid: a });
    await log.close();
  });

  it('finds a purchase by number, lists them oldest first, and waits for a line another process is still writing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-purchases-'));
    const log = new PurchaseLog(dir);
    await log.record({ ...purchase('89012600000000000003', '+18015550003'), at: '2026-11-30T12:00:00.000Z' });
    await log.record({ ...purchase('89012600000000000001', '+18015550001'), at: '2026-11-30T09:00:00.000Z' });
    expect(await log.twinOf('+18015550001', '89012600000000000009')).toMatchObject({ iccid: '89012600000000000001' });
    // A SIM's own purchase is not its twin.
    expect(await log.twinOf('+18015550001', '89012600000000000001')).toBeNull();
    expect(await log.twinOf('+18015559999', '89012600000000000009')).toBeNull();
    expect((await log.all()).map((p) => p.iccid)).toEqual(['89012600000000000001', '89012600000000000003']);
    // Half a line (another process mid-write): not damage, and not read yet.
    const line = JSON.stringify({ ...purchase('89012600000000000002', '+18015550002'), v: 1 });
    appendFileSync(log.filePath, line.slice(0, 30));
    expect(await log.find('89012600000000000002')).toBeNull();
    expect(await log.damage()).toEqual([]);
    appendFileSync(log.filePath, `${line.slice(30)}\n`);
    expect(await log.find('89012600000000000002')).toMatchObject({ phoneNumber: '+18015550002' });
    // A snapshot answers from memory, as the log stood when it was taken.
    const snapshot = await log.snapshot();
    expect(snapshot.find('89012600000000000003')).toMatchObject({ phoneNumber: '+18015550003' });
    expect(snapshot.find('89012600000000000009')).toBeNull();
    await log.close();
  });

  it('reads lines written before they carried a version, and reports a newer version as damage whose SIM is looked up first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-purchases-'));
    const early = JSON.stringify(purchase('89012600000000000001', '+18015550001'));
    const newer = JSON.stringify({ ...purchase('89012600000000000002', '+18015550002'), v: 3 });
    writeFileSync(join(dir, 'purchases.jsonl'), `${early}\n${newer}\n`);
    const log = new PurchaseLog(dir);
    expect(await log.find('89012600000000000001')).toMatchObject({ v: 1, phoneNumber: '+18015550001' });
    expect(await log.find('89012600000000000002')).toBeNull();
    expect(await log.suspect('89012600000000000002')).toBe(true);
    expect(await log.damage()).toEqual([
      { line: 2, reason: 'it was written by a newer SimFleet (purchase record version 3)', iccids: ['89012600000000000002'] },
    ]);
  });
});

describe('scan-to-verify marks', () => {
  it('are read once per batch, kept in memory, and written as versioned lines (bare ICCIDs of early builds still count)', async () => {
    const env = mkdtempSync(join(tmpdir(), 'simfleet-verified-'));
    mkdirSync(join(env, 'verified'));
    writeFileSync(join(env, 'verified', 'b1.jsonl'), '89012600000000000001\n{"torn":');
    const marks = new VerifiedLabels();
    expect([...(await marks.of(env, 'b1'))]).toEqual(['89012600000000000001']);
    // Changed on disk behind its back: not re-read (one read per batch).
    writeFileSync(join(env, 'verified', 'b1.jsonl'), '');
    expect((await marks.of(env, 'b1')).size).toBe(1);
    await marks.add(env, 'b1', '89012600000000000002');
    await marks.add(env, 'b1', '89012600000000000002');
    const lines = readFileSync(join(env, 'verified', 'b1.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([{ v: 1, iccid: '89012600000000000002' }]);
    await marks.close();
    expect([...(await new VerifiedLabels().of(env, 'b1'))]).toEqual(['89012600000000000002']);
  });
});
