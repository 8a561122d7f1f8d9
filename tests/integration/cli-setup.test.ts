/**
 * Production from the command line (docs/cli.md, "setup"): a kitting PC with no screen
 * saves the URL and the credentials (in a real OS keychain: the run's gnome-keyring on its
 * D-Bus session, tests/helpers/keyring-session.ts), tests the connection, switches with the app's gates, and then
 * `simfleet provision` buys in production with the credentials from the keychain alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICE_IDS } from '../../preload/constants';
import { listFile, purchaseCounts, spawnSimulator } from '../helpers/cli-process';
import { sharedKeyring } from '../helpers/keyring-session';
import { mappingRows } from '../helpers/mapping-file';

const KEY = 'DID-7c1d2e3f-cli-setup';
const SECRET = 'cli-setup-Secret-0a1b2c3d';
let simulator: Awaited<ReturnType<typeof spawnSimulator>>;

beforeAll(async () => {
  simulator = await spawnSimulator(['--account-key', KEY, '--account-secret', SECRET]);
});
afterAll(() => {
  simulator.process.kill('SIGTERM');
});

/** Runs the steps against the run's unlocked keyring; answers each step's exit code, stdout and stderr. */
function inKeyringSession(dir: string, steps: ReadonlyArray<{ readonly env?: string; readonly args: readonly string[] }>) {
  const home = join(dir, 'home');
  const quote = (a: string) => `'${a.replaceAll("'", "'\\''")}'`;
  const script = [
    ...steps.map((step, i) => {
      const command = `${step.env ?? ''} ${quote(process.execPath)} bin/simfleet.mjs ${step.args.map(quote).join(' ')}`;
      return `${command} >${join(dir, `${i}.out`)} 2>${join(dir, `${i}.err`)}; echo "$?" >${join(dir, `${i}.code`)}`;
    }),
  ].join('\n');
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: home, HOME: home, ...sharedKeyring() };
  delete env['TELEGENT_ACCOUNT_KEY'];
  delete env['TELEGENT_ACCOUNT_SECRET'];
  const run = spawnSync('sh', ['-c', script], { encoding: 'utf8', timeout: 240_000, env, cwd: process.cwd() });
  if (run.error) throw run.error;
  return steps.map((_, i) => ({
    code: Number(readFileSync(join(dir, `${i}.code`), 'utf8').trim()),
    out: readFileSync(join(dir, `${i}.out`), 'utf8'),
    err: readFileSync(join(dir, `${i}.err`), 'utf8'),
  }));
}

describe('simfleet setup', () => {
  it('takes a headless PC to production with the app’s gates, then provision buys there with the keychain’s credentials', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-setup-'));
    const data = join(dir, 'data');
    const { file, iccids } = listFile(dir, 3, 77);
    const credentials = `TELEGENT_ACCOUNT_KEY=${KEY} TELEGENT_ACCOUNT_SECRET=${SECRET}`;
    const steps = [
      { args: ['setup', '--data-dir', data] },
      // The gate: no switch before credentials have passed a test at the URL.
      { args: ['setup', '--data-dir', data, '--switch', 'production', '--yes'] },
      { env: credentials, args: ['setup', '--data-dir', data, '--api-base', simulator.url, '--save-credentials', '--test'] },
      // And none without the confirmation.
      { args: ['setup', '--data-dir', data, '--switch', 'production'] },
      { args: ['setup', '--data-dir', data, '--switch', 'production', '--yes'] },
      {
        args: ['provision', file, '--out', join(dir, 'm.csv'), '--data-dir', data, '--message-route-id', PRACTICE_IDS.messageRoute, '--rate', '6000'],
      },
    ];
    const [shown, gated, saved, unconfirmed, switched, provisioned] = inKeyringSession(dir, steps);

    expect(shown!.code, shown!.err).toBe(0);
    expect(shown!.out).toContain('Environment: practice (nothing is bought)');
    expect(shown!.out).toContain('Production credentials: not saved');
    expect(gated!.code).toBe(2);
    expect(gated!.err).toContain('Production needs Telegent credentials');
    expect(saved!.code, saved!.err).toBe(0);
    expect(saved!.err).toContain(`Credentials saved in the OS keychain`);
    expect(saved!.err).toContain('Connected:');
    expect(saved!.out).toContain(`Connection test: passed at ${simulator.url}`);
    expect(unconfirmed!.code).toBe(2);
    expect(unconfirmed!.err).toContain('Add --yes to confirm.');
    expect(switched!.code, switched!.err).toBe(0);
    expect(switched!.out).toContain('Environment: PRODUCTION');
    // No secret anywhere a person or a log sees.
    for (const step of [shown, gated, saved, unconfirmed, switched, provisioned]) expect(step!.out + step!.err).not.toContain(SECRET);
    expect(readFileSync(join(data, 'settings.json'), 'utf8')).not.toContain(SECRET);

    expect(provisioned!.code, provisioned!.err).toBe(0);
    expect(mappingRows(join(dir, 'm.csv')).map((r) => [r['State'], r['Environment']])).toEqual(iccids.map(() => ['provisioned', 'PRODUCTION']));
    expect([...(await purchaseCounts(simulator.url, iccids)).values()]).toEqual([1, 1, 1]);
  }, 300_000);
});
