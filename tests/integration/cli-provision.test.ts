import { MAPPING_COLUMNS } from '../../main/export/mapping-export';
import { mappingRows } from '../helpers/mapping-file';
import ExcelJS from 'exceljs';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRACTICE_PROFILE } from '../../main/settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI_ENV,
  purchaseCounts,
  setSimulatorFaults,
  simulatorLedger,
  spawnSimulator,
  startProvision,
  listFile as sharedListFile,
} from '../helpers/cli-process';

// A separate simulator process plays Telegent, so it outlives every killed CLI run.
let simulator: ChildProcess;
let url = '';

beforeAll(async () => {
  ({ process: simulator, url } = await spawnSimulator(['--latency', '25']));
});
afterAll(() => {
  simulator.kill('SIGTERM');
});

const setFaults = (rules: unknown[]) => setSimulatorFaults(url, rules);
const ledger = () => simulatorLedger(url);
const startCli = startProvision;
const boughtOnce = (iccids: readonly string[]) => purchaseCounts(url, iccids);

const listFile = (dir: string, n: number) => sharedListFile(dir, n, 3);

const cli = (args: string[]) => spawnSync(process.execPath, ['bin/simfleet.mjs', 'provision', ...args], { encoding: 'utf8', env: CLI_ENV, timeout: 120_000 });

