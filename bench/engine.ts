/**
 * Batch engine benchmarks, all measured in this run:
 * 1. Against the simulator with a 600/min ceiling and 300 ms latency: steady
 *    provisioned-per-minute as a fraction of the ceiling (target >= 0.95), and as a
 *    multiple of a sequential one-at-a-time loop over the same kind of list.
 * 2. API calls per provisioned SIM on the happy path, token mints included (target <= 1.02).
 * 3. Engine ceiling with zero latency and no rate limit, journal included, over HTTP
 *    to the simulator (target >= 300 SIMs/s).
 * 4. A 100,000-row batch with an in-process client: throughput and peak memory.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchRun } from '../main/batch/engine';
import { buildHeader } from '../main/batch/header';
import { PurchaseLog } from '../main/purchases/purchase-log';
import { luhnCheckDigit } from '../main/import/iccid';
import { startSimulator } from '../main/simulator/server';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../main/simulator/state';
import { PRACTICE_PROFILE } from '../main/settings/schema';
import type { ImportableRow } from '../main/import/import-service';
import { TelegentClient, type ProvisionInput } from '../main/telegent/client';
import { RateLimiter } from '../main/telegent/rate-limiter';

let seq = 0;
function rows(n: number): ImportableRow[] {
  return Array.from({ length: n }, (_, i) => {
    const body = `8901260${String(seq++).padStart(8, '0')}9090`;
    return { line: i + 2, iccid: body + luhnCheckDigit(body), overrides: {} };
  });
}

function header(n: number, apiBaseUrl: string) {
  return buildHeader({
    source: 'bench.csv',
    rows: rows(n),
    name: 'bench',
    environment: 'practice',
    apiBaseUrl,
    target: { kind: 'practice-standalone', url: apiBaseUrl },
    accountId: '',
    profile: PRACTICE_PROFILE,
    now: new Date(),
  });
}

function client(url: string, perMinute: number, burst?: number): TelegentClient {
  return new TelegentClient({
    baseUrl: url,
    credentials: async () => ({ accountKey: PRACTICE_ACCOUNT_KEY, accountSecret: PRACTICE_ACCOUNT_SECRET }),
    limiter: new RateLimiter({ perMinute, ...(burst === undefined ? {} : { burst }) }),
  });
}

async function runBatch(n: number, c: Pick<TelegentClient, 'provision' | 'orderStatus' | 'numberByIccid'>, concurrency: number, apiBaseUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-bench-'));
  const times: number[] = [];
  const purchases = new PurchaseLog(dir);
  const run = await BatchRun.create(join(dir, 'b.jsonl'), header(n, apiBaseUrl), {
    client: c,
    purchases,
    concurrency,
    onChange: (rows) => {
      for (const _ of rows) times.push(performance.now());
    },
  });
  const start = performance.now();
  await run.run();
  const ms = performance.now() - start;
  await run.close();
  // The purchase log's file is the caller's to close (a handle left to the garbage collector was the bench's leak).
  await purchases.close();
  const provisioned = run.state.rows.filter((r) => r.state === 'provisioned').length;
  return { ms, provisioned, run };
}

export async function benchEngine(): Promise<void> {
  // 1 + 2: rate-limited, realistic latency.
  {
    const CEILING = 600;
    const sim = await startSimulator({ rateLimitPerMinute: CEILING, latencyMs: 300 });
    const N = 400;
    const c = client(sim.url, CEILING);
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-bench-'));
    const done: number[] = [];
    const purchases = new PurchaseLog(dir);
    const run = await BatchRun.create(join(dir, 'b.jsonl'), header(N, sim.url), {
      client: c,
      purchases,
      concurrency: 8,
      onChange: (rows) => {
        for (const i of rows) if (run.state.rows[i]?.state === 'provisioned') done.push(performance.now());
      },
    });
    const start = performance.now();
    await run.run();
    const totalMin = (performance.now() - start) / 60_000;
    await run.close();
    await purchases.close();
    // Steady state: after the limiter's initial burst has been spent.
    const from = done[100]!;
    const to = done.at(-1)!;
    const steadyPerMin = ((done.length - 101) / (to - from)) * 60_000;
    const stats = sim.stats();
    const calls = stats.requests;
    console.log(`engine vs rate ceiling: ${N} SIMs, ceiling ${CEILING}/min, latency 300 ms, concurrency 8`);
    console.log(
      `  steady rate = ${steadyPerMin.toFixed(0)}/min = ${(steadyPerMin / CEILING).toFixed(3)} of ` +
        `the ceiling (target >= 0.95); whole run ${(N / totalMin).toFixed(0)}/min incl. start burst`,
    );
    console.log(
      `  API calls per provisioned SIM = ${(calls / done.length).toFixed(4)} (${calls} calls incl. ` +
        `${stats.byPath['/v1.0/oauth2/tokens'] ?? 0} token mint(s), ${stats.rateLimited} answered 429; target <= 1.02)`,
    );

    // Sequential one-at-a-time loop over a sample of the same kind of list.
    const SAMPLE = 60;
    const seqClient = client(sim.url, CEILING);
    const list = header(SAMPLE, sim.url).rows;
    const seqStart = performance.now();
    for (const row of list) {
      const input: ProvisionInput = { ...PRACTICE_PROFILE, ICCID: row.iccid, AccountId: '' };
      await seqClient.provision(input);
    }
    const seqPerMin = (SAMPLE / (performance.now() - seqStart)) * 60_000;
    console.log(`  sequential loop = ${seqPerMin.toFixed(0)}/min; engine steady rate = ${(steadyPerMin / seqPerMin).toFixed(2)}x the sequential loop`);
    await sim.close();
  }

  // 3: engine ceiling over HTTP, no latency, no limit.
  {
    const sim = await startSimulator({ rateLimitPerMinute: 0 });
    const N = 5000;
    const r = await runBatch(N, client(sim.url, 100_000_000, 100_000), 32, sim.url);
    console.log(
      `engine ceiling over HTTP (journal fsync'd, no latency, no limit): ${N} SIMs in ` +
        `${(r.ms / 1000).toFixed(1)} s = ${((r.provisioned / r.ms) * 1000).toFixed(0)} SIMs/s (target >= 300)`,
    );
    await sim.close();
  }

  // 4: 100,000 rows, in-process client (engine + journal only), peak memory.
  {
    const N = 100_000;
    let n = 0;
    const fake = {
      provision: async (input: ProvisionInput) => {
        n++;
        return {
          orderId: `JNUOID-${n}`,
          orderStatus: 'Complete',
          orderDate: null,
          phoneNumber: `+1801${String(n).padStart(7, '0')}`,
          phoneNumberId: `NID-${n}`,
          iccid: input.ICCID,
          zipCode: '84603',
          subscriberId: null,
          errorMessage: null,
          lpa: null,
        };
      },
      orderStatus: async () => {
        throw new Error('not used');
      },
      numberByIccid: async () => null,
    };
    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    const r = await runBatch(N, fake, 32, 'http://127.0.0.1:1');
    clearInterval(sampler);
    console.log(
      `100,000-row batch, in-process client (engine + fsync'd journal): ${(r.ms / 1000).toFixed(1)} s = ${((r.provisioned / r.ms) * 1000).toFixed(0)} SIMs/s`,
    );
    console.log(
      `  peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB (start ${(before.rss / 1024 / 1024).toFixed(0)} ` +
        `MB), peak heap growth ${((peakHeap - before.heapUsed) / 1024 / 1024).toFixed(0)} MB`,
    );
  }
}
