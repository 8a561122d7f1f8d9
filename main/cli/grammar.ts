/**
 * One grammar for every `simfleet` command (docs/cli.md, "Exit codes"): the exit codes a
 * script relies on, `--help` answered by every command with its synopsis, and an unknown
 * option answered with the nearest valid one.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors/user-error';

/** The one table of exit codes (docs/cli.md, "Exit codes"); every command answers with these. */
export const EXIT = {
  /** Done: everything asked for was done. */
  done: 0,
  /** The input has errors (a list with findings that are errors, or nothing importable in it). */
  inputErrors: 1,
  /** Bad usage, or refused before anything was sent or written. */
  refused: 2,
  /** Finished, with rows that need attention: failed, uncertain, refused by the check, flagged. */
  attention: 3,
  /** An internal failure (a bug): nothing more was sent after it. */
  internal: 4,
  /** Nothing to do: every SIM of the list is already provisioned. */
  nothingToDo: 5,
} as const;

export type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `--help` or `-h` anywhere before a `--`, but not as an option's value: in
 * `--name -h` it is the batch name (which parseArgs then refuses as ambiguous, exit 2), so a
 * script passing a value that happens to be `-h` never gets exit 0 from a help page.
 */
export function helpAsked(args: readonly string[], options: Options = {}): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
    const name = /^--([^=]+)$/.exec(arg)?.[1];
    if (name !== undefined && options[name]?.type === 'string') i += 1;
  }
  return false;
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The valid option nearest to what was typed, when it is near enough to be a typo. */
export function nearestOption(typed: string, options: Options): string | null {
  const name = typed.replace(/^-+/, '').split('=')[0]!;
  let best: { option: string; d: number } | null = null;
  for (const option of Object.keys(options)) {
    const d = option.startsWith(name) && name.length >= 2 ? 0 : distance(name, option);
    if (best === null || d < best.d) best = { option, d };
  }
  return best !== null && best.d <= Math.max(2, Math.floor(name.length / 3)) ? `--${best.option}` : null;
}

/**
 * node:util's parseArgs, strict, with its refusals said for people: which option, the
 * nearest valid one, and where the full list is.
 */
export function parseCommandLine<const O extends Options>(command: string, options: O, args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = String((error as { code?: unknown }).code);
    if (!code.startsWith('ERR_PARSE_ARGS')) throw error;
    const help = `Run \`simfleet ${command} --help\` for every option.`;
    const typed = /'(-[^']*)'/.exec((error as Error).message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const near = nearestOption(typed, options);
      throw new UserError('unknown_option', `Unknown option ${typed}.${near ? ` Did you mean ${near}?` : ''} ${help}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = typed.replace(/^-+/, '').split(/[ =]/)[0]!;
      const type = (options as Record<string, { type: string } | undefined>)[name]?.type;
      // `--name -h`: parseArgs will not take a value that looks like an option unless it is joined with =.
      const next = args[args.indexOf(`--${name}`) + 1];
      // (Unless the next argument is one of the command's own options: then the value was forgotten.)
      const known = next !== undefined && /^--?([^=]+)/.exec(next)?.[1] !== undefined && /^--?([^=]+)/.exec(next)![1]! in options;
      if (type === 'string' && next !== undefined && next.startsWith('-') && !known) {
        throw new UserError('usage', `--${name} ${next}: a value that starts with - is written --${name}=${next}. ${help}`);
      }
      throw new UserError('usage', type === 'boolean' ? `--${name} takes no value. ${help}` : `--${name} needs a value. ${help}`);
    }
    throw new UserError('usage', `${(error as Error).message.split('\n')[0]} ${help}`);
  }
}
