/**
 * Batches for the app: start from an import, list and open them, control them, and
 * push throttled progress (at most ~10 events a second per batch) to the renderer.
 * One engine instance per live batch; finished and interrupted batches are read
 * from their journals.
 */
import { productionTestState } from '../environment/production-tested';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Environment } from '../../preload/domain';
import type { BatchEstimate, BatchSummary, ImportRow } from '../../preload/views';
import type { ServiceImpl } from '../../preload/contract';
import { inLineRanges, parseLineRanges } from '../../preload/line-ranges';
import { profileIssues } from '../../preload/profile-rules';
import type { EventBus } from '../bridge/event-bus';
import type { TelegentAccess } from '../connection/telegent-access';
import { isUserError, UserError } from '../errors/user-error';
import type { MappingRow } from '../export/mapping-export';
import { csvCell } from '../export/spreadsheet-safety';
import type { ImportService } from '../import/import-service';
import type { PurchaseLog } from '../purchases/purchase-log';
import { afterSaleRow } from './after-sale-rows';
import type { Logger } from '../logging/logger';
import type { SettingsStore } from '../settings/store';
import { isFlagged, type BatchState, type BatchStatus } from './derive';
import { BatchRun, DEFAULT_POLICY, type EnginePolicy, type EnginePurchases } from './engine';
import type { IccidClaims } from '../coordination/claims';
import type { Coordination } from '../coordination/coordination';
import type { HeldLock, LockSurface } from '../locks/batch-lock';
import { suggestedBatchName } from './batch-name';
import { notSentFrom, readNotSent, writeNotSent } from './not-sent';
import { buildHeader, estimateSeconds } from './header';
import { runBlockers, targetOf, type CurrentTarget } from './gate';
import { accountKeyHint, type CredentialStore, type SavedCredentials } from '../credentials/credential-store';
import { credentialsFingerprint } from '../credentials/fingerprint';
import { createBatchReads } from './batch-reads';
import { createProgressFeed } from './progress-feed';
import { createLiveRuns } from './live-runs';
import { damagedSummary, OPERATOR_PAUSE, resultsCsv, rowView, summaryOf } from './views';

export interface BatchServiceDeps {
  readonly dataRoot: string;
  readonly settings: SettingsStore;
  readonly access: TelegentAccess;
  /** The current environment's purchase log. */
  readonly purchases: () => PurchaseLog;
  readonly imports: ImportService;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly policy?: Partial<EnginePolicy>;
  /** Progress events at most this often per batch (ms). */
  readonly throttleMs?: number;
  /** Named to other processes that find a batch locked ("running in SimFleet, pid N"). */
  readonly surface: LockSurface;
  /** Wait for a batch another process runs instead of refusing (the CLI's --wait). */
  readonly waitForLocks?: boolean;
  /** Production credentials, for the gate's fingerprint check. */
  readonly credentials: CredentialStore;
  /** Which simulator plays practice mode in this process. */
  readonly practiceTarget: () => CurrentTarget['practice'];
  /**
   * The coordination port of an environment (coordination/coordination.ts), chosen by the
   * composition root: claims, the purchase record, the rate budget, the fleet agreement and board.
   */
  readonly coordination: (environment: Environment) => Coordination;
}

/**
 * The batch service is the contract's `batches` namespace (docs/decisions.md, D2), plus
 * what labels, the CLI and the window need of a batch.
 */
export type BatchService = ServiceImpl['batches'] & {
  /** Full rows of a batch (all, or those on the import lines given as "2-10, 15") for labels and exports. */
  rows(id: string, lines?: string): Promise<{ name: string; environment: Environment; rows: Array<MappingRow & { index: number; line: number }> }>;
  /** The rows of its list the batch did not take, with why (docs/exports.md, "One mapping"). */
  notSent(id: string): Promise<MappingRow[]>;
  /** Refuses (batch_blocked) when the batch may not send from here now: settings no longer match its header. */
  checkGate(id: string): Promise<void>;
  /** Whether this process has the batch open (its workers may still be running). */
  isLive(id: string): boolean;
  /** Batches still running (the window asks before closing while any is). */
  running(): BatchSummary[];
  /** This process's lock on a batch, whose refreshes keep its file claims alive (locks/file-claims.ts). */
  lockOf(batchId: string): HeldLock | undefined;
  close(): Promise<void>;
};

