/**
 * The three things a worker does for a row: send it (claim, last guards, intent, provision),
 * poll its pending order, or look its ICCID up after an uncertain answer. Each records what
 * it learned and answers what the run should do next; the run mode is not theirs to change
 * (engine.ts acts on the answer).
 */
import { CLAIM_LOST, COORDINATION_UNREACHABLE, type IccidClaims } from '../../coordination/claims';
import { faultPoint } from '../../coordination/fault-points';
import type { EnginePurchases } from '../../coordination/purchases';
import { isUserError } from '../../errors/user-error';
import { diskFault } from '../../files/disk-fault';
import type { Clock } from '../../platform/clock';
import type { ProvisionInput, TelegentClient } from '../../telegent/client';
import type { ProvisionResult } from '../../telegent/responses';
import { assertNever, classifyFailure, classifyResult, isJournalCode } from '../classify';
import type { BatchState } from '../derive';
import { orderOutcome } from '../order-status';
import type { Job } from './job-queue';
import type { Recorder } from './recorder';
import type { Schedule } from './schedule';

/** What the run does after a step. */
export type StepOutcome =
  | { readonly kind: 'done' }
  /** The claims, ledger or rate budget did not answer: nothing was sent; the job waits for them. */
  | { readonly kind: 'hold'; readonly job: Job; readonly message: string }
  /** The batch should pause, saying why (an account problem, or the network gone). */
  | { readonly kind: 'pause'; readonly reason: string };

const DONE: StepOutcome = { kind: 'done' };

export interface StepPolicy {
  readonly maxAttempts: number;
  readonly maxConsecutiveNetworkFailures: number;
}

export interface StepDeps {
  readonly client: Pick<TelegentClient, 'provision' | 'orderStatus' | 'numberByIccid'>;
  readonly purchases: EnginePurchases;
  readonly claims: IccidClaims;
  readonly clock: Clock;
  readonly onChange?: (rows: readonly number[]) => void;
}

export class Steps {
  private networkFailures = 0;
  /** Queued rows whose SIM another batch or station is buying now: who (shown on the row, not journaled). */
  private readonly waiting = new Map<number, string>();

  constructor(
    private readonly state: BatchState,
    private readonly recorder: Recorder,
    private readonly schedule: Schedule,
    private readonly policy: StepPolicy,
    private readonly deps: StepDeps,
  ) {}

  private get id(): string {
    return this.state.header.id;
  }

  run(job: Job): Promise<StepOutcome> {
    if (job.kind === 'send') return this.send(job.row);
    if (job.kind === 'poll') return this.poll(job.row);
    return this.lookup(job.row);
  }

  /** Why a queued row is not being sent now ("being provisioned on station dock-2"), or null. */
  waitingFor(row: number): string | null {
    return this.waiting.get(row) ?? null;
  }

  /** A resume starts the count of network failures in a row afresh. */
  resetNetworkFailures(): void {
    this.networkFailures = 0;
  }

  private provisionInput(i: number): ProvisionInput {
    const { header } = this.state;
    const row = header.rows[i]!;
    return {
      ...header.profile,
      ...(row.overrides.AreaCode ? { AreaCode: row.overrides.AreaCode } : {}),
      ...(row.overrides.ZipCode ? { ZipCode: row.overrides.ZipCode } : {}),
      ...(row.overrides.AssignedSubscriberId ? { AssignedSubscriberId: row.overrides.AssignedSubscriberId } : {}),
      ICCID: row.iccid,
      AccountId: row.overrides.AccountId ?? header.accountId,
    };
  }

  /**
   * The checks before an intent: this station's claim on the SIM, the last guard against
   * an earlier purchase, and the rules that send a row to a lookup instead. False: not now.
   */
  private async mayBuy(i: number): Promise<boolean> {
    const iccid = this.state.header.rows[i]!.iccid;
    const claim = await this.deps.claims.claim(iccid, { batchId: this.id, row: i });
    if (claim.kind === 'busy') {
      // Another running batch is buying this SIM right now: look again shortly (nothing was sent).
      this.schedule.sendSoon(i);
      if (this.waiting.get(i) !== claim.holder) {
        this.waiting.set(i, claim.holder);
        this.deps.onChange?.([i]);
      }
      return false;
    }
    if (this.waiting.delete(i)) this.deps.onChange?.([i]);
    // Last guard: never buy twice for one SIM on this station, whatever the import said.
    const earlier = await this.deps.purchases.find(iccid);
    const at = this.recorder.now();
    if (earlier) {
      await this.recorder.append({
        t: 'skipped',
        row: i,
        at,
        reason: 'already_provisioned',
        message:
          earlier.station === undefined
            ? `Already provisioned on ${earlier.at.slice(0, 10)} as ${earlier.phoneNumber} (batch "${earlier.batchName}"); not sent.`
            : `Bought on station ${earlier.station} on ${earlier.at.slice(0, 10)} as ${earlier.phoneNumber} (batch "${earlier.batchName}"); not sent.`,
      });
      return false;
    }
    if (claim.kind === 'taken-over') {
      // The batch that held it stopped while it may have been buying: the uncertain-row rule.
      const message = `${claim.from} stopped while it may have been buying this SIM; checking by ICCID before anything is sent.`;
      await this.recorder.append({ t: 'uncertain', row: i, at, code: 'claim_taken_over', message });
      return false;
    }
    if (await this.deps.purchases.suspect?.(iccid)) {
      const message = 'This ICCID appears on a damaged line of the purchase log; checking by ICCID before anything is sent.';
      await this.recorder.append({ t: 'uncertain', row: i, at, code: 'purchase_log_damaged', message });
      return false;
    }
    return true;
  }

