/**
 * Releasing a number exactly once (docs/audit.md, "Releasing a number"): a lost answer, a
 * crash after the intent, and a second process, each against a stand-in for Telegent that
 * counts what it was sent.
 */
import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseNumber } from '../../main/audit/number-change';
import type { BeforeSend } from '../../main/telegent/client';
import { TelegentError } from '../../main/telegent/errors';
import type { NumberDetails } from '../../main/telegent/responses';

const NUMBER = '+18015550777';

/** A Telegent stand-in: `cancel` takes effect, then answers as `answer` says; lookups say what the account holds. */
function stand(answer: 'ok' | 'lost' | 'refused' | 'lost-before' = 'ok') {
  let live = true;
  const sent: string[] = [];
  const looked: string[] = [];
  return {
    sent,
    looked,
    /** The change made by a process that then died (nothing of it in `sent`). */
    madeByAnother: () => {
      live = false;
    },
    set answer(next: typeof answer) {
      answer = next;
    },
    client: {
      changeStatus: async (change: string, number: string, _date: string, _sim?: string, beforeSend?: BeforeSend) => {
        // The fence goes with every change: a process still holding the number's lock may send.
        const permit = await beforeSend?.();
        if (permit?.remainingMs() !== Number.POSITIVE_INFINITY) throw new Error('a change was sent without a live fence');
        sent.push(`${change} ${number}`);
        if (answer === 'refused') throw new TelegentError({ code: 'validation', message: 'Invalid number.', mayHaveBeenProcessed: false });
        if (answer === 'lost-before') throw new TelegentError({ code: 'timeout', message: 'No answer in 30 s.', mayHaveBeenProcessed: true });
        live = false;
        if (answer === 'lost') throw new TelegentError({ code: 'timeout', message: 'No answer in 30 s.', mayHaveBeenProcessed: true });
        return { orderId: 'JNUOID-1', orderStatus: 'Complete', changeType: change, qrCode: null };
      },
      numberByNumber: async (number: string): Promise<NumberDetails | null> => {
        looked.push(number);
        return live ? ({ number, status: 'Active' } as NumberDetails) : null;
      },
    },
  };
}

const deps = (dir: string, client: ReturnType<typeof stand>['client']) => ({ environmentDir: dir, client, surface: 'simfleet CLI' as const });

describe('releasing a number', () => {
  it('sends the cancel once; run again, it says so and sends nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-release-'));
    const telegent = stand();
    expect(await releaseNumber(deps(dir, telegent.client), NUMBER, null)).toEqual({ kind: 'released', orderId: 'JNUOID-1' });
    expect(await releaseNumber(deps(dir, telegent.client), NUMBER, null)).toMatchObject({ kind: 'already' });
    expect(telegent.sent).toEqual([`cancel ${NUMBER}`]);
  });

  it('a lost answer is settled by a lookup, never by a second cancel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-release-'));
    const telegent = stand('lost');
    await expect(releaseNumber(deps(dir, telegent.client), NUMBER, null)).rejects.toMatchObject({ code: 'change_uncertain' });
    expect(await releaseNumber(deps(dir, telegent.client), NUMBER, null)).toMatchObject({ kind: 'already' });
    expect(telegent.sent).toHaveLength(1);
    expect(telegent.looked).toEqual([NUMBER]);
  });

  it('a lost answer for a cancel that was not made: the lookup proves it, and only then is it sent again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-release-'));
    const telegent = stand('lost-before');
    await expect(releaseNumber(deps(dir, telegent.client), NUMBER, null)).rejects.toMatchObject({ code: 'change_uncertain' });
    telegent.answer = 'ok';
    expect(await releaseNumber(deps(dir, telegent.client), NUMBER, null)).toMatchObject({ kind: 'released' });
    expect(telegent.looked).toEqual([NUMBER]);
    expect(telegent.sent).toHaveLength(2);
  });

  it('a crash after the intent (a journal ending on it, its last line torn): looked up before anything is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-release-'));
    mkdirSync(join(dir, 'number-changes'));
    const journal = join(dir, 'number-changes', '+18015550777.jsonl');
    appendFileSync(
      journal,
      `${JSON.stringify({ v: 1, t: 'intent', change: 'cancel', number: NUMBER, iccid: null, at: '2026-12-06T10:00:00.000Z' })}\n{"t":"do`,
    );
    const telegent = stand();
    // The process died after sending: Telegent made the change.
    telegent.madeByAnother();
    expect(await releaseNumber(deps(dir, telegent.client), NUMBER, null)).toMatchObject({ kind: 'already' });
    // Settled: the torn line, now in the middle of the journal, does not make it ask again.
    expect(await releaseNumber(deps(dir, telegent.client), NUMBER, null)).toMatchObject({ kind: 'already' });
    expect(telegent.sent).toEqual([]);
    expect(telegent.looked).toEqual([NUMBER]);
  });

  it('a refusal is final and changes nothing; two processes at once send one cancel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-release-'));
    const refused = stand('refused');
    await expect(releaseNumber(deps(dir, refused.client), NUMBER, null)).rejects.toMatchObject({ code: 'change_refused' });
    const telegent = stand();
    const both = await Promise.allSettled([releaseNumber(deps(dir, telegent.client), NUMBER, null), releaseNumber(deps(dir, telegent.client), NUMBER, null)]);
    expect(telegent.sent).toHaveLength(1);
    // One released it; the other found it released, or was refused while the first held the number's lock.
    expect(both.filter((r) => r.status === 'fulfilled' && r.value.kind === 'released')).toHaveLength(1);
  });
});
