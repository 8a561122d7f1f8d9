/**
 * An argument as the shell that runs the printed command reads it back (the commands the
 * CLI prints to run again, docs/cli.md, "Commands to run again"): plain when it is safe;
 * else, in a POSIX shell, in single quotes; on Windows in double quotes as a program reads
 * its command line there (CommandLineToArgvW: a `"` inside escaped as `\"`, and the
 * backslashes before a `"` or the closing quote doubled, so `C:\Sim Fleet\` stays one argument).
 */
export function quoteArg(arg: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[\w./:@,+-]+$/.test(arg)) return arg;
  if (platform !== 'win32') return `'${arg.replaceAll("'", "'\\''")}'`;
  const inner = arg.replace(/(\\*)"/g, (_m, slashes: string) => `${slashes}${slashes}\\"`).replace(/(\\+)$/, '$1$1');
  return `"${inner}"`;
}
