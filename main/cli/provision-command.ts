/**
 * `simfleet provision FILE --out MAPPING.csv [...]`: the batch engine, headless, on the
 * very services the app runs (docs/exactly-once.md, rule 9): the same import
 * checks, the same gate (production needs credentials and a passing connection test of
 * exactly those credentials at exactly that URL), the same batch locks and claims.
 * Every option is checked before anything is sent. Progress on stderr; the mapping CSV
 * is written at the end. Exit 0 when every row is provisioned (or was bought earlier),
 * 3 when some failed, remain uncertain or were not finished, 2 on bad usage, unreadable
 * input, a refused gate or a batch another process is running.
 * Killed at any moment (even SIGKILL), `--resume BATCH_ID` finishes the batch.
 */
import { PROVISION_OPTIONS } from './options';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { basename } from 'node:path';
import { type ServiceImpl } from '../../preload/contract';
import { ProvisioningProfileSchema, type Environment, type ProvisioningProfile } from '../../preload/domain';
import { MAX_IMPORT_BYTES, type BatchSummary, type ImportView } from '../../preload/views';
import { profileIssues } from '../../preload/profile-rules';
import { suggestedBatchName } from '../batch/batch-name';
import { estimateSeconds } from '../batch/header';
import { MemoryCredentialStore } from '../credentials/credential-store';
import { KeytarCredentialStore } from '../credentials/keytar-store';
import { defaultDataRoot } from '../environment/paths';
import { diskFault } from '../files/disk-fault';
import { isUserError } from '../errors/user-error';
import { openConfSettings } from '../settings/conf-settings';
import type { StoredSettings } from '../settings/schema';
import { openHeadlessServices, type HeadlessServices } from '../services/headless';
import { joinFleet, type FleetMembership } from '../fleet/fleet-membership';
import pkg from '../../package.json' with { type: 'json' };
import { checkBaseUrl, isPracticeSimulatorUrl } from '../telegent/base-url';
import { isParseArgsError } from './cli-errors';
import { EXIT, parseCommandLine } from './grammar';
import { PROVISION_USAGE } from './usage';
import { printable } from './printable';
import { quoteArg } from './shell-quote';
import { resolveColumnOption } from '../import/column-option';
import { checkDataDir, checkInputFile, checkOutputFile } from './paths-check';
import { writeFileAtomic } from '../files/atomic-write';
import { stationName } from '../fleet/station-name';
import { fleetConnectionUrl } from './fleet-url';
import { formatDuration } from '../../preload/duration-format';

const OPTIONS = PROVISION_OPTIONS;

class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

function flag(text: string | undefined, name: string): boolean | undefined {
  if (text === undefined) return undefined;
  const v = text.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new UsageError(`--${name} must be true or false (got "${text}").`);
}

