/** `simfleet simulator`: the practice simulator as a standalone process. */
import { SIMULATOR_OPTIONS } from './options';
import { startSimulator } from '../simulator/server';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../simulator/state';
import { isUserError } from '../errors/user-error';
import { EXIT, parseCommandLine } from './grammar';

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number (got "${text}").`);
  return value;
}

/** Starts the simulator and keeps running until SIGINT/SIGTERM; answers -1 (still running) or 2 on bad usage. */
export async function runSimulatorCommand(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine('simulator', SIMULATOR_OPTIONS, args);
    if (parsed.positionals.length > 0) throw new Error(`Unexpected argument "${parsed.positionals[0]}". Run \`simfleet simulator --help\` for every option.`);
  } catch (error) {
    process.stderr.write(`simfleet simulator: ${(error as Error).message}\n`);
    return EXIT.refused;
  }
  const v = parsed.values;
  let port: number, rate: number, latency: number, ttl: number, recycleEvery: number;
  try {
    port = wholeNumber('port', v.port, 0);
    rate = wholeNumber('rate-limit', v['rate-limit'], 50);
    latency = wholeNumber('latency', v.latency, 0);
    ttl = wholeNumber('token-ttl', v['token-ttl'], 300);
    recycleEvery = wholeNumber('recycle-every', v['recycle-every'], 0);
    if (port > 65_535) throw new Error(`--port must be a whole number from 1 to 65535 (got "${v.port}").`);
  } catch (error) {
    process.stderr.write(`simfleet simulator: ${(error as Error).message}\n`);
    return 2;
  }
  const duplicateIccid = v['duplicate-iccid'];
  if (duplicateIccid !== 'sell-again' && duplicateIccid !== 'refuse') {
    process.stderr.write(`simfleet simulator: --duplicate-iccid must be sell-again or refuse (got "${duplicateIccid}").\n`);
    return 2;
  }
  const accountKey = v['account-key'] ?? PRACTICE_ACCOUNT_KEY;
  let sim;
  try {
    sim = await startSimulator({
      port,
      rateLimitPerMinute: rate,
      latencyMs: latency,
      tokenTtlSeconds: ttl,
      testRoutes: v['test-routes'],
      duplicateIccid,
      recycleEvery,
      setup: { accountKey, accountSecret: v['account-secret'] ?? PRACTICE_ACCOUNT_SECRET },
    });
  } catch (error) {
    process.stderr.write(`simfleet simulator: ${listenFailure(error, port)}\n`);
    return isUserError(error) || (error as NodeJS.ErrnoException).code !== undefined ? EXIT.refused : EXIT.internal;
  }
  // The first line is machine-readable so scripts can pick up the port.
  process.stdout.write(`${sim.url}\n`);
  process.stderr.write(
    `Telegent simulator listening on ${sim.url} (AccountKey ${accountKey}, ${rate || 'no'} requests/min limit, ` +
      `${latency} ms latency, ${ttl} s tokens, a bound ICCID ` +
      `${duplicateIccid === 'refuse' ? 'is refused' : 'is sold again'}${v['test-routes'] ? ', test routes on' : ''}). Ctrl+C to stop.\n`,
  );
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1;
}

/** Why the simulator could not listen, in words: the port taken, or one this user may not use. */
function listenFailure(error: unknown, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `port ${port} is in use by another program: choose another with --port, or leave --port out for a free one.`;
  if (code === 'EACCES') return `port ${port} needs administrator rights on this computer: choose one from 1024 up with --port.`;
  return `the simulator could not start (${error instanceof Error ? error.message : String(error)}).`;
}
