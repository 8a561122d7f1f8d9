/**
 * `simfleet provision FILE --out MAPPING.csv [...]`: the batch engine, headless.
 * Same import checks, same journal, same exactly-once rules as the app. Progress on
 * stderr; the mapping CSV is written at the end. Exit 0 when every row is
 * provisioned (or was already provisioned earlier), 3 when some failed, remain
 * uncertain or were not finished, 2 on bad usage or unreadable input.
 * Killed at any moment (even SIGKILL), `--resume BATCH_ID` finishes the batch.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Conf from 'conf';
import { ProvisioningProfileSchema, type Environment, type ProvisioningProfile } from '../../preload/contract';
import { profileIssues } from '../../preload/profile-rules';
import { countStates } from '../batch/derive';
import { BatchRun } from '../batch/engine';
import { buildHeader, estimateSeconds } from '../batch/header';
import { mappingCsv } from '../batch/views';
import { KeytarCredentialStore } from '../credentials/keytar-store';
import { defaultDataRoot, environmentDir } from '../environment/paths';
import { practiceSimulatorFile } from '../environment/practice-simulator';
import { isUserError } from '../errors/user-error';
import { ProvisionedRegistry } from '../history/provisioned-registry';
import { createImportService } from '../import/import-service';
import { openSettings, type ConfLike } from '../settings/store';
import { isParseArgsError } from './cli-errors';
import { startSimulator, type Simulator } from '../simulator/server';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../simulator/state';
import { checkBaseUrl } from '../telegent/base-url';
import { TelegentClient, type Credentials } from '../telegent/client';
import { RateLimiter } from '../telegent/rate-limiter';

export const PROVISION_USAGE = `Usage: simfleet provision FILE --out MAPPING.csv [options]
       simfleet provision --resume BATCH_ID --out MAPPING.csv [options]

  --api-base URL            Telegent base URL (https; http only on loopback)
  --number-type mvno|iot    --message-type p2p|a2p
  --product-type Sms-Only|Data-Only|Sms+Data|Sms+Data+Voice
  --message-route-id MRID   --voice-route-id CRID
  --account-id AID          --subscriber-id TSUID
  --area-code NPA           --zip-code ZIP
  --message-enabled true|false  --voice-enabled true|false  --data-enabled true|false
  --rate PER_MIN            --concurrency N
  --name NAME               batch name (default: file name and time)
  --data-dir DIR            SimFleet data folder (default: the app's)
  --resume BATCH_ID         finish an interrupted batch

Unset options come from the saved settings. Credentials: TELEGENT_ACCOUNT_KEY and
TELEGENT_ACCOUNT_SECRET, else the OS keychain (practice mode needs none).
Exit codes: 0 all provisioned; 3 some failed, uncertain or unfinished; 2 bad usage or input.`;

const OPTIONS = {
  out: { type: 'string' },
  'api-base': { type: 'string' },
  'number-type': { type: 'string' },
  'message-type': { type: 'string' },
  'product-type': { type: 'string' },
  'message-route-id': { type: 'string' },
  'voice-route-id': { type: 'string' },
  'account-id': { type: 'string' },
  'subscriber-id': { type: 'string' },
  'area-code': { type: 'string' },
  'zip-code': { type: 'string' },
  'message-enabled': { type: 'string' },
  'voice-enabled': { type: 'string' },
  'data-enabled': { type: 'string' },
  rate: { type: 'string' },
  concurrency: { type: 'string' },
  name: { type: 'string' },
  'data-dir': { type: 'string' },
  resume: { type: 'string' },
} as const;

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

export async function runProvisionCommand(args: readonly string[], err: (text: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  let sim: Simulator | null = null;
  try {
    const parsed = parseArgs({ args: [...args], allowPositionals: true, options: OPTIONS, strict: true });
    const v = parsed.values;
    const [file, ...extra] = parsed.positionals;
    if (!v.out) throw new UsageError('--out MAPPING.csv is required.', true);
    if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`, true);
    if (!file && !v.resume) throw new UsageError('Give the ICCID list FILE, or --resume BATCH_ID.', true);

    const dataRoot = v['data-dir'] ?? defaultDataRoot();
    const settings = openSettings(dataRoot, ({ cwd, configName }) => new Conf({ cwd, configName }) as unknown as ConfLike).read();
    const environment: Environment = settings.environment;
    const envDir = environmentDir(dataRoot, environment);
    const registry = new ProvisionedRegistry(envDir);

    // Where Telegent is, and with which keys.
    let baseUrl: string;
    let credentials: () => Promise<Credentials>;
    const fromEnv = process.env['TELEGENT_ACCOUNT_KEY'] && process.env['TELEGENT_ACCOUNT_SECRET'] ? { accountKey: process.env['TELEGENT_ACCOUNT_KEY'], accountSecret: process.env['TELEGENT_ACCOUNT_SECRET'] } : null;
    if (v['api-base']) {
      const checked = checkBaseUrl(v['api-base']);
      if (!checked.ok) throw new UsageError(checked.message);
      baseUrl = checked.url;
    } else if (environment === 'practice') {
      // The same practice simulator state as the app's, so --resume reconciles against it.
      sim = await startSimulator({ rateLimitPerMinute: settings.rateLimitPerMinute, stateFile: practiceSimulatorFile(dataRoot) });
      baseUrl = sim.url;
    } else baseUrl = settings.production.apiBaseUrl;
    if (fromEnv) credentials = async () => fromEnv;
    else if (environment === 'practice' && (sim || /^http:\/\/(127\.|localhost|\[::1\])/.test(baseUrl))) {
      credentials = async () => ({ accountKey: PRACTICE_ACCOUNT_KEY, accountSecret: PRACTICE_ACCOUNT_SECRET });
    } else {
      const store = new KeytarCredentialStore();
      const saved = await store.load();
      if (!saved) throw new UsageError('No Telegent credentials: set TELEGENT_ACCOUNT_KEY and TELEGENT_ACCOUNT_SECRET, or save them in the app (Settings).');
      credentials = async () => saved;
    }

    const rate = positive(v.rate, 'rate', 6000) ?? settings.rateLimitPerMinute;
    const concurrency = positive(v.concurrency, 'concurrency', 64) ?? settings.concurrency;
    const client = new TelegentClient({ baseUrl, credentials, limiter: new RateLimiter({ perMinute: rate }) });

    let lastLine = 0;
    let run: BatchRun | undefined;
    const progress = (): void => {
      const now = Date.now();
      if (!run || now - lastLine < 1000) return;
      lastLine = now;
      const c = countStates(run.state);
      const done = c.provisioned + c.failed + c.skipped + c.cancelled;
      err(`[${new Date().toISOString().slice(11, 19)}] ${done}/${run.state.rows.length} done: ${c.provisioned} provisioned, ${c.failed} failed, ${c.uncertain} uncertain, ${c.pending} pending\n`);
    };
    const deps = { client, registry, concurrency, onChange: () => progress() };

    if (v.resume) {
      if (!/^[\w-]+$/.test(v.resume)) throw new UsageError(`"${v.resume}" is not a batch ID.`);
      run = await BatchRun.open(join(envDir, 'batches', `${v.resume}.jsonl`), deps);
      err(`Resuming batch ${run.id} "${run.state.header.name}" (${environment}): ${run.state.rows.length} SIMs.\n`);
      if (run.state.paused) await run.resume();
    } else {
      const profile = buildProfile(settings[environment].profile, v);
      const issues = profileIssues(profile);
      if (issues.length > 0) throw new UsageError(`The provisioning profile would be refused by Telegent:\n  ${issues.map((i) => i.message).join('\n  ')}`);
      const imports = createImportService({ provisioned: () => registry });
      let bytes: Buffer;
      try {
        bytes = await readFile(resolve(file!));
      } catch (error) {
        throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
      }
      const view = await imports.fromFile(basename(file!), new Uint8Array(bytes));
      const s = view.summary;
      for (const f of view.findings) if (f.severity !== 'warning') err(`${view.name}:${f.line}: ${f.severity} [${f.code}] ${f.message.replace(/^Line \d+: /, '')}\n`);
      err(`${view.name}: ${s.importable} of ${s.rows} row(s) will be provisioned (${s.errors} error(s), ${s.alreadyProvisioned} already provisioned).\n`);
      if (s.importable === 0) throw new UsageError(`${view.name}: nothing to provision.`);
      const header = buildHeader({
        view,
        name: v.name ?? `${basename(file!).replace(/\.[^.]+$/, '')} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
        environment,
        apiBaseUrl: baseUrl,
        accountId: v['account-id'] ?? settings[environment].accountId,
        profile,
        now: new Date(),
      });
      run = await BatchRun.create(join(envDir, 'batches', `${header.id}.jsonl`), header, deps);
      err(`Batch ${header.id} "${header.name}" (${environment}): ${header.rows.length} SIMs, about ${formatSeconds(estimateSeconds(header.rows.length, rate))} at ${rate}/min. Resume with --resume ${header.id}.\n`);
    }

    const active: BatchRun = run;
    let interrupted = false;
    const stop = (): void => {
      if (interrupted) return;
      interrupted = true;
      err('Stopping: requests in flight finish and are recorded…\n');
      void active.pause('Interrupted from the command line.');
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await active.run();
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    await active.close();

    const out = resolve(v.out);
    await writeFile(`${out}.tmp`, mappingCsv(active.state));
    await rename(`${out}.tmp`, out);
    const c = countStates(active.state);
    err(`Mapping written to ${out}: ${c.provisioned} provisioned, ${c.skipped} skipped (bought earlier), ${c.failed} failed, ${c.uncertain} uncertain, ${c.pending + c.queued} unfinished, ${c.cancelled} cancelled.\n`);
    if (c.failed + c.uncertain + c.pending + c.queued + c.submitting + c.cancelled > 0) {
      err(`Not everything is provisioned. Resume with: simfleet provision --resume ${active.id} --out ${v.out}\n`);
      return 3;
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`simfleet provision: ${error.message}\n${error.showUsage ? `\n${PROVISION_USAGE}\n` : ''}`);
      return 2;
    }
    if (isParseArgsError(error)) {
      err(`simfleet provision: ${error.message}\n\n${PROVISION_USAGE}\n`);
      return 2;
    }
    if (isUserError(error)) {
      err(`simfleet provision: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await sim?.close();
  }
}

function formatSeconds(seconds: number): string {
  return seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.ceil(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

function buildProfile(saved: ProvisioningProfile, v: Record<string, string | undefined>): ProvisioningProfile {
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
  for (const [option, field] of [['message-enabled', 'MessageEnabled'], ['voice-enabled', 'VoiceEnabled'], ['data-enabled', 'DataEnabled']] as const) {
    const value = flag(v[option], option);
    if (value !== undefined) merged[field] = value;
  }
  const checked = ProvisioningProfileSchema.safeParse(merged);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new UsageError(`Invalid ${String(issue.path[0])}: ${issue.message}.`);
  }
  return checked.data;
}