  private async send(i: number): Promise<StepOutcome> {
    try {
      if (!(await this.mayBuy(i))) return DONE;
    } catch (error) {
      if (isUserError(error) && error.code === COORDINATION_UNREACHABLE) return this.hold(i, 'send', error.message);
      throw error;
    }
    const row = this.state.rows[i]!;
    if (row.sends >= this.policy.maxAttempts) {
      // Used its attempts, each proven not bought: it fails here rather than being sent again, also after a
      // restart between the lookup and this record (docs/exactly-once.md, "Attempts"). Retry failed sends it again.
      await this.recorder.append({
        t: 'failed',
        row: i,
        at: this.recorder.now(),
        code: isJournalCode(row.code) ? row.code : 'unexpected',
        message:
          `Telegent did not answer clearly ${row.sends} times for this SIM; each time SimFleet checked by ICCID and nothing was bought. ` +
          'Retry failed sends it again.',
        retry: false,
      });
      return DONE;
    }
    const attempt = row.attempts + 1;
    await this.recorder.append({ t: 'intent', row: i, attempt, at: this.recorder.now() });
    const iccid = this.state.header.rows[i]!.iccid;
    let result: ProvisionResult;
    try {
      // The claim is confirmed once the rate limiter lets the request go, and its permit is
      // checked again at the write (the fence, docs/exactly-once.md).
      result = await this.deps.client.provision(this.provisionInput(i), undefined, async () => {
        const environment = this.state.header.environment;
        faultPoint('before-confirm', environment, `row ${i}, ICCID ${iccid}`);
        const permit = await this.deps.claims.confirm(iccid, { batchId: this.id, row: i });
        faultPoint('after-confirm', environment, `row ${i}, ICCID ${iccid}`);
        return permit;
      });
    } catch (error) {
      if (isUserError(error) && (error.code === CLAIM_LOST || error.code === COORDINATION_UNREACHABLE)) {
        // Refused before it was sent: nothing was bought; the row goes back to the queue.
        const now = this.recorder.now();
        await this.recorder.append({ t: 'failed', row: i, at: now, code: 'not_sent', message: error.message, retry: true, retryAt: now });
        if (error.code === COORDINATION_UNREACHABLE) return this.hold(i, 'send', error.message);
        this.schedule.sendSoon(i);
        return DONE;
      }
      // A disk that refused the claim's confirmation: nothing was sent; the run halts (and the
      // intent is looked up when the batch is reopened, as after any stop).
      const fault = diskFault(error);
      if (fault) throw fault;
      return this.recordFailure(i, error);
    }
    this.networkFailures = 0;
    await this.recordResult(i, result);
    return DONE;
  }

  private hold(row: number, kind: Job['kind'], message: string): StepOutcome {
    return { kind: 'hold', job: { due: this.deps.clock.now(), row, kind }, message };
  }

  private async recordFailure(i: number, error: unknown): Promise<StepOutcome> {
    const at = this.recorder.now();
    // The sends that count (429s and sends refused before leaving do not), not the intents written.
    const decision = classifyFailure(error, this.state.rows[i]!.sends, this.policy.maxAttempts, (n) => this.schedule.retryDelay(n));
    switch (decision.kind) {
      case 'uncertain':
        await this.recorder.append({ t: 'uncertain', row: i, at, code: decision.code, message: decision.message });
        // A Telegent that keeps timing out or answering 5xx pauses the batch as one that cannot be reached does:
        // each such row is checked by ICCID before anything is sent again (docs/exactly-once.md, "Attempts").
        return decision.networkFailure ? this.networkFailed() : DONE;
      case 'failed': {
        const retry = decision.retryAfterMs !== null;
        await this.recorder.append({
          t: 'failed',
          row: i,
          at,
          code: decision.code,
          message: decision.message,
          retry,
          ...(retry ? { retryAt: new Date(this.deps.clock.now() + decision.retryAfterMs!).toISOString() } : {}),
        });
        if (decision.pause) return { kind: 'pause', reason: decision.pause };
        return decision.networkFailure ? this.networkFailed() : DONE;
      }
      default:
        return assertNever(decision);
    }
  }

