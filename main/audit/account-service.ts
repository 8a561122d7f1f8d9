/**
 * The contract's `account` namespace (docs/audit.md): the account audit and the changes it
 * leads to (release, adopt, replacement card), for the Account screen and the CLI alike. The
 * rules live in the modules it calls; here they meet the environment, its Telegent client,
 * the purchase log and the batches, and the operator's confirmation.
 */
import type { ServiceImpl } from '../../preload/contract';
import type { Environment } from '../../preload/domain';
import type { AuditFindingView, AuditView } from '../../preload/views';
import type { BatchService } from '../batch/batch-service';
import type { EventBus } from '../bridge/event-bus';
import type { TelegentAccess } from '../connection/telegent-access';
import { environmentDir } from '../environment/paths';
import { UserError } from '../errors/user-error';
import type { LockSurface } from '../locks/batch-lock';
import type { PurchaseLog, PurchaseRecord } from '../purchases/purchase-log';
import type { FleetMembership } from '../fleet/fleet-membership';
import { recordFleetAudit } from '../fleet/fleet-audits';
import type { SettingsStore } from '../settings/store';
import { AUDIT_PAGE_SIZE, describeFinding, type AccountNumber, type AuditFinding } from './account-audit';
import { adoptPurchase } from './adopt-purchase';
import { auditEnvironment } from './audit-service';
import { readLastAudit, writeLastAudit } from './last-audit';
import { changeNumber } from './number-change';
import { replaceCard } from './replace-card';
import { checkPhoneNumber } from './phone-number';

export type AccountService = ServiceImpl['account'] & {
  /** The audit, with the numbers of SIMs SimFleet never saw handed over as they are read (the CLI's --list-not-ours). */
  auditListing(onNotOurs: ((number: AccountNumber) => void) | null): Promise<AuditView>;
};

export interface AccountServiceDeps {
  readonly dataRoot: string;
  readonly settings: SettingsStore;
  readonly purchases: () => PurchaseLog;
  readonly batches: BatchService;
  readonly access: TelegentAccess;
  readonly events: EventBus;
  readonly surface: LockSurface;
  /** The name the last audit is kept under: the fleet station's, else the computer's. */
  readonly station: () => string;
  /** The station's fleet membership in the current environment, or null (docs/audit.md, "In a fleet"). */
  readonly fleet: () => FleetMembership | null;
  /** Why this data folder may not be worked on alone now (it belongs to a fleet not joined), or null. */
  readonly agreement: () => Promise<string | null>;
}

/** A finding as the screen shows it, with the numbers the operator may release or adopt from there. */
export function findingView(finding: AuditFinding): AuditFindingView {
  const text = describeFinding(finding);
  const held = new Set((finding.kind === 'gone' ? [] : finding.batches).flatMap((b) => (b.number ? [b.number] : [])));
  const onLabel = (number: string): boolean => held.has(number);
  const batchesOf = (batches: readonly { batchId: string; batchName: string }[]) => [
    ...new Map(batches.map((b) => [b.batchId, { id: b.batchId, name: b.batchName }])).values(),
  ];
  const numberView = (n: { number: string; status: string; purchasedAt: string | null }, recorded: boolean) => ({
    number: n.number,
    status: n.status,
    purchasedAt: n.purchasedAt,
    recorded,
  });
  switch (finding.kind) {
    case 'double': {
      const recorded = finding.numbers.some((n) => n.recorded);
      const unresolved = finding.batches.some((b) => b.unresolved);
      return {
        kind: 'double',
        iccid: finding.iccid,
        numbers: finding.numbers.map((n) => numberView(n, n.recorded)),
        batches: batchesOf(finding.batches),
        text,
        // Only once one number is recorded and the batch has settled the SIM, and never the number on its label.
        release: recorded && !unresolved ? finding.numbers.filter((n) => !n.recorded && !onLabel(n.number)).map((n) => n.number) : [],
        // None recorded: the one on the SIM's label (its batch row's) is adopted first; then the others can go.
        adopt: recorded || unresolved ? null : (finding.numbers.find((n) => onLabel(n.number))?.number ?? null),
      };
    }
    case 'unrecorded': {
      const unresolved = finding.batches.some((b) => b.unresolved);
      const labelled = onLabel(finding.number.number);
      return {
        kind: 'unrecorded',
        iccid: finding.iccid,
        numbers: [numberView(finding.number, false)],
        batches: batchesOf(finding.batches),
        text,
        // A row still unsettled is checked first (Batches → Check uncertain); a number its row holds is on the label: adopted, never released.
        release: unresolved || labelled ? [] : [finding.number.number],
        adopt: !unresolved && finding.why === 'sim' ? finding.number.number : null,
      };
    }
    case 'gone':
      return {
        kind: 'gone',
        iccid: finding.purchase.iccid,
        numbers: [
          {
            number: finding.purchase.phoneNumber,
            status: finding.liveOn ? `live on ${finding.liveOn}` : 'not live',
            purchasedAt: finding.purchase.at,
            recorded: true,
          },
        ],
        batches: [{ id: finding.purchase.batchId, name: finding.purchase.batchName }],
        text,
        release: [],
        adopt: null,
      };
  }
}

