/**
 * E2E fixtures: every test gets its own data folder, its own practice simulator and
 * its own test host serving the built renderer, and a page already open on it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { launchWebHost, type WebHost } from '../../main/testhost/launch';

export const SCREENSHOT_DIR = resolve('test-results/screens');

export const test = base.extend<{ web: WebHost; app: Page }>({
  // eslint-disable-next-line no-empty-pattern
  web: async ({}, use) => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'simfleet-e2e-'));
    const web = await launchWebHost({ dataRoot, rendererDir: resolve('out/renderer') });
    await use(web);
    await web.close();
  },
  app: async ({ page, web }, use) => {
    await page.goto(web.host.url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Saves a screenshot at the two sizes UI.md asks for (1280x800 and 1024x768). */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const [w, h] of [
    [1280, 800],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${w}x${h}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Fails on serious or critical accessibility violations. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}
