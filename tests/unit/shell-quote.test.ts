import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { quoteArg } from '../../main/cli/shell-quote';

const awkward = ['/data/Carton 7/map.csv', "it's", 'a "quoted" name', 'C:\\Users\\op\\Carton 7\\map.csv', 'plain-1.csv', ''];

describe('quoteArg (docs/cli.md, "Commands to run again")', () => {
  it('a POSIX shell reads every quoted argument back as it was', () => {
    const line = awkward.map((a) => quoteArg(a, 'linux')).join(' ');
    const read = spawnSync('bash', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' })
      .stdout.split('\0')
      .slice(0, -1);
    expect(read).toEqual(awkward);
  });

  it('on Windows: as a program reads its command line (CommandLineToArgvW), safe values left plain', () => {
    expect(quoteArg('plain-1.csv', 'win32')).toBe('plain-1.csv');
    expect(quoteArg('C:\\Users\\op\\Carton 7\\map.csv', 'win32')).toBe('"C:\\Users\\op\\Carton 7\\map.csv"');
    expect(quoteArg('a "quoted" name', 'win32')).toBe('"a \\"quoted\\" name"');
    // A folder's trailing backslash would otherwise escape the closing quote and swallow the next argument.
    expect(quoteArg('D:\\Sim Fleet\\', 'win32')).toBe('"D:\\Sim Fleet\\\\"');
    expect(quoteArg('x\\"y z', 'win32')).toBe('"x\\\\\\"y z"');
  });
});
