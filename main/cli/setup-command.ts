/**
 * `simfleet setup`: production from the command line, for a kitting PC with no screen
 * (docs/cli.md, "setup"). It shows the state; saves the production URL; saves the
 * credentials (from TELEGENT_ACCOUNT_KEY / TELEGENT_ACCOUNT_SECRET, or typed at a prompt)
 * in the OS keychain; tests the connection; and switches the environment. Every step goes
 * through the app's own services, so the gates are the app's: production needs saved
 * credentials that passed a test at exactly that URL, and a confirmation (--yes).
 */
import { SETUP_OPTIONS } from './options';
import { createInterface } from 'node:readline';
import type { EnvironmentStatus, SettingsView } from '../../preload/views';
import { KeytarCredentialStore } from '../credentials/keytar-store';
import { defaultDataRoot } from '../environment/paths';
import { isUserError, UserError } from '../errors/user-error';
import { openHeadlessServices, type HeadlessServices } from '../services/headless';
import { EXIT, parseCommandLine } from './grammar';
import { checkDataDir } from './paths-check';
import { printable } from './printable';

const OPTIONS = SETUP_OPTIONS;

const when = (at: string): string => at.slice(0, 16).replace('T', ' ');

/** A recorded test as it stands (main/environment/production-tested.ts): a pass for other keys or another URL is no pass. */
function testOutcome(ok: boolean, stands: boolean): string {
  if (!ok) return 'failed';
  return stands ? 'passed' : 'passed, but for other credentials or another URL: run it again';
}

/** The state, as an operator reads it: which environment, where, and whether production is ready. */
function describe(
  settings: { readonly production: Pick<SettingsView['production'], 'apiBaseUrl' | 'connectionTest'> },
  status: Pick<EnvironmentStatus, 'environment' | 'dataDir'>,
  credentials: { readonly set: boolean; readonly accountKeyHint: string | null; readonly productionTested: boolean },
): string {
  const production = settings.production;
  const test = production.connectionTest;
  return [
    `Environment: ${status.environment === 'production' ? 'PRODUCTION (every activation buys a real number)' : 'practice (nothing is bought)'}`,
    `Production URL: ${production.apiBaseUrl}`,
    `Production credentials: ${credentials.set ? `saved in the OS keychain (${credentials.accountKeyHint ?? 'key'})` : 'not saved'}`,
    `Connection test: ${test ? `${testOutcome(test.ok, credentials.productionTested)} at ${test.apiBaseUrl} on ${when(test.at)}` : 'not run'}`,
    `Data folder: ${status.dataDir}`,
  ].join('\n');
}

/** Credentials from the environment, else typed (the secret without echo) when there is a terminal. */
async function credentialsFromUser(err: (text: string) => void): Promise<{ accountKey: string; accountSecret: string }> {
  const key = process.env['TELEGENT_ACCOUNT_KEY'];
  const secret = process.env['TELEGENT_ACCOUNT_SECRET'];
  if (key && secret) return { accountKey: key, accountSecret: secret };
  if (!process.stdin.isTTY) {
    throw new UserError(
      'no_credentials',
      '--save-credentials takes TELEGENT_ACCOUNT_KEY and TELEGENT_ACCOUNT_SECRET from the environment, or asks for them at a terminal; neither is here.',
    );
  }
  const ask = async (question: string, hidden: boolean): Promise<string> => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // The secret is never echoed: the prompt is written, then the line discipline's echo is swallowed.
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    if (hidden) output._writeToOutput = (s: string) => (s.startsWith(question) ? process.stderr.write(question) : undefined);
    try {
      return (await new Promise<string>((resolve) => rl.question(question, resolve))).trim();
    } finally {
      rl.close();
      if (hidden) err('\n');
    }
  };
  return { accountKey: await ask('AccountKey: ', false), accountSecret: await ask('AccountSecret (not shown): ', true) };
}

export async function runSetupCommand(args: readonly string[], write: (t: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  const err = (text: string): void => write(printable(text));
  let services: HeadlessServices | null = null;
  try {
    const { values: v, positionals } = parseCommandLine('setup', OPTIONS, args);
    if (positionals.length > 0) throw new UserError('usage', `Unexpected argument "${positionals[0]}". Run \`simfleet setup --help\` for every option.`);
    if (v.switch !== undefined && v.switch !== 'practice' && v.switch !== 'production')
      throw new UserError('usage', '--switch must be practice or production.');
    const dataRoot = checkDataDir(v['data-dir'] ?? defaultDataRoot());
    services = openHeadlessServices({ dataRoot, host: 'cli', credentials: new KeytarCredentialStore() });
    const api = services.impl;
    if (v['api-base'] !== undefined) {
      await api.settings.saveApiBaseUrl({ url: v['api-base'] });
      err(`Production URL saved: ${v['api-base']}.\n`);
    }
    if (v['save-credentials']) {
      const saved = await api.credentials.save(await credentialsFromUser(err));
      err(`Credentials saved in the OS keychain (${saved.accountKeyHint ?? 'key'}), for ${(await api.settings.get()).production.apiBaseUrl} only.\n`);
    }
    if (v.test) {
      err(`Testing the connection to ${(await api.settings.get()).production.apiBaseUrl}…\n`);
      const result = await api.connection.test({ environment: 'production' });
      err(`Connected: ${result.messageRoutes} message route(s), ${result.voiceRoutes} voice route(s), ${result.accounts} account(s).\n`);
    }
    if (v.switch !== undefined) {
      await api.environment.switch({ to: v.switch, confirmed: v.yes ?? false });
      err(`Switched to ${v.switch}.\n`);
    }
    const [settings, status, credentials] = await Promise.all([api.settings.get(), api.environment.status(), api.credentials.status()]);
    process.stdout.write(`${printable(describe(settings, status, credentials))}\n`);
    return EXIT.done;
  } catch (error) {
    if (!isUserError(error)) throw error;
    // The app's own gates and checks, in its words, with what to do from here.
    const hint =
      error.code === 'confirmation_required'
        ? ' Add --yes to confirm.'
        : error.code === 'no_credentials' || error.code === 'connection_not_tested'
          ? ' Run simfleet setup --save-credentials --test first.'
          : '';
    err(`simfleet setup: ${error.message}${hint}\n`);
    return EXIT.refused;
  } finally {
    await services?.close();
  }
}
