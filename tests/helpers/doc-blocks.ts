/**
 * The runnable command blocks of the docs (docs/testing.md, "Docs that run"): fenced blocks
 * whose info string is `sh runnable`. Each command may be followed by what it must do:
 *
 *     npx simfleet provision docs/examples/sims.csv --out mapping.csv
 *     # exit 0
 *     # prints: 12 of 12 row(s) will be provisioned
 *     # writes: mapping.csv
 *
 * A command without `# exit` must exit 0. Other comment lines are for the reader.
 */
import { readFileSync } from 'node:fs';

export interface DocCommand {
  /** The command as a reader would paste it (continuation lines joined). */
  readonly command: string;
  /** The line of the doc it starts on. */
  readonly line: number;
  readonly exit: number;
  readonly prints: readonly string[];
  readonly writes: readonly string[];
}

export interface DocBlock {
  readonly file: string;
  readonly line: number;
  readonly commands: readonly DocCommand[];
}

const FENCE = /^(\s*)```sh runnable\s*$/;

export function runnableBlocks(file: string): DocBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const start = i + 1;
    const commands: Array<{ command: string; line: number; exit: number; prints: string[]; writes: string[] }> = [];
    for (i += 1; i < lines.length && lines[i]!.trim() !== '```'; i++) {
      const text = lines[i]!.slice(indent);
      const expectation = /^#\s*(exit|prints|writes):?\s*(.*)$/.exec(text.trim());
      const last = commands.at(-1);
      if (expectation && last) {
        const [, kind, value] = expectation;
        // `# exit 5: every SIM is already provisioned`: the code, then words for the reader.
        if (kind === 'exit') last.exit = Number(/^\d+/.exec(value!)?.[0] ?? Number.NaN);
        else if (kind === 'prints') last.prints.push(value!);
        else last.writes.push(value!);
        continue;
      }
      if (text.trim() === '' || text.trim().startsWith('#')) continue;
      if (last && last.command.endsWith('\\')) {
        last.command = `${last.command.slice(0, -1).trimEnd()} ${text.trim()}`;
        continue;
      }
      commands.push({ command: text.trim(), line: i + 1, exit: 0, prints: [], writes: [] });
    }
    blocks.push({ file, line: start, commands });
  }
  return blocks;
}
