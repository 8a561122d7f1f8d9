/**
 * Docs that tests run (docs/testing.md, "Docs that run"): every `sh runnable` block of
 * README.md and docs/ is run as a reader would paste it, in a fresh folder per document
 * (with docs/examples/ in it), against the practice simulator, a private PostgreSQL
 * ($FLEET_DB), a loopback Zebra ($ZEBRA) and a private CUPS queue ($CUPS_QUEUE), each
 * started only when a block names it. `npx simfleet` and `simfleet` run this checkout's CLI.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runnableBlocks, type DocBlock } from '../helpers/doc-blocks';
import { startFakeZebra, type FakeZebra } from '../helpers/fake-zebra';
import { startCups, type CupsServer } from '../helpers/cups-server';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server';

const DOCS = ['README.md', ...readdirSync('docs').flatMap((f) => (f.endsWith('.md') ? [join('docs', f)] : []))];
const blocks = DOCS.flatMap((file) => runnableBlocks(file));
const byFile = new Map<string, DocBlock[]>();
for (const block of blocks) byFile.set(block.file, [...(byFile.get(block.file) ?? []), block]);

/** `simfleet` and `npx simfleet` as this checkout's CLI, ahead of everything else on PATH. */
function shims(): string {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-doc-bin-'));
  const cli = resolve('bin/simfleet.mjs');
  writeFileSync(join(dir, 'simfleet'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
  writeFileSync(
    join(dir, 'npx'),
    `#!/bin/sh\nif [ "$1" = simfleet ]; then shift; exec "${process.execPath}" "${cli}" "$@"; fi\necho "npx $1: not run by the doc tests" >&2; exit 127\n`,
  );
  for (const name of ['simfleet', 'npx']) chmodSync(join(dir, name), 0o755);
  return dir;
}

let zebra: FakeZebra | null = null;
let cups: CupsServer | null = null;
let postgres: PostgresServer | null = null;
afterAll(async () => {
  await Promise.all([zebra?.close(), cups?.stop(), postgres?.close()]);
});

/** The environment the blocks of one document run in; the loopback services a block names are started for it. */
async function environment(folder: string, text: string): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${shims()}:${process.env['PATH']}`, SIMFLEET_DATA_DIR: join(folder, 'data') };
  for (const name of ['TELEGENT_ACCOUNT_KEY', 'TELEGENT_ACCOUNT_SECRET', 'PGPASSWORD', 'CUPS_SERVER']) delete env[name];
  if (text.includes('$ZEBRA')) env['ZEBRA'] = (zebra ??= await startFakeZebra()).url;
  if (text.includes('$CUPS_QUEUE')) {
    cups ??= await startCups();
    Object.assign(env, { CUPS_SERVER: cups.env['CUPS_SERVER'], CUPS_QUEUE: cups.queue });
  }
  if (text.includes('$FLEET_DB')) env['FLEET_DB'] = (postgres ??= await startPostgres()).url();
  return env;
}

function run(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.on('close', (code) => done({ code, output }));
  });
}

describe('docs that run', () => {
  it('finds runnable blocks in the README and in docs/cli.md', () => {
    expect(blocks.some((b) => b.file === 'README.md')).toBe(true);
    expect(blocks.some((b) => b.file === join('docs', 'cli.md'))).toBe(true);
    for (const block of blocks) expect(block.commands.length, `${block.file}:${block.line}`).toBeGreaterThan(0);
  });

  it.each([...byFile.keys()])(
    '%s: every runnable command does what the text says',
    async (file) => {
      const folder = mkdtempSync(join(tmpdir(), 'simfleet-doc-'));
      mkdirSync(join(folder, 'docs'));
      cpSync('docs/examples', join(folder, 'docs', 'examples'), { recursive: true });
      const documentBlocks = byFile.get(file)!;
      const env = await environment(folder, documentBlocks.flatMap((b) => b.commands.map((c) => c.command)).join('\n'));
      for (const { command, line, exit, prints, writes } of documentBlocks.flatMap((b) => b.commands)) {
        const where = `${file}:${line}: ${command}`;
        const result = await run(command, folder, env);
        expect(result.code, `${where}\n${result.output}`).toBe(exit);
        for (const text of prints) expect(result.output, where).toContain(text);
        for (const path of writes) expect(existsSync(join(folder, path)), `${where} writes ${path}`).toBe(true);
        // Whatever a command says, never a stack trace.
        expect(result.output, where).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      }
    },
    300_000,
  );
});
