/**
 * An argument as the shell that runs the printed command reads it back (the commands the
 * CLI prints to run again, docs/cli.md, "Commands to run again"): plain when it is safe;
 * else, in a POSIX shell, in single quotes; on Windows in double quotes with any `"` doubled,
 * which cmd.exe and PowerShell both read back (paths with spaces and backslashes).
 */
export function quoteArg(arg: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[\w./:@,+-]+$/.test(arg)) return arg;
  if (platform === 'win32') return `"${arg.replaceAll('"', '""')}"`;
  return `'${arg.replaceAll("'", "'\\''")}'`;
}