describe('simfleet provision', () => {
  it('provisions a list and writes the mapping; exit 0; a link planted at the old temporary name is not followed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-prov-'));
    const { file, iccids } = listFile(dir, 8);
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, join(dir, 'map.csv.tmp'));
    const r = cli([file, '--out', join(dir, 'map.csv'), '--api-base', url, '--data-dir', join(dir, 'data'), '--rate', '6000', '--name', 'CLI run']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('Batch ');
    const lines = readFileSync(join(dir, 'map.csv'), 'utf8').trim().split('\n');
    // The customer mapping, the same file the app's Labels screen and `simfleet export` write (docs/exports.md, "One mapping").
    expect(lines[0]).toBe(MAPPING_COLUMNS.join(','));
    expect(mappingRows(join(dir, 'map.csv')).map((r) => [r['BatchName'], r['Environment']])).toEqual(iccids.map(() => ['CLI run', 'PRACTICE']));
    // The ICCID as Excel text, ="…" (docs/exports.md, "Opening a CSV in Excel").
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(iccids.map((iccid) => `"=""${iccid}"""`));
    expect(lines.slice(1).every((l) => l.includes(',provisioned,'))).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual(['map.csv.tmp']);
  });

  it('provisions the workbook sheet named by --sheet, as check --sheet reads it; a sheet that is not there is refused (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-prov-sheet-'));
    const first = listFile(dir, 2).iccids;
    const second = listFile(dir, 3).iccids;
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Carton A').addRows([['ICCID'], ...first.map((i) => [i])]);
    workbook.addWorksheet('Carton B').addRows([['ICCID'], ...second.map((i) => [i])]);
    const file = join(dir, 'cartons.xlsx');
    await workbook.xlsx.writeFile(file);
    const common = ['--api-base', url, '--data-dir', join(dir, 'data'), '--rate', '6000'];
    const missing = cli([file, '--out', join(dir, 'none.csv'), '--sheet', 'Carton C', ...common]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Carton C');
    expect(existsSync(join(dir, 'none.csv'))).toBe(false);
    const r = cli([file, '--out', join(dir, 'b.csv'), '--sheet', 'Carton B', ...common]);
    expect(r.status, r.stderr).toBe(0);
    expect(mappingRows(join(dir, 'b.csv')).map((row) => row['ICCID'])).toEqual(second);
    expect((await boughtOnce(first)).size).toBe(0);
  });

  it('exits 3 when rows fail, with the reason in the mapping', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-prov-'));
    const { file, iccids } = listFile(dir, 3);
    await setFaults([{ kind: 'pending', iccids: [iccids[1]], pendingPolls: 0, pendingOutcome: 'Error' }]);
    const r = cli([file, '--out', join(dir, 'map.csv'), '--api-base', url, '--data-dir', join(dir, 'data'), '--rate', '6000']);
    await setFaults([]);
    expect(r.status).toBe(3);
    expect(readFileSync(join(dir, 'map.csv'), 'utf8')).toContain('8A-ACCOUNT_NUM_REQ_OR_INCORRECT');
    // The last line is the whole command that goes on (docs/cli.md, "provision"): run as printed, it sends the failed row again and finishes.
    const hint = r.stderr.trim().split('\n').at(-1)!.trim();
    expect(hint).toMatch(/^simfleet provision --resume [\w-]+ --retry-failed --out /);
    expect(hint).toContain(`--data-dir ${join(dir, 'data')}`);
    const again = cli(hint.split(' ').slice(2));
    expect(again.status, again.stderr).toBe(0);
    expect(
      readFileSync(join(dir, 'map.csv'), 'utf8')
        .split('\n')
        .filter((l) => l.includes(',provisioned,')),
    ).toHaveLength(3);
    expect([...(await boughtOnce(iccids)).values()]).toEqual([1, 1, 1]);
  });

  it('a batch stopped mid-way by Telegent failing after the sale: the printed command goes on, and buys nothing twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-prov-stop-'));
    const { file, iccids } = listFile(dir, 10);
    // The fifth SIM is sold but its answer lost (503 after the sale); from the sixth on Telegent answers only 503 until the
    // batch gives up on them or pauses itself.
    await setFaults([
      { kind: 'http-503', afterCommit: true, iccids: [iccids[4]] },
      { kind: 'http-503', iccids: iccids.slice(5) },
    ]);
    const r = cli([file, '--out', join(dir, 'map.csv'), '--api-base', url, '--data-dir', join(dir, 'data'), '--rate', '6000', '--concurrency', '1']);
    await setFaults([]);
    expect(r.status, r.stderr).toBe(3);
    const hint = r.stderr.trim().split('\n').at(-1)!.trim();
    expect(hint).toMatch(/^simfleet provision --resume [\w-]+ --retry-failed /);
    const again = cli(hint.split(' ').slice(2));
    expect(again.status, again.stderr).toBe(0);
    expect(mappingRows(join(dir, 'map.csv')).map((row) => [row['ICCID'], row['State']])).toEqual(iccids.map((iccid) => [iccid, 'provisioned']));
    expect([...(await boughtOnce(iccids)).values()]).toEqual(iccids.map(() => 1));
  }, 240_000);

  it('exits 5 when every SIM is already provisioned, and 3 when the check refused rows it did not send', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-prov-'));
    const { file, iccids } = listFile(dir, 2);
    const args = ['--out', join(dir, 'map.csv'), '--api-base', url, '--data-dir', join(dir, 'data'), '--rate', '6000'];
    expect(cli([file, ...args]).status).toBe(0);
    const done = cli([file, ...args]);
    expect(done.status, done.stderr).toBe(5);
    expect(done.stderr).toContain('nothing to do: every SIM of the list is already provisioned');
    // Two good rows and two the check refuses: the good ones are bought, and the exit says not everything was.
    const { iccids: fresh } = listFile(dir, 2);
    writeFileSync(join(dir, 'mixed.csv'), ['ICCID', fresh[0], '8.90126E+19', fresh[1], '1234'].join('\n'));
    const mixed = cli([join(dir, 'mixed.csv'), ...args]);
    expect(mixed.status, mixed.stderr).toBe(3);
    expect(mixed.stderr).toContain('2 row(s) of the list were refused by the check and not sent');
    // Every row of the list is in the mapping: the two bought, and the two refused with why.
    const rows = mappingRows(join(dir, 'map.csv'));
    expect(rows.map((r) => [r['ICCID'], r['State']])).toEqual([
      [fresh[0], 'provisioned'],
      [fresh[1], 'provisioned'],
      ['8.90126E+19', 'refused'],
      ['1234', 'refused'],
    ]);
    expect(rows[2]!['Message']).toContain('damaged by Excel');
    expect([...(await boughtOnce([...iccids, ...fresh])).values()]).toEqual([1, 1, 1, 1]);
  });

  it('exits 2 on bad usage, an unreadable file or a profile Telegent would refuse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-prov-'));
    expect(cli(['x.csv']).status).toBe(2);
    expect(cli([join(dir, 'missing.csv'), '--out', join(dir, 'm.csv'), '--data-dir', dir]).stderr).toContain('no such file');
    const { file } = listFile(dir, 1);
    const bad = cli([file, '--out', join(dir, 'm.csv'), '--api-base', url, '--data-dir', dir, '--number-type', 'iot', '--message-type', 'a2p']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('IoT numbers support p2p messaging only');
    expect(cli([file, '--out', join(dir, 'm.csv'), '--data-dir', dir, '--voice-enabled', 'maybe']).stderr).toContain('--voice-enabled must be true or false');
    expect(cli([file, '--out', join(dir, 'm.csv'), '--data-dir', dir, '--api-base', 'http://api.telegent.com']).stderr).toContain('must use https');
    // The station name follows the app's rule, checked before any connection (the database named here does not exist).
    const fleet = 'postgres://kitting@127.0.0.1:1/simfleet';
    const station = cli([file, '--out', join(dir, 'm.csv'), '--data-dir', dir, '--api-base', url, '--fleet', fleet, '--station', 'Dock/1']);
    expect(station.status).toBe(2);
    expect(station.stderr).toContain('Give this station a name of letters, digits, spaces, dots or dashes');
    // The fleet password never rides on the command line; a password file that cannot be read is said so.
    const withPassword = cli([
      file,
      '--out',
      join(dir, 'm.csv'),
      '--data-dir',
      dir,
      '--api-base',
      url,
      '--fleet',
      'postgres://kitting:s3cret-pw@127.0.0.1:1/simfleet',
    ]);
    expect(withPassword.status).toBe(2);
    expect(withPassword.stderr).toContain('The --fleet URL carries a password, which every user of this computer can read in the process list.');
    expect(withPassword.stderr).not.toContain('s3cret-pw');
    const noFile = cli([file, '--out', join(dir, 'm.csv'), '--data-dir', dir, '--api-base', url, '--fleet', fleet, '--fleet-password-file', join(dir, 'none')]);
    expect(noFile.status).toBe(2);
    expect(noFile.stderr).toContain(`--fleet-password-file ${join(dir, 'none')} cannot be read (ENOENT).`);
    // A rehearsal's short lease is refused in production.
    const production = join(dir, 'production-data');
    mkdirSync(production);
    writeFileSync(
      join(production, 'settings.json'),
      JSON.stringify({
        schemaVersion: 1,
        environment: 'production',
        production: { accountId: '', profile: PRACTICE_PROFILE, apiBaseUrl: url, connectionTest: null },
      }),
    );
    const lease = spawnSync(
      process.execPath,
      ['bin/simfleet.mjs', 'provision', file, '--out', join(dir, 'm.csv'), '--data-dir', production, '--fleet', fleet],
      {
        encoding: 'utf8',
        env: { ...CLI_ENV, SIMFLEET_FLEET_LEASE_MS: '3000' },
        timeout: 120_000,
      },
    );
    expect(lease.status).toBe(2);
    // In practice mode the environment's keys are not used, and the CLI says so once.
    const practice = spawnSync(
      process.execPath,
      ['bin/simfleet.mjs', 'provision', file, '--out', join(dir, 'p.csv'), '--data-dir', join(dir, 'p'), '--api-base', url],
      {
        encoding: 'utf8',
        env: { ...CLI_ENV, TELEGENT_ACCOUNT_KEY: 'DID-env-key', TELEGENT_ACCOUNT_SECRET: 'env-secret-value' },
        timeout: 120_000,
      },
    );
    expect(practice.status, practice.stderr).toBe(0);
    expect(practice.stderr.split('TELEGENT_ACCOUNT_KEY and TELEGENT_ACCOUNT_SECRET are not used in practice mode')).toHaveLength(2);
    expect(lease.stderr).toContain('SIMFLEET_FLEET_LEASE_MS shortens the fleet lease for practice rehearsals only');
  });

  it('killed with SIGKILL at many points and resumed: nothing lost, nothing bought twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-crash-'));
    const { file, iccids } = listFile(dir, 120);
    const data = join(dir, 'data');
    const out = join(dir, 'map.csv');
    // Make the run rough too: some answers are lost after the purchase commits.
    await setFaults([
      { kind: 'timeout-after-commit', rate: 0.08, hangMs: 3000 },
      { kind: 'http-503', rate: 0.05, afterCommit: true },
    ]);
    // Kill times after the CLI says it is sending: the crash points of the test.
    const delays = [150, 400, 80, 700, 250, 1000, 50, 600];
    let batchId: string | null = null;
    let finished = false;
    let kills = 0;
    let midway = 0;
    let lastSaid = '';
    for (let round = 0; round < 40 && !finished; round++) {
      // --wait: the killed run's lock goes stale within seconds; the resume waits for it.
      const args = batchId ? ['--resume', batchId, '--wait'] : [file];
      const run = startCli([...args, '--out', out, '--api-base', url, '--data-dir', data, '--rate', '600', '--concurrency', '6']);
      await run.sending;
      const delay = delays[round % delays.length]!;
      const result = await Promise.race([run.exited, new Promise<'kill'>((r) => setTimeout(() => r('kill'), delay))]);
      if (result === 'kill' && round < delays.length) {
        run.child.kill('SIGKILL');
        await run.exited;
        kills++;
        const sold = (await boughtOnce(iccids)).size;
        if (sold > 0 && sold < iccids.length) midway++;
      } else {
        const code = result === 'kill' ? await run.exited : result;
        if (code === 0) {
          finished = true;
          lastSaid = run.stderr();
        } else if (code !== 3) throw new Error(`unexpected exit ${code}: ${run.stderr()}`);
      }
      const batches = join(data, 'practice', 'batches');
      const journals = existsSync(batches) ? readdirSync(batches).filter((f) => f.endsWith('.jsonl')) : [];
      expect(journals.length).toBeLessThanOrEqual(1);
      if (journals[0]) batchId = journals[0].replace('.jsonl', '');
      if (round === delays.length - 1) await setFaults([]);
    }
    expect(kills).toBeGreaterThanOrEqual(6);
    // Most kills landed in the middle of the batch, with purchases behind and ahead.
    expect(midway).toBeGreaterThanOrEqual(4);
    expect(finished).toBe(true);
    // Answers were lost on the way (kills with requests in flight, timeouts): the audit is offered.
    expect(lastSaid).toContain('Some answers were lost on the way: run simfleet audit');

    const mapping = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    expect(mapping).toHaveLength(120);
    expect(mapping.every((l) => l.includes(',provisioned,'))).toBe(true);
    const bought = (await ledger()).filter((e) => iccids.includes(e.iccid) && e.outcome !== 'released');
    const counts = new Map<string, number>();
    for (const e of bought) counts.set(e.iccid, (counts.get(e.iccid) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(counts.size).toBe(120);
    // And the mapping's numbers are the ones the simulator sold for those SIMs.
    const numbers = new Set(mapping.map((l) => l.split(',')[1]));
    expect(numbers.size).toBe(120);
  }, 240_000);
});
