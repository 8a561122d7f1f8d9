/**
 * The account audit of a large account (docs/audit.md, "Memory"): 100,000 numbers, of which
 * 10,000 are this station's (in its purchase log), read page by page at the account's rate
 * limit against the simulator, in a fresh process (`simfleet audit --json`). Prints the time
 * against the physical minimum (the pages at the rate limit), 429s, and peak memory against
 * an account a tenth the size with the same 10,000 purchases: memory follows what SimFleet
 * knows, not the account.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_PAGE_SIZE } from '../main/audit/account-audit';
import { openConfSettings } from '../main/settings/conf-settings';
import { startSimulator } from '../main/simulator/server';
import type { SimNumber } from '../main/simulator/state';

const OURS = 10_000;
const RATE = 600;

interface ChildResult {
  readonly exit: number;
  readonly ms: number;
  readonly maxRssMb: number;
  readonly numbers: number;
  readonly pages: number;
  readonly findings: number;
  readonly notOurs: number;
}

const iccidOf = (i: number): string => `8901260${String(i).padStart(12, '0')}`;
const numberOf = (i: number): string => `+1${String(2_000_000_000 + i)}`;

async function auditOf(accountSize: number): Promise<ChildResult & { rateLimited: number; minimumMs: number }> {
  const sim = await startSimulator({ rateLimitPerMinute: RATE });
  try {
    const template = {
      nid: '',
      orderDate: '2026-12-01T10:00:00+00:00',
      qrCode: null,
      numberType: 'mvno',
      messageType: 'p2p',
      productType: 'Sms+Data',
    } as const;
    for (let i = 0; i < accountSize; i++) {
      const number: SimNumber = {
        ...template,
        number: numberOf(i),
        nid: `NID-${i}`,
        iccid: iccidOf(i),
        orderId: `JNUOID-${i}`,
        status: 'Active',
        messageEnabled: true,
        voiceEnabled: false,
        messageRouteId: 'MRID-bench',
        voiceRouteId: null,
        subscriberId: null,
        accountId: 'AID-bench',
        zipCode: '84101',
      };
      sim.state.numbers.set(number.number, number);
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'simfleet-bench-audit-'));
    const settings = openConfSettings(dataDir);
    settings.write({ ...settings.read(), rateLimitPerMinute: RATE });
    mkdirSync(join(dataDir, 'practice'), { recursive: true });
    const lines: string[] = [];
    for (let i = 0; i < OURS; i++) {
      lines.push(
        JSON.stringify({
          v: 1,
          iccid: iccidOf(i),
          phoneNumber: numberOf(i),
          phoneNumberId: `NID-${i}`,
          orderId: `JNUOID-${i}`,
          at: '2026-12-01T10:00:00.000Z',
          batchId: 'bench',
          batchName: 'Bench',
          environment: 'practice',
        }),
      );
    }
    writeFileSync(join(dataDir, 'practice', 'purchases.jsonl'), `${lines.join('\n')}\n`);
    // Not execFileSync: the simulator answers from this process's event loop.
    const { stdout: out } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'audit-child.ts'), sim.url, dataDir], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const result = JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
    // The pages, and one token request, at the rate limit.
    const minimumMs = ((Math.ceil(accountSize / AUDIT_PAGE_SIZE) + 1) / RATE) * 60_000;
    return { ...result, rateLimited: sim.stats().rateLimited, minimumMs };
  } finally {
    await sim.close();
  }
}

export async function benchAudit(): Promise<void> {
  const large = await auditOf(100_000);
  const small = await auditOf(OURS);
  for (const [name, r] of [
    ['100,000 numbers', large],
    ['10,000 numbers', small],
  ] as const) {
    console.log(
      `audit ${name} (${OURS.toLocaleString()} ours) at ${RATE}/min: ${(r.ms / 1000).toFixed(1)} s, ` +
        `${(r.ms / r.minimumMs).toFixed(2)}× the physical minimum (${r.pages} pages), ${r.rateLimited} × 429, ` +
        `${r.findings} finding(s), ${r.notOurs.toLocaleString()} not ours, peak RSS ${r.maxRssMb.toFixed(0)} MB (exit ${r.exit})`,
    );
  }
  console.log(`audit peak memory, 100,000 against 10,000 numbers on the account: ${(large.maxRssMb / small.maxRssMb).toFixed(2)}×`);
}
