/** `simfleet simulator`: the practice simulator as a standalone process. */
import { parseArgs } from 'node:util';
import { startSimulator } from '../simulator/server';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../simulator/state';

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
    parsed = parseArgs({
      args: [...args],
      options: {
        port: { type: 'string' },
        'account-key': { type: 'string' },
        'account-secret': { type: 'string' },
        'rate-limit': { type: 'string' },
        latency: { type: 'string' },
        'token-ttl': { type: 'string' },
        'test-routes': { type: 'boolean', default: false },
        'duplicate-iccid': { type: 'string', default: 'sell-again' },
        'recycle-every': { type: 'string' },
      },
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`simfleet simulator: ${(error as Error).message}\n`);
    return 2;
  }
  const v = parsed.values;
  let port: number, rate: number, latency: number, ttl: number, recycleEvery: number;
  try {
    port = wholeNumber('port', v.port, 0);
    rate = wholeNumber('rate-limit', v['rate-limit'], 50);
    latency = wholeNumber('latency', v.latency, 0);
    ttl = wholeNumber('token-ttl', v['token-ttl'], 300);
    recycleEvery = wholeNumber('recycle-every', v['recycle-every'], 0);
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
  const sim = await startSimulator({
    port,
    rateLimitPerMinute: rate,
    latencyMs: latency,
    tokenTtlSeconds: ttl,
    testRoutes: v['test-routes'],
    duplicateIccid,
    recycleEvery,
    setup: { accountKey, accountSecret: v['account-secret'] ?? PRACTICE_ACCOUNT_SECRET },
  });
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
