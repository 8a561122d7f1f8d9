import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as usages from '../../main/cli/usage';
import { nearestOption } from '../../main/cli/grammar';

const simfleet = (...args: string[]) => spawnSync(process.execPath, ['bin/simfleet.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'simfleet-grammar-'));
const docs = readFileSync('docs/cli.md', 'utf8');
/** A stack trace's frames, which no failure may print. */
const STACK = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

/** Every command's synopsis in main/cli/usage.ts, by the command it names: a new command is checked without being listed here. */
const USAGES = Object.fromEntries(
  Object.entries(usages)
    .filter(([name]) => name.endsWith('_USAGE'))
    .map(([, usage]) => [/^Usage: simfleet ([\w-]+)/.exec(usage)![1]!, usage]),
);

describe('one CLI grammar (docs/cli.md)', () => {
  it.each(Object.entries(USAGES))('%s answers --help, -h and `help %s` with its synopsis and exit 0, word for word what docs/cli.md says', (command, usage) => {
    for (const args of [
      [command, '--help'],
      [command, '-h'],
      ['help', command],
    ]) {
      const r = simfleet(...args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toBe(`${usage}\n`);
    }
    expect(docs).toContain(usage);
  });

  it("takes -h given as an option's value for that value, never for help (a script would read exit 0 as done)", () => {
    const list = join(dir, 'one.csv');
    writeFileSync(list, 'ICCID\n89012600000000000016\n');
    const r = simfleet('provision', list, '--out', join(dir, 'm.csv'), '--name', '-h');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--name -h: a value that starts with - is written --name=-h');
    // Help after a boolean option, or after an option's joined value, is still help.
    expect(simfleet('labels', '--barcode', '--help').status).toBe(0);
    expect(simfleet('check', '--column=-h', '--help').stdout).toBe(`${usages.CHECK_USAGE}\n`);
  });

  it('answers `simfleet --help` with every command, and an unknown command with the list (exit 2)', () => {
    const r = simfleet('--help');
    expect(r.status).toBe(0);
    for (const command of Object.keys(USAGES)) expect(r.stdout).toContain(`  ${command}`);
    const wrong = simfleet('provison');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('unknown command "provison"');
  });

  it('answers an unknown option with the nearest valid one, exit 2, in every command', () => {
    expect(nearestOption('--formt', { format: { type: 'string' }, out: { type: 'string' } })).toBe('--format');
    expect(nearestOption('--zzz', { format: { type: 'string' }, out: { type: 'string' } })).toBeNull();
    const labels = simfleet('labels', 'm.csv', '--formt', 'pdf');
    expect(labels.status).toBe(2);
    expect(labels.stderr).toBe('simfleet labels: Unknown option --formt. Did you mean --format? Run `simfleet labels --help` for every option.\n');
    for (const [command, option] of [
      ['check', '--jsno'],
      ['export', '--data-dri'],
      ['provision', '--rtae'],
      ['simulator', '--prot'],
    ] as const) {
      const r = simfleet(command, option);
      expect(r.status, `${command} ${option}`).toBe(2);
      expect(r.stderr).toContain(`Unknown option ${option}. Did you mean`);
      expect(r.stderr).not.toMatch(STACK);
    }
    const fleet = simfleet('fleet', 'status', '--dbb', 'postgres://x@127.0.0.1/x');
    expect(fleet.stderr).toContain('Did you mean --db?');
  });

  it('refuses a port out of range or in use with a sentence and exit 2, never a stack trace', async () => {
    const range = simfleet('simulator', '--port', '99999');
    expect(range.status).toBe(2);
    expect(range.stderr).toBe('simfleet simulator: --port must be a whole number from 1 to 65535 (got "99999").\n');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      const r = spawnSync(process.execPath, ['bin/simfleet.mjs', 'simulator', '--port', String(port)], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`simfleet simulator: port ${port} is in use by another program: choose another with --port, or leave --port out for a free one.\n`);
    } finally {
      busy.close();
    }
  });

  it('export refuses a missing folder, a folder as --out, and a batch that is not there, each with what to do (exit 2)', () => {
    const data = join(dir, 'export-data');
    mkdirSync(data);
    const missing = simfleet('export', 'abc', '--out', join(dir, 'no', 'such', 'm.csv'), '--data-dir', data);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('does not exist. Create it first');
    const folder = simfleet('export', 'abc', '--out', dir, '--data-dir', data);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toContain('is a folder; give a file name');
    const none = simfleet('export', 'abc', '--out', join(dir, 'm.csv'), '--data-dir', data);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('There is no batch abc in');
    for (const r of [missing, folder, none]) expect(r.stderr).not.toMatch(STACK);
  });

  it('check only reads: a --data-dir that is not there is refused and not created; a header-only list has errors (exit 1)', () => {
    const list = join(dir, 'list.csv');
    writeFileSync(list, 'ICCID\n89012605260181590835\n');
    const nowhere = join(dir, 'nowhere', 'data');
    const r = simfleet('check', list, '--data-dir', nowhere);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--data-dir ${nowhere}: no such folder`);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    writeFileSync(join(dir, 'header-only.csv'), 'ICCID\n');
    mkdirSync(join(dir, 'check-data'));
    const empty = simfleet('check', join(dir, 'header-only.csv'), '--data-dir', join(dir, 'check-data'));
    expect(empty.status, empty.stderr).toBe(1);
    // Nor does it write settings into a data folder that has none.
    expect(existsSync(join(dir, 'check-data', 'settings.json'))).toBe(false);
  });
});

describe('the docs say what the code writes', () => {
  it('README lists the customer mapping columns as the export writes them, and the batch results columns as resultsCsv writes them', async () => {
    const { MAPPING_COLUMNS } = await import('../../main/export/mapping-export');
    const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`\`${MAPPING_COLUMNS.join(', ')}\``);
  });
});