  /** One more request in a row that Telegent did not answer; the batch pauses at the policy's count. */
  private networkFailed(): StepOutcome {
    this.networkFailures += 1;
    if (this.networkFailures < this.policy.maxConsecutiveNetworkFailures) return DONE;
    const reason = `Telegent could not be reached ${this.networkFailures} times in a row. The batch paused itself; check the network, then resume.`;
    return { kind: 'pause', reason };
  }

  private async recordResult(i: number, r: ProvisionResult): Promise<void> {
    const at = this.recorder.now();
    const decision = classifyResult(r);
    switch (decision.kind) {
      case 'provisioned':
        await this.recorder.append({
          t: 'provisioned',
          row: i,
          at,
          number: r.phoneNumber!,
          nid: r.phoneNumberId,
          orderId: r.orderId,
          orderStatus: r.orderStatus,
          subscriberId: r.subscriberId,
          zipCode: r.zipCode,
          lpa: r.lpa,
          via: 'response',
        });
        return;
      case 'failed':
        await this.recorder.append({ t: 'failed', row: i, at, code: decision.code, message: decision.message, retry: false });
        return;
      case 'pending':
        await this.recorder.append({ t: 'pending', row: i, at, orderId: decision.orderId, orderStatus: decision.orderStatus });
        return;
      case 'uncertain':
        await this.recorder.append({ t: 'uncertain', row: i, at, code: decision.code, message: decision.message });
        return;
      default:
        assertNever(decision);
    }
  }

  private async poll(i: number): Promise<StepOutcome> {
    const row = this.state.rows[i]!;
    const count = this.schedule.polled(i);
    let order;
    try {
      order = await this.deps.client.orderStatus(row.orderId!);
    } catch {
      this.schedule.pollAgain(i, count);
      return DONE;
    }
    const outcome = orderOutcome(order.orderStatus);
    if (outcome === 'pending') {
      this.schedule.pollAgain(i, count);
      return DONE;
    }
    if (outcome === 'failed') {
      await this.recorder.append({
        t: 'failed',
        row: i,
        at: this.recorder.now(),
        code: 'order_failed',
        message: `Telegent's order ended "${order.orderStatus}"${order.statusMessage ? ` (${order.statusMessage})` : ''}; nothing was bought.`,
        retry: false,
        // The mapping's OrderStatus says how the order ended, not the Pending it was.
        ...(order.orderStatus ? { orderStatus: order.orderStatus } : {}),
      });
      return DONE;
    }
    // Complete: the order lists the number; the number's ID comes from the ICCID lookup.
    const details = await this.deps.client.numberByIccid(this.state.header.rows[i]!.iccid).catch(() => null);
    const number = order.numbers[0] ?? details?.number ?? null;
    if (!number) {
      const message = 'The order completed without a number; checking by ICCID.';
      await this.recorder.append({ t: 'uncertain', row: i, at: this.recorder.now(), code: 'incomplete_answer', message });
      return DONE;
    }
    await this.recorder.append({
      t: 'provisioned',
      row: i,
      at: this.recorder.now(),
      number,
      nid: details?.tnid ?? null,
      orderId: row.orderId,
      orderStatus: order.orderStatus,
      subscriberId: details?.subscriberId ?? null,
      zipCode: null,
      lpa: details?.lpa ?? null,
      via: 'order',
    });
    return DONE;
  }

  private async lookup(i: number): Promise<StepOutcome> {
    const iccid = this.state.header.rows[i]!.iccid;
    const at = (): string => this.recorder.now();
    let details;
    try {
      details = await this.deps.client.numberByIccid(iccid);
    } catch (error) {
      // No rate budget from the fleet database: the lookup was not sent and does not count as failed.
      if (isUserError(error) && error.code === COORDINATION_UNREACHABLE) return this.hold(i, 'reconcile', error.message);
      await this.recorder.append({ t: 'lookup-failed', row: i, at: at(), message: error instanceof Error ? error.message : String(error) });
      return DONE;
    }
    // A purchase found: Telegent did carry out a request, so the failures in a row start again from none.
    // (A lookup that finds nothing does not: provisions may still all be failing.)
    if (details !== null) this.networkFailures = 0;
    if (details === null) await this.recorder.append({ t: 'not-found', row: i, at: at() });
    else if (!details.number) {
      await this.recorder.append({ t: 'lookup-failed', row: i, at: at(), message: 'Telegent knows this ICCID but sent no number for it.' });
    } else if ((details.status ?? '').toLowerCase() === 'pending' && details.orderId) {
      await this.recorder.append({ t: 'pending', row: i, at: at(), orderId: details.orderId, orderStatus: details.status ?? 'Pending' });
    } else {
      await this.recorder.append({
        t: 'provisioned',
        row: i,
        at: at(),
        number: details.number,
        nid: details.tnid,
        orderId: details.orderId,
        orderStatus: details.status,
        subscriberId: details.subscriberId,
        zipCode: null,
        lpa: details.lpa,
        via: 'lookup',
      });
    }
    return DONE;
  }
}
