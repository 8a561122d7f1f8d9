/**
 * Reopening a batch after a restart or crash (docs/exactly-once.md, rules 1, 2 and 11): the
 * journal is read back (a damaged one is rewritten clean, the damaged copy kept), requests the
 * dead process had in flight become uncertain, a purchase it journaled but did not get into
 * the purchase log is written there, and claims of rows that settled are given back.
 */
import type { IccidClaims } from '../../coordination/claims';
import type { EnginePurchases } from '../../coordination/purchases';
import type { Clock } from '../../platform/clock';
import { derive, JOURNAL_DAMAGED, type BatchState } from '../derive';
import { Journal, readJournalChecked, recoverJournal } from '../journal';
import type { JournalRecord } from '../records';
import type { Recorder } from './recorder';

/** The journal opened for appending, and the state it says, as if live (rows in flight still `submitting`). */
export async function reopenJournal(path: string, clock: Clock): Promise<{ readonly journal: Journal; readonly state: BatchState }> {
  const { records, damage } = await readJournalChecked(path);
  let state = derive(records, true, damage);
  if (damage.length > 0) {
    // Never append after damage: write a clean journal (the damaged one is kept) whose
    // last records make the rows the damage may concern uncertain, then go on from it.
    const at = new Date(clock.now());
    const extra: JournalRecord[] = state.rows.flatMap((row, i) =>
      row.code === JOURNAL_DAMAGED && row.state === 'uncertain'
        ? [{ t: 'uncertain', row: i, at: at.toISOString(), code: JOURNAL_DAMAGED, message: row.message }]
        : [],
    );
    await recoverJournal(path, records, extra, at);
    state = derive([...records, ...extra], true);
  }
  return { journal: await Journal.open(path), state };
}

/** Puts right what the dead process left half done, through the recorder (so in the usual order). */
export async function recoverRows(
  state: BatchState,
  recorder: Recorder,
  deps: { readonly purchases: EnginePurchases; readonly claims: IccidClaims },
): Promise<void> {
  for (const [i, row] of state.rows.entries()) {
    if (row.state === 'submitting') {
      // Their outcome is unknown: say so in the journal, once, and reconcile before any resend.
      await recorder.append({
        t: 'uncertain',
        row: i,
        at: recorder.now(),
        code: 'interrupted',
        message: 'SimFleet stopped while this request was in flight; it may have been bought. It will be checked by ICCID before anything is sent again.',
      });
    }
    // The purchase log is written after the journal: repair it if the process died in between.
    if (row.state === 'provisioned' && row.number && !(await deps.purchases.find(state.header.rows[i]!.iccid))) {
      const flag = await recorder.register(i, { number: row.number, nid: row.nid, orderId: row.orderId, at: row.provisionedAt ?? recorder.now() });
      if (flag) await recorder.append(flag);
    }
  }
  // Claims of rows that settled just before the process died are given back now.
  for (const held of await deps.claims.owned(state.header.id)) await recorder.settleClaim(held.row);
}
