/**
 * E2E fixtures: every test gets its own data folder, its own practice simulator and
 * its own test host serving the built renderer, and a page already open on it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { MemoryCredentialStore } from '../../main/credentials/credential-store';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../main/simulator/server';
import { launchWebHost, type WebHost } from '../../main/testhost/launch';
import { luhnCheckDigit } from '../../main/import/iccid';
import type { BatchSummary } from '../../preload/views';

export const SCREENSHOT_DIR = resolve('test-results/screens');

/** Keys of the stand-in "production" Telegent each test can use. */
export const PROD_KEY = 'DID-5f2c9e10-e2e-production';
export const PROD_SECRET = 'e2e-Secret-9f8a7b6c5d4e';

export const test = base.extend<{ web: WebHost; app: Page; dataRoot: string; telegent: Simulator; simulatorOptions: SimulatorOptions; rateLimit: number }>({
  simulatorOptions: [{ rateLimitPerMinute: 0 }, { option: true }],
  rateLimit: [600, { option: true }],
  // eslint-disable-next-line no-empty-pattern
  dataRoot: async ({}, use) => {
    await use(mkdtempSync(join(tmpdir(), 'simfleet-e2e-')));
  },
  web: async ({ dataRoot, simulatorOptions, rateLimit }, use) => {
    // Credentials in memory: parallel tests must not share the machine's keychain
    // (keytar itself is tested against a real Secret Service in tests/integration).
    const web = await launchWebHost({
      dataRoot,
      rendererDir: resolve('out/renderer'),
      credentials: new MemoryCredentialStore(),
      simulator: simulatorOptions,
      enginePolicy: { reconcileGraceMs: 200, pollBaseMs: 200 },
    });
    // Pace at 600/min so tests do not wait on the standard 50/min.
    await web.services.impl.settings.saveLimits({ rateLimitPerMinute: rateLimit, concurrency: 4 });
    await use(web);
    await web.close();
  },
  // eslint-disable-next-line no-empty-pattern
  telegent: async ({}, use) => {
    const sim = await startSimulator({ rateLimitPerMinute: 0, setup: { accountKey: PROD_KEY, accountSecret: PROD_SECRET } });
    await use(sim);
    await sim.close();
  },
  app: async ({ page, web }, use) => {
    await page.goto(web.host.url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Saves a screenshot at each of the operator's window sizes (SIZES). */
export async function screenshots(page: Page, name: string): Promise<void> {
  // Every state that is looked at is also checked: axe at each size (expectNoAxeIssuesOnce), with the screenshot.
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${w}x${h}.png`), fullPage: true });
    await expectNoAxeIssuesOnce(page, `${name} at ${w}×${h}`);
    await expectLayoutFits(page, `${name} at ${w}×${h}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The operator's screens: 1280×800, 1024×768, and a 1366×768 laptop at 125 % (1093×614 CSS pixels). */
const SIZES = [
  [1280, 800],
  [1024, 768],
  [1093, 614],
] as const;

/** Items axe cannot decide alone but that are real problems when they appear (issue #12, point 15). */
const REVIEWED = new Set(['aria-prohibited-attr', 'scrollable-region-focusable']);

/** Fails on any accessibility violation, of any impact, at every size (and on the reviewed items axe leaves open). */
export async function expectAccessible(page: Page): Promise<void> {
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await expectNoAxeIssuesOnce(page, `${w}×${h}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The screen states of each page already checked by axe, and at which sizes. */
const checkedStates = new WeakMap<Page, Set<string>>();

/** Axe's rules whose answer depends on where things sit on the screen, not only on the page's elements. */
const LAYOUT_RULES = ['color-contrast', 'scrollable-region-focusable', 'target-size', 'region'];

/**
 * Axe once per screen state (issue 27): every rule the first time a state is seen, and at
 * each other size only the rules that depend on the layout (grids that re-flow, wrapped
 * rows and sizes that follow the window move targets and text at every size). A state is
 * the page's elements, attributes and shown text.
 */
async function expectNoAxeIssuesOnce(page: Page, where: string): Promise<void> {
  const checked = checkedStates.get(page) ?? new Set<string>();
  checkedStates.set(page, checked);
  const state = await page.evaluate(() => JSON.stringify([document.body.innerText, document.body.outerHTML]));
  const size = JSON.stringify(page.viewportSize());
  const atSize = `${state}\n${size}`;
  if (checked.has(atSize)) return;
  const seen = checked.has(state);
  checked.add(state).add(atSize);
  await expectNoAxeIssues(page, where, seen ? LAYOUT_RULES : null);
}

/**
 * What an operator trips over on a small screen (issue #12, point 12): a tile number cut
 * off or spilling out of its tile, and a filter bar that leaves one choice alone on a line.
 */
async function expectLayoutFits(page: Page, where: string): Promise<void> {
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    for (const dd of document.querySelectorAll<HTMLElement>('.tile dd')) {
      if (dd.scrollWidth > dd.clientWidth + 1) found.push(`tile value "${dd.textContent}" overflows its tile`);
    }
    for (const bar of document.querySelectorAll<HTMLElement>('.segmented')) {
      const lines = new Map<number, number>();
      for (const item of bar.querySelectorAll<HTMLElement>(':scope > label')) lines.set(item.offsetTop, (lines.get(item.offsetTop) ?? 0) + 1);
      if (lines.size > 1 && [...lines.values()].some((n) => n === 1)) found.push(`"${bar.getAttribute('aria-label')}" leaves one choice alone on a line`);
    }
    return found;
  });
  expect(problems.map((p) => `${where}: ${p}`)).toEqual([]);
}

async function expectNoAxeIssues(page: Page, where: string, rules: readonly string[] | null): Promise<void> {
  const builder = new AxeBuilder({ page });
  const results = await (rules ? builder.withRules([...rules]) : builder).analyze();
  const bad = [...results.violations, ...results.incomplete.filter((v) => REVIEWED.has(v.id))];
  expect(bad.map((v) => `${where} ${v.id} (${v.impact}): ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** A batch of `n` SIMs (series `series`) provisioned to the end through the services, as if started on screen. */
export async function finishedBatch(
  web: WebHost,
  n: number,
  series = 7000,
  before?: (iccids: readonly string[]) => Promise<void>,
): Promise<{ id: string; iccids: string[] }> {
  const iccids = Array.from({ length: n }, (_, i) => {
    const body = `8901260${String(series + i).padStart(8, '0')}6161`;
    return body + luhnCheckDigit(body);
  });
  await before?.(iccids);
  const view = await web.services.impl.imports.fromText({ name: 'labels.csv', text: ['ICCID', ...iccids].join('\n') });
  const done = new Promise<void>((resolve) => {
    const off = web.services.events.subscribe((name, payload) => {
      if (name === 'batchProgress' && (payload as BatchSummary).status === 'finished') {
        off();
        resolve();
      }
    });
  });
  const batch = await web.services.impl.batches.start({ importId: view.id, name: 'Label run' });
  await done;
  return { id: batch.id, iccids };
}