export function createBatchService(deps: BatchServiceDeps): BatchService {
  const maxLookupFailures = deps.policy?.maxLookupFailures ?? DEFAULT_POLICY.maxLookupFailures;
  const throttleMs = deps.throttleMs ?? 100;

  const environment = (): Environment => deps.settings.read().environment;
  const reads = createBatchReads({ dataRoot: deps.dataRoot, environment, liveRun: (id) => live.get(id) });
  const { batchesDir, journalPath, stateOf } = reads;
  /** Until when a 429 holds this environment's calls, for the summary to say why nothing moves. */
  const heldUntil = (env: Environment): number | null => deps.access.limiter(env).heldUntil();
  const coordinationFor = (env: Environment): Coordination => deps.coordination(env);
  /** A batch's summary now, with the 429 hold of its environment (the one way every view here is made). */
  const summarize = (state: BatchState, status: BatchStatus | null): BatchSummary =>
    summaryOf(state, status, maxLookupFailures, Date.now(), heldUntil(state.header.environment));
  const progressEmitter = createProgressFeed({
    events: deps.events,
    logger: deps.logger,
    throttleMs,
    liveRun: (id) => live.get(id),
    stateOf,
    summarize,
    publish: (environment, batch) => coordinationFor(environment).publish(batch),
  });
  /** What the engine takes of the port: who may send, and the purchase record. */
  const engineCoordination = (env: Environment): { claims: IccidClaims; purchases: EnginePurchases } => {
    const { claims, purchases } = coordinationFor(env);
    return { claims, purchases };
  };
  const live = createLiveRuns({
    surface: deps.surface,
    ...(deps.waitForLocks ? { waitForLocks: true } : {}),
    logger: deps.logger,
    journalPath,
    stateOf,
    gate,
    open: async (path, state, emit) =>
      BatchRun.open(path, {
        client: await deps.access.client(state.header.environment),
        ...engineCoordination(state.header.environment),
        concurrency: deps.settings.read().concurrency,
        ...(deps.policy ? { policy: deps.policy } : {}),
        onChange: emit,
      }),
    emitterFor: (id) => progressEmitter(id),
    summarize: (run) => summarize(run.state, run.status()),
  });
  /** Runs an operator action on a batch (resume, cancel, retry, reconcile) and answers its summary. */
  const act = (id: string, action: (run: BatchRun) => Promise<void>): Promise<BatchSummary> => live.act(id, action, () => summary(id));

  const summary = async (id: string): Promise<BatchSummary> => {
    const { state, liveStatus } = await stateOf(id);
    return summarize(state, liveStatus);
  };

  /** Where this process would send now: the gate compares it with a batch's header. */
  async function currentTarget(): Promise<CurrentTarget> {
    const settings = deps.settings.read();
    let saved: SavedCredentials | null = null;
    if (settings.environment === 'production') {
      try {
        saved = await deps.credentials.load();
      } catch (error) {
        if (!isUserError(error)) throw error;
      }
    }
    const credentials = saved ? { fingerprint: credentialsFingerprint(saved), accountKeyHint: accountKeyHint(saved.accountKey) } : null;
    const test = settings.production.connectionTest;
    const url = settings.production.apiBaseUrl;
    return {
      environment: settings.environment,
      practice: deps.practiceTarget(),
      productionUrl: url,
      credentials,
      productionTested:
        productionTestState(test, url, saved && credentials ? { apiBaseUrl: saved.apiBaseUrl, fingerprint: credentials.fingerprint } : null) === 'passed',
    };
  }

  async function blockers(env: Environment): Promise<string[]> {
    const settings = deps.settings.read();
    const found = profileIssues(settings[env].profile).map((i) => `Provisioning profile: ${i.message}`);
    const current = await currentTarget();
    found.push(...runBlockers({ environment: env, apiBaseUrl: current.productionUrl }, current));
    const disagreement = await coordinationFor(env).agreement();
    if (disagreement) found.push(disagreement);
    return found;
  }

  /** Resume, retry and reconcile pass the same gate as start, against the batch's own header. */
  async function gate(state: BatchState): Promise<void> {
    const found = runBlockers(state.header, await currentTarget());
    const disagreement = await coordinationFor(state.header.environment).agreement();
    if (disagreement) found.push(disagreement);
    if (found.length > 0) throw new UserError('batch_blocked', found.join(' '));
  }

  async function estimateFor(importId: string): Promise<BatchEstimate> {
    const view = deps.imports.view(importId);
    const settings = deps.settings.read();
    const env = settings.environment;
    const count = view.summary.importable;
    const list = await blockers(env);
    if (count === 0) list.push('No rows are ready to provision in this import.');
    return {
      importId,
      suggestedName: suggestedBatchName(view.name, new Date()),
      count,
      environment: env,
      apiBaseUrl: await deps.access.baseUrl(env),
      accountId: settings[env].accountId,
      profile: settings[env].profile,
      rateLimitPerMinute: settings.rateLimitPerMinute,
      estimatedSeconds: estimateSeconds(count, settings.rateLimitPerMinute),
      ...included(deps.imports, importId),
      blockers: list,
    };
  }

  return {
    estimate: ({ importId }) => estimateFor(importId),

    async start({ importId, name }) {
      const estimate = await estimateFor(importId);
      if (estimate.blockers.length > 0) throw new UserError('batch_blocked', estimate.blockers.join(' '));
      const settings = deps.settings.read();
      const header = buildHeader({
        source: deps.imports.view(importId).name,
        rows: deps.imports.importable(importId),
        name: name.trim(),
        environment: estimate.environment,
        apiBaseUrl: estimate.apiBaseUrl,
        target: targetOf(await currentTarget())!,
        accountId: estimate.accountId,
        profile: estimate.profile,
        now: new Date(),
      });
      const client = await deps.access.client(estimate.environment);
      const emit = progressEmitter(header.id);
      const path = join(batchesDir(estimate.environment), `${header.id}.jsonl`);
      const run = await live.create(header.id, path, async () => {
        // Before the journal: a batch whose list rows cannot all be accounted for does not start.
        await writeNotSent(path, await notSentOf(deps.imports, importId));
        return BatchRun.create(path, header, {
          client,
          ...engineCoordination(estimate.environment),
          concurrency: settings.concurrency,
          ...(deps.policy ? { policy: deps.policy } : {}),
          onChange: emit,
        });
      });
      await deps.imports.batchStarted(importId);
      deps.logger.log('info', 'batch.started', { batchId: header.id, name: header.name, environment: header.environment, rows: header.rows.length });
      await live.attach(run);
      return summarize(run.state, run.status());
    },

    async list() {
      const files = await readdir(batchesDir()).catch(() => [] as string[]);
      const ids = files
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => f.slice(0, -'.jsonl'.length))
        .sort()
        .reverse();
      return Promise.all(
        ids.map(async (id) => {
          try {
            return await summary(id);
          } catch (error) {
            // Never hidden: an unreadable batch is listed with the reason and what to do.
            const message = error instanceof Error ? error.message : String(error);
            deps.logger.log('error', 'batch.unreadable', { batchId: id, message });
            return damagedSummary(id, environment(), message);
          }
        }),
      );
    },

    async get({ id }) {
      const { state, run } = await stateOf(id);
      return { summary: await summary(id), rows: state.rows.map((_, i) => rowView(state, i, run?.waitingFor(i) ?? null)) };
    },

    async pause({ id }) {
      const run = live.get(id);
      if (run) await run.pause(OPERATOR_PAUSE);
      return summary(id);
    },

    resume: ({ id }) => act(id, (run) => run.resume()),

    cancel: ({ id }) => act(id, (run) => run.cancel()),

    retryFailed: ({ id }) =>
      act(id, async (run) => {
        if ((await run.retryFailed()) === 0) throw new UserError('nothing_to_retry', 'No failed rows to retry in this batch.');
      }),

    reconcile: ({ id }) =>
      act(id, async (run) => {
        if ((await run.reconcile()) === 0) throw new UserError('nothing_to_reconcile', 'No uncertain rows to check in this batch.');
      }),

    async resultsCsv({ id }) {
      const { state } = await stateOf(id);
      const practice = state.header.environment === 'practice' ? 'PRACTICE-' : '';
      // The batch's results (every row, its state and message); the customer mapping from
      // Labels is `…-mapping.csv`. Distinct names, so one name always means one set of columns.
      return { fileName: `${practice}${state.header.name.replace(/[^\w.-]+/g, '_')}-batch-results.csv`, csv: resultsCsv(state) };
    },

    purchaseLogDamage: async () => (await deps.purchases().damage()).map((d) => ({ line: d.line, reason: d.reason, iccids: [...d.iccids] })),

    async purchaseLogCsv() {
      const env = environment();
      const rows = (await deps.purchases().all()).map((r) =>
        [r.at, r.environment, r.iccid, r.phoneNumber, r.phoneNumberId ?? '', r.orderId ?? '', r.batchName, r.batchId].map((v) => csvCell(v)),
      );
      const csv = stringify([['Time', 'Environment', 'ICCID', 'PhoneNumber', 'PhoneNumberId', 'OrderId', 'BatchName', 'BatchId'], ...rows]);
      return { fileName: `${env === 'practice' ? 'PRACTICE-' : ''}simfleet-purchases.csv`, csv };
    },

    async notSent(id) {
      return readNotSent(journalPath(id));
    },

    async rows(id, lines) {
      const { state } = await stateOf(id);
      const pick = pickLines(state, lines);
      // Replacement cards and adopted purchases are in the purchase log, not the journal (docs/audit.md).
      const facts = await deps.purchases().afterSale();
      return {
        name: state.header.name,
        environment: state.header.environment,
        rows: pick
          .filter((i) => i >= 0 && i < state.rows.length)
          .map((i) => {
            const r = state.rows[i]!;
            return afterSaleRow(
              {
                index: i,
                line: state.header.rows[i]!.line,
                iccid: state.header.rows[i]!.iccid,
                number: r.number,
                nid: r.nid,
                orderId: r.orderId,
                orderStatus: r.orderStatus,
                subscriberId: r.subscriberId,
                zipCode: r.zipCode,
                provisionedAt: r.provisionedAt,
                state: r.state,
                message: r.message,
                flagged: isFlagged(r),
                lpa: r.lpa,
              },
              id,
              facts,
            );
          }),
      };
    },

    isLive: (id) => live.get(id) !== undefined,
    lockOf: (id) => live.lockOf(id),
    checkGate: async (id) => gate((await stateOf(id)).state),

    running() {
      return live.running().map((r) => summarize(r.state, r.status()));
    },

    close: () => live.close(),
  };
}

