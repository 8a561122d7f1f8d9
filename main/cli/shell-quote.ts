/** An argument as a POSIX shell reads it back: plain when it is safe, else in single quotes (for the commands the CLI prints to run again). */
export function quoteArg(arg: string): string {
  return /^[\w./:@,+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
