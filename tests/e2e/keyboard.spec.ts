import type { Page } from '@playwright/test';
import { luhnCheckDigit } from '../../main/import/iccid';
import { expect, test } from './fixtures';

/** Presses Tab until the focused element's accessible text matches, like an operator would. */
async function tabTo(page: Page, pattern: RegExp, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      // Focus that left the page (or rests on <body>) names nothing.
      if (!el || el === document.body) return '';
      const id = el.getAttribute('id');
      const label = id ? (document.querySelector(`label[for="${id}"]`)?.textContent ?? '') : '';
      return `${el.getAttribute('aria-label') ?? ''} ${label} ${el.textContent ?? ''}`.trim();
    });
    if (pattern.test(text)) return;
  }
  throw new Error(`could not reach ${pattern} with Tab`);
}

test('keyboard only: paste a list, start a batch, watch it finish, export the labels PDF', async ({ app }) => {
  test.setTimeout(120_000);
  const iccids = Array.from({ length: 4 }, (_, i) => {
    const body = `8901260${String(8800 + i).padStart(8, '0')}5151`;
    return body + luhnCheckDigit(body);
  });

  await app.locator('body').focus();
  await tabTo(app, /One ICCID per line/);
  await app.keyboard.type(iccids.join('\n'));
  await tabTo(app, /^Check pasted list$/);
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { name: 'Pasted list' })).toBeVisible();

  await app.keyboard.press('Alt+B');
  const dialog = app.getByRole('dialog', { name: 'Start a PRACTICE batch of 4 SIMs?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await tabTo(app, /Batch name/);
  await app.keyboard.press('Control+A');
  await app.keyboard.type('Keyboard run');
  await tabTo(app, /Start practice batch/);
  await app.keyboard.press('Enter');

  await expect(app.getByRole('heading', { name: 'Keyboard run' })).toBeVisible();
  await expect(app.locator('dl[aria-label="Batch counts"] > div', { has: app.getByText('Provisioned', { exact: true }) }).locator('dd')).toHaveText('4 / 4', {
    timeout: 30_000,
  });

  await app.keyboard.press('Alt+3');
  // Each screen starts at its title: the focus is there on arrival, not left on the page.
  await expect(app.getByRole('heading', { name: 'Labels and exports', level: 1 })).toBeFocused();
  await expect(app.getByRole('heading', { name: /Preview: 4 label\(s\)/ })).toBeVisible();
  await tabTo(app, /^Export PDF$/);
  const download = app.waitForEvent('download');
  await app.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toBe('PRACTICE-Keyboard_run-labels-avery-5160.pdf');
  // Export PDF keeps the focus on its button once the file is made (it is still there).
  await expect(app.getByRole('button', { name: 'Export PDF' })).toBeFocused();
});

test('keyboard only: a scan session from start to finish, reviewed and started, which ends the session', async ({ app }) => {
  test.setTimeout(120_000);
  const iccids = Array.from({ length: 3 }, (_, i) => {
    const body = `8901260${String(9900 + i).padStart(8, '0')}5252`;
    return body + luhnCheckDigit(body);
  });

  await app.keyboard.press('Alt+S');
  const field = app.getByLabel('Scan an ICCID barcode');
  await expect(field).toBeFocused();
  // A wedge types each code and ends it with Enter or Tab; the field keeps the focus.
  await app.keyboard.type(iccids[0]!);
  await app.keyboard.press('Enter');
  await app.keyboard.type(iccids[1]!);
  await app.keyboard.press('Tab');
  await app.keyboard.type('12345');
  await app.keyboard.press('Enter');
  await app.keyboard.type(iccids[2]!);
  await app.keyboard.press('Enter');
  await expect(app.getByLabel('Scan counts')).toHaveText('3 accepted1 rejected');
  await expect(field).toBeFocused();

  // Esc leaves the field for Finish and review; Enter opens the preview.
  await app.keyboard.press('Escape');
  await expect(app.getByRole('button', { name: 'Finish and review (3)' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { name: /^Scan session / })).toBeFocused();

  await app.keyboard.press('Alt+B');
  const dialog = app.getByRole('dialog', { name: 'Start a PRACTICE batch of 3 SIMs?' });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await tabTo(app, /Start practice batch/);
  await app.keyboard.press('Enter');
  await expect(app.locator('dl[aria-label="Batch counts"] > div', { has: app.getByText('Provisioned', { exact: true }) }).locator('dd')).toHaveText('3 / 3', {
    timeout: 30_000,
  });

  // The session ended with the batch: Scan mode starts a new, empty one.
  await app.keyboard.press('Alt+1');
  await app.keyboard.press('Alt+S');
  await expect(app.getByLabel('Scan counts')).toHaveText('0 accepted0 rejected');
});