/** The import's review for the confirmation, as the contract's (mutable) arrays. */
/** Every row of an import a batch from it would not take, a page at a time. */
async function notSentOf(imports: ImportService, importId: string): Promise<MappingRow[]> {
  const rows: ImportRow[] = [];
  for (const filter of ['errors', 'provisioned'] as const) {
    for (let offset = 0; ;) {
      const page = await imports.rows({ id: importId, filter, offset, limit: 5000, search: '' });
      rows.push(...page.rows);
      offset += page.rows.length;
      if (page.rows.length === 0 || offset >= page.total) break;
    }
  }
  return notSentFrom(rows.sort((a, b) => a.line - b.line));
}

function included(imports: ImportService, importId: string): Pick<BatchEstimate, 'warnings' | 'overrides'> {
  const review = imports.included(importId);
  return { warnings: { count: review.warnings.count, first: review.warnings.first.map((w) => ({ ...w })) }, overrides: [...review.overrides] };
}

/** The rows on the given import lines ("2-10, 15"), resolved here so no screen needs the whole batch to map lines. */
function pickLines(state: BatchState, lines: string | undefined): number[] {
  const all = state.rows.map((_, i) => i);
  if (lines === undefined || lines.trim() === '') return all;
  const parsed = parseLineRanges(lines);
  if (!parsed.ok) throw new UserError('bad_lines', parsed.message);
  const picked = all.filter((i) => inLineRanges(parsed.ranges, state.header.rows[i]!.line));
  if (picked.length === 0) {
    throw new UserError('no_such_lines', `None of lines ${lines.trim()} is in batch "${state.header.name}". Check the line numbers against the import.`);
  }
  return picked;
}