function positive(text: string | undefined, name: string, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max} (got "${text}").`);
  return n;
}

export async function runProvisionCommand(args: readonly string[], write: (text: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  const err = (text: string): void => write(printable(text));
  let services: HeadlessServices | null = null;
  let fleet: FleetMembership | null = null;
  try {
    const parsed = parseCommandLine('provision', OPTIONS, args);
    const v = parsed.values;
    const [file, ...extra] = parsed.positionals;
    if (!v.out) throw new UsageError('--out MAPPING.csv is required.', true);
    if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`, true);
    if (!file && !v.resume) throw new UsageError('Give the ICCID list FILE, or --resume BATCH_ID.', true);
    if (v.resume && !/^[\w-]+$/.test(v.resume)) throw new UsageError(`"${v.resume}" is not a batch ID.`);

    // Everything that can be wrong with the options is found before anything is sent.
    const out = checkOutputFile(v.out);
    const dataRoot = checkDataDir(v['data-dir'] ?? defaultDataRoot());
    const input = file ? checkInputFile(file, MAX_IMPORT_BYTES) : null;
    const rate = positive(v.rate, 'rate', 6000);
    const concurrency = positive(v.concurrency, 'concurrency', 64);

    const saved = openConfSettings(dataRoot).read();
    const environment: Environment = saved.environment;
    const profile = v.resume ? saved[environment].profile : buildProfile(saved[environment].profile, v);
    if (!v.resume) {
      const issues = profileIssues(profile);
      if (issues.length > 0) throw new UsageError(`The provisioning profile would be refused by Telegent:\n  ${issues.map((i) => i.message).join('\n  ')}`);
    }

    // Practice talks only to a simulator; any other URL is production (docs/security.md).
    let practiceStandaloneUrl: string | undefined;
    if (v['api-base']) {
      const checked = checkBaseUrl(v['api-base']);
      if (!checked.ok) throw new UsageError(checked.message);
      if (environment === 'practice') {
        if (!isPracticeSimulatorUrl(checked.url)) {
          throw new UsageError(
            `SimFleet is in practice mode, which talks only to a simulator on this computer (http://127.0.0.1:PORT from ` +
              `\`simfleet simulator\`); ${checked.url} is not one. To buy real numbers, switch to production in the app first.`,
          );
        }
        practiceStandaloneUrl = checked.url;
      } else if (checked.url !== saved.production.apiBaseUrl) {
        throw new UsageError(
          `--api-base ${checked.url} is not the URL saved and tested in Settings (${saved.production.apiBaseUrl}). ` +
            `Production sends only to that URL: change it in the app and test the connection first.`,
        );
      }
    }

    // Credentials: in production from TELEGENT_* (bound to the tested URL) or the keychain; practice needs none.
    const key = process.env['TELEGENT_ACCOUNT_KEY'];
    const secret = process.env['TELEGENT_ACCOUNT_SECRET'];
    const fromEnv = environment === 'production' && key && secret;
    if (environment === 'practice' && (key || secret)) {
      err(
        'TELEGENT_ACCOUNT_KEY and TELEGENT_ACCOUNT_SECRET are not used in practice mode: the simulator takes its practice keys. ' +
          'Switch to production in the app to buy with them.\n',
      );
    }
    const credentials = fromEnv
      ? new MemoryCredentialStore({ accountKey: key, accountSecret: secret, apiBaseUrl: saved.production.apiBaseUrl })
      : environment === 'production'
        ? new KeytarCredentialStore()
        : new MemoryCredentialStore();

    const overlay = (s: StoredSettings): StoredSettings => ({
      ...s,
      ...(rate ? { rateLimitPerMinute: rate } : {}),
      ...(concurrency ? { concurrency } : {}),
      [environment]: { ...s[environment], accountId: v['account-id'] ?? s[environment].accountId, profile },
    });
    if (v.station !== undefined && !v.fleet) throw new UsageError('--station names this station in a fleet: give the fleet database with --fleet URL.');
    if (v.fleet) {
      const station = v.station === undefined ? undefined : stationName(v.station);
      // SIMFLEET_FLEET_LEASE_MS shortens the claim lease for rehearsals and tests (docs/fleet.md); never with real purchases.
      const leaseMs = Number(process.env['SIMFLEET_FLEET_LEASE_MS']) || undefined;
      if (leaseMs !== undefined && environment === 'production') {
        throw new UsageError('SIMFLEET_FLEET_LEASE_MS shortens the fleet lease for practice rehearsals only; unset it to provision in production.');
      }
      fleet = await joinFleet({
        url: await fleetConnectionUrl(v.fleet, v['fleet-password-file'], saved.fleet ?? null),
        environment,
        appVersion: pkg.version,
        ...(station ? { station } : {}),
        ...(leaseMs ? { leaseMs } : {}),
      });
      err(`Fleet station ${fleet.station.describe()} (${environment}).\n`);
    }
    services = openHeadlessServices({
      ...(fleet ? { fleet } : {}),
      dataRoot,
      host: 'cli',
      credentials,
      settingsOverlay: overlay,
      ...(v.wait ? { waitForLocks: true } : {}),
      ...(practiceStandaloneUrl ? { practiceStandaloneUrl } : {}),
    });
    const api = services.impl;

    // A resumed batch sends only where it started: checked before any connection test goes out.
    if (v.resume)
      await services.batches.checkGate(v.resume).catch((error: unknown) => {
        if (isUserError(error) && error.code === 'batch_blocked') throw error;
        // Other problems (no credentials yet, not tested) are for the connection test below.
      });
    if (fromEnv) {
      // Credentials from the environment are tested where they will be used, like the app's Settings do.
      const status = await api.environment.status();
      if (status.connection !== 'connected') {
        // Not tested there yet: they go only to a URL named on this command line, never to one
        // a settings file alone names (it may have been edited by hand; docs/security.md).
        if (v['api-base'] === undefined) {
          throw new UsageError(
            `TELEGENT_ACCOUNT_KEY and TELEGENT_ACCOUNT_SECRET have not passed a connection test at ${saved.production.apiBaseUrl}. ` +
              `SimFleet sends credentials from the environment only to an address you name: run again with --api-base ${saved.production.apiBaseUrl} ` +
              'to test them there first (or test them in the app).',
          );
        }
        err(`Testing the connection to ${saved.production.apiBaseUrl} with the credentials from TELEGENT_ACCOUNT_KEY…\n`);
        await api.connection.test({ environment: 'production' });
      }
    }

    let id: string;
    if (v['retry-failed'] && !v.resume) throw new UsageError('--retry-failed goes with --resume BATCH_ID: it sends the failed rows of that batch again.');
    if (v.resume) {
      const summary = await resumeBatch(api, v.resume, v['retry-failed'] ?? false, err);
      id = summary.id;
      err(`Resuming batch ${id} "${summary.name}" (${environment}): ${summary.total} SIMs.\n`);
    } else {
      const bytes = await readFile(input!);
      let view = await api.imports.fromFile({ name: basename(input!), base64: bytes.toString('base64') });
      // The same choice of sheet as `simfleet check --sheet` and the Import screen's sheet picker.
      if (v.sheet !== undefined) view = await api.imports.setSheet({ id: view.id, sheet: v.sheet });
      if (v.column !== undefined) view = await api.imports.setColumn({ id: view.id, column: resolveColumnOption(v.column, view.columns) });
      const s = view.summary;
      for (const note of view.notes) err(`${view.name}: note: ${note}\n`);
      await printProblemRows(api, view, err);
      err(`${view.name}: ${s.importable} of ${s.rows} row(s) will be provisioned (${s.errors} error(s), ${s.alreadyProvisioned} already provisioned).\n`);
      if (s.importable === 0 && s.errors === 0 && s.alreadyProvisioned > 0) {
        err(`${view.name}: nothing to do: every SIM of the list is already provisioned.\n`);
        return EXIT.nothingToDo;
      }
      if (s.importable === 0) {
        err(`simfleet provision: ${view.name}: nothing to provision: fix the errors above, then run again. Nothing was sent.\n`);
        return EXIT.inputErrors;
      }
      const name = v.name ?? suggestedBatchName(basename(input!), new Date());
      const summary = await api.batches.start({ importId: view.id, name });
      id = summary.id;
      const perMinute = rate ?? saved.rateLimitPerMinute;
      err(
        `Batch ${id} "${summary.name}" (${environment}): ${summary.total} SIMs, about ` +
          `${formatDuration(estimateSeconds(summary.total, perMinute))} at ${perMinute}/min. Resume with --resume ${id}.\n`,
      );
    }

    const final = await followToEnd(services, id, err);
    // The customer mapping, from the same service as the app's Labels screen and `simfleet export`
    // (docs/exports.md, "One mapping"), every row of the list in it.
    const mapping = await api.exports.mapping({ batchId: id, format: 'csv' });
    // A temporary file of its own beside the mapping, never a name someone could plant a link at.
    const written = Buffer.from(mapping.base64, 'base64');
    await writeFileAtomic(out, written, 0o644);
    // Rows the check refused are never sent; the mapping lists them (also after a resume), and the exit code counts them.
    const refused = (parse(written.toString('utf8'), { columns: true }) as Array<Record<string, string>>).filter((r) => r['State'] === 'refused').length;
    const c = final.counts;
    err(
      `Mapping written to ${out}: ${c.provisioned} provisioned, ${c.skipped} skipped (bought earlier), ${c.failed} ` +
        `failed, ${c.uncertain} uncertain, ${c.pending + c.queued} unfinished, ${c.cancelled} cancelled.\n`,
    );
    // Before any go-on command, which stays the last line (docs/audit.md, "When to audit").
    if (final.auditAdvised) err('Some answers were lost on the way: run simfleet audit (the same data folder) to be sure no SIM was bought twice.\n');
    if (final.status === 'cancelled') {
      err('The batch was cancelled: its other rows will not be sent. Provision them in a new batch if they are still wanted.\n');
      return EXIT.attention;
    }
    if (c.failed + c.uncertain + c.pending + c.queued + c.submitting > 0) {
      // The whole command, with the options that found this batch (data folder, fleet, address): a script can run it as it is.
      err(
        `Not everything is provisioned. Go on with:\n  simfleet ${resumeCommand(args, id)
          .map((a) => quoteArg(a))
          .join(' ')}\n`,
      );
      return EXIT.attention;
    }
    if (final.flagged > 0) {
      err(
        `${final.flagged} SIM(s) got a number Telegent also gave another SIM: the mapping's Message says which; ` +
          'ask Telegent which SIM keeps it before these SIMs go out.\n',
      );
      return EXIT.attention;
    }
    if (refused > 0) {
      err(`${refused} row(s) of the list were refused by the check and not sent: fix them (simfleet check shows each), then provision them.\n`);
      return EXIT.attention;
    }
    return EXIT.done;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`simfleet provision: ${error.message}\n${error.showUsage ? `\n${PROVISION_USAGE}\n` : ''}`);
      return 2;
    }
    if (isParseArgsError(error)) {
      err(`simfleet provision: ${error.message}\n\n${PROVISION_USAGE}\n`);
      return 2;
    }
    const fault = diskFault(error);
    if (fault) {
      // Nothing was lost: the journal holds what was bought; resume once the disk takes writes again.
      err(`simfleet provision: ${fault.message}\n`);
      return 3;
    }
    if (isUserError(error)) {
      err(`simfleet provision: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await services?.close();
    await fleet?.station.close();
  }
}

/**
 * `--resume ID [--retry-failed]`: the batch reopened and run to its end. With --retry-failed its
 * failed rows are queued again (they bought nothing) and its uncertain rows looked up again
 * (a lookup buys nothing), then the whole batch resumes: queued rows too, not only those.
 */
async function resumeBatch(api: HeadlessServices['impl'], id: string, retryFailed: boolean, err: (text: string) => void): Promise<BatchSummary> {
  if (retryFailed) {
    const nothing = new Set(['nothing_to_retry', 'nothing_to_reconcile']);
    for (const [act, what] of [
      [() => api.batches.retryFailed({ id }), 'Sending the failed rows again'],
      [() => api.batches.reconcile({ id }), 'Looking the uncertain rows up again'],
    ] as const) {
      try {
        await act();
        err(`${what}.\n`);
      } catch (error) {
        if (!isUserError(error) || !nothing.has(error.code)) throw error;
      }
    }
  }
  return api.batches.resume({ id });
}

/** The command that goes on with batch `id`: the options given, without the list and its naming, plus --resume and --retry-failed. */
export function resumeCommand(args: readonly string[], id: string): string[] {
  const valued = new Set(Object.entries(OPTIONS).flatMap(([name, o]) => (o.type === 'string' ? [`--${name}`] : [])));
  const dropped = new Set(['--resume', '--retry-failed', '--name', '--column', '--sheet']);
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.split('=')[0]!;
    const takesNext = valued.has(name) && !arg.includes('=');
    if (!name.startsWith('--')) continue;
    if (!dropped.has(name)) kept.push(arg, ...(takesNext && i + 1 < args.length ? [args[i + 1]!] : []));
    if (takesNext) i += 1;
  }
  return ['provision', '--resume', id, '--retry-failed', ...kept];
}

/** Prints progress at most once a second until the batch stops (finished, paused, cancelled); Ctrl+C pauses it. */
async function followToEnd(services: HeadlessServices, id: string, err: (text: string) => void): Promise<BatchSummary> {
  let last = 0;
  let lastStatus: BatchSummary['status'] | null = null;
  let interrupted = false;
  const stop = (): void => {
    if (interrupted) return;
    interrupted = true;
    err('Stopping: requests in flight finish and are recorded…\n');
    // A pause that cannot be written (a disk fault) is said by the run itself; it is not a crash of this command.
    services.impl.batches.pause({ id }).catch(() => undefined);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const stopped = new Promise<void>((resolve) => {
      const off = services.events.subscribe((name, payload) => {
        if (name !== 'batchProgress') return;
        const s = payload as BatchSummary;
        if (s.id !== id) return;
        // A batch that pauses itself says why (a fleet database away: it resumes by itself).
        if (s.status !== lastStatus) {
          if (s.status === 'paused') err(`[${new Date().toISOString().slice(11, 19)}] Paused: ${s.message ?? 'by the operator'}\n`);
          else if (lastStatus === 'paused' && s.status === 'running') err(`[${new Date().toISOString().slice(11, 19)}] Running again.\n`);
          lastStatus = s.status;
        }
        const now = Date.now();
        if (now - last >= 1000) {
          last = now;
          const c = s.counts;
          err(
            `[${new Date().toISOString().slice(11, 19)}] ${s.done}/${s.total} done: ${c.provisioned} ` +
              `provisioned, ${c.failed} failed, ${c.uncertain} uncertain, ${c.pending} pending\n`,
          );
        }
        if (s.status !== 'running' && !services.batches.isLive(id)) {
          off();
          resolve();
        }
      });
    });
    if (services.batches.isLive(id)) await stopped;
    return (await services.impl.batches.get({ id })).summary;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

function buildProfile(saved: ProvisioningProfile, v: Readonly<Record<string, string | boolean | undefined>>): ProvisioningProfile {
  const merged = {
    ...saved,
    ...(v['number-type'] ? { NumberType: v['number-type'] } : {}),
    ...(v['message-type'] ? { MessageType: v['message-type'] } : {}),
    ...(v['product-type'] ? { ProductType: v['product-type'] } : {}),
    ...(v['message-route-id'] !== undefined ? { MessageRouteId: v['message-route-id'] } : {}),
    ...(v['voice-route-id'] !== undefined ? { VoiceRouteId: v['voice-route-id'] } : {}),
    ...(v['subscriber-id'] !== undefined ? { AssignedSubscriberId: v['subscriber-id'] } : {}),
    ...(v['area-code'] !== undefined ? { AreaCode: v['area-code'] } : {}),
    ...(v['zip-code'] !== undefined ? { ZipCode: v['zip-code'] } : {}),
  } as Record<string, unknown>;
  for (const [option, field] of [
    ['message-enabled', 'MessageEnabled'],
    ['voice-enabled', 'VoiceEnabled'],
    ['data-enabled', 'DataEnabled'],
  ] as const) {
    const text = v[option];
    const value = flag(typeof text === 'string' ? text : undefined, option);
    if (value !== undefined) merged[field] = value;
  }
  const checked = ProvisioningProfileSchema.safeParse(merged);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new UsageError(`Invalid ${String(issue.path[0])}: ${issue.message}.`);
  }
  return checked.data;
}

/** Rows left out (errors, SIMs already provisioned), a page at a time: a list can have millions. */
async function printProblemRows(api: ServiceImpl, view: ImportView, err: (text: string) => void): Promise<void> {
  for (let offset = 0; ; offset += 1000) {
    const page = await api.imports.rows({ id: view.id, filter: 'problems', search: '', offset, limit: 1000 });
    for (const row of page.rows) {
      if (row.status !== 'warning')
        err(`${view.name}:${row.line}: ${row.status === 'provisioned' ? 'notice' : 'error'} [${row.codes.join(', ')}] ${row.message}\n`);
    }
    if (offset + page.rows.length >= page.total || page.rows.length === 0) return;
  }
}