export function createAccountService(deps: AccountServiceDeps): AccountService {
  const environment = (): Environment => deps.settings.read().environment;
  const dirOf = (env: Environment): string => environmentDir(deps.dataRoot, env);
  /** A purchase written after the sale goes to the fleet's ledger too (which keeps it until the database answers). */
  const publish = async (record: PurchaseRecord | null): Promise<void> => {
    const member = deps.fleet();
    if (member && record) await member.ledger.publish(record);
  };
  /** The pages left at the rate limit (running batches share it, so it is the shortest it can take). */
  const secondsLeft = (numbers: number, total: number | null): number | null =>
    total === null ? null : Math.ceil((Math.max(0, total - numbers) / AUDIT_PAGE_SIZE) * (60 / deps.settings.read().rateLimitPerMinute));
  const changeDeps = async (env: Environment) => ({
    environmentDir: dirOf(env),
    environment: env,
    purchases: deps.purchases(),
    client: await deps.access.client(env),
    surface: deps.surface,
  });

  /** A data folder that belongs to a fleet is worked on in the fleet: alone, the other stations' purchases are unknown. */
  async function agreed(): Promise<void> {
    const blocker = await deps.agreement();
    if (blocker) throw new UserError('fleet_required', blocker);
  }

  /**
   * Who holds `number` for a SIM, said for the operator, or null: this station's purchase log,
   * a batch row provisioned with it (its label, though the log lost the line), or in a fleet
   * another station's purchase. Such a number is never released from here.
   */
  async function labelHolder(number: string): Promise<string | null> {
    const local = (await deps.purchases().holders()).find((p) => p.phoneNumber === number);
    if (local) return `SimFleet recorded it for SIM ${local.iccid} (batch "${local.batchName}")`;
    for (const batch of await deps.batches.list()) {
      const rows = await deps.batches.rows(batch.id).catch(() => null);
      // A batch that cannot be read may hold it: nothing is released until it can be (see Batches).
      if (!rows) return `batch ${batch.id} cannot be read, so it may hold it`;
      const row = rows.rows.find((r) => r.state === 'provisioned' && r.number === number);
      if (row) return `batch "${rows.name}" holds it for SIM ${row.iccid} (line ${row.line})`;
    }
    const other = await deps.fleet()?.ledger.twinOf(number, '');
    return other ? `station ${other.station} recorded it for SIM ${other.iccid} (batch "${other.batchName}")` : null;
  }

  /** Where else a card is known: another station's purchase, or a batch that holds it in its list. */
  async function knownElsewhere(iccid: string): Promise<string | null> {
    const bought = await deps.fleet()?.ledger.find(iccid);
    if (bought) return `was bought by station ${bought.station} (${bought.phoneNumber})`;
    for (const batch of await deps.batches.list()) {
      const rows = await deps.batches.rows(batch.id).catch(() => null);
      if (!rows) return `may be in batch ${batch.id}, which cannot be read (see Batches)`;
      const row = rows.rows.find((r) => r.iccid === iccid);
      if (row) return `is in batch "${rows.name}" (line ${row.line}, ${row.state})`;
    }
    return null;
  }

  async function auditListing(onNotOurs: ((number: AccountNumber) => void) | null): Promise<AuditView> {
    await agreed();
    const env = environment();
    const member = deps.fleet();
    const report = await auditEnvironment(
      {
        purchases: deps.purchases(),
        batches: deps.batches,
        client: () => deps.access.client(env),
        ...(member ? { ledger: () => member.ledger.all() } : {}),
      },
      {
        onProgress: ({ numbers, total }) => deps.events.emit('auditProgress', { numbers, total, secondsLeft: secondsLeft(numbers, total) }),
        ...(onNotOurs ? { onNotOurs } : {}),
      },
    );
    const view: AuditView = {
      at: new Date().toISOString(),
      station: deps.station(),
      environment: env,
      numbersOnAccount: report.numbersOnAccount,
      pages: report.pages,
      notOurs: report.notOurs,
      findings: report.findings.map(findingView),
      unreadableBatches: [...(report.unreadableBatches ?? [])],
    };
    await writeLastAudit(dirOf(env), view);
    // The fleet view says when the account was last audited; a database away only misses this line.
    if (member) await recordFleetAudit(member.station, view.numbersOnAccount, view.findings.length).catch(() => undefined);
    return view;
  }

  return {
    audit: () => auditListing(null),
    auditListing,

    lastAudit: async () => readLastAudit(dirOf(environment())),

    async release({ number }) {
      checkPhoneNumber(number);
      await agreed();
      const env = environment();
      // The number on a SIM's label is never released from here: only the extra one of a double, or one nobody holds.
      const refuseHeld = async (): Promise<void> => {
        const held = await labelHolder(number);
        if (held) {
          throw new UserError(
            'release_recorded',
            `${number} is the number on a SIM's label: ${held}. It is not released from here. ` +
              'For a SIM with two numbers, release the other one (the audit lists both).',
          );
        }
      };
      await refuseHeld();
      const { environmentDir: dir, client } = await changeDeps(env);
      // Asked again under the number's lock, just before the intent: an adoption or a batch may have recorded it meanwhile.
      const outcome = await changeNumber(
        { environmentDir: dir, client, surface: deps.surface },
        number,
        null,
        { change: 'cancel' },
        { beforeSend: refuseHeld },
      );
      return {
        message:
          outcome.kind === 'made'
            ? `${number} released (order ${outcome.orderId ?? 'not given'}).`
            : `${number} was already released (an earlier run did it); nothing was sent.`,
      };
    },

    async adopt({ number }) {
      checkPhoneNumber(number);
      await agreed();
      const env = environment();
      const adopted = await adoptPurchase({ ...(await changeDeps(env)), batches: deps.batches }, number);
      await publish(await deps.purchases().find(adopted.iccid));
      return {
        message:
          adopted.kind === 'adopted'
            ? `${number} adopted for SIM ${adopted.iccid} (batch "${adopted.batchName}", line ${adopted.line}): its mapping and labels now show it.`
            : `${number} was already recorded for SIM ${adopted.iccid}; nothing was written.`,
      };
    },

    async replaceCard({ damaged, replacement }) {
      await agreed();
      const moved = await replaceCard({ ...(await changeDeps(environment())), knownElsewhere }, damaged, replacement);
      await publish(await deps.purchases().replacementOf(moved.oldIccid));
      const row = (await deps.batches.rows(moved.batchId)).rows.find((r) => r.iccid === moved.newIccid);
      return {
        message:
          moved.kind === 'made'
            ? `${moved.number} moved from SIM ${moved.oldIccid} to the new card ${moved.newIccid} (batch "${moved.batchName}").`
            : `${moved.number} was already on the new card ${moved.newIccid} (an earlier run moved it); nothing was sent.`,
        batchId: moved.batchId,
        line: row?.line ?? null,
      };
    },
  };
}
