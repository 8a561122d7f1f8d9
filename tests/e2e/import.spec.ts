import { readFileSync } from 'node:fs';
import { luhnCheckDigit } from '../../main/import/iccid';
import { expect, expectAccessible, screenshots, test } from './fixtures';

const fixture = (name: string) => ({ name, mimeType: 'text/csv', buffer: readFileSync(`tests/fixtures/${name}`) });
const tile = (page: import('@playwright/test').Page, name: string) =>
  page.locator('dl[aria-label="Summary"] > div', { has: page.getByText(name, { exact: true }) }).locator('dd:not(.tile-note)');

test('open a damaged file: summary, findings by line, filters and the problem-rows download', async ({ app }) => {
  await app.locator('input[type=file]').setInputFiles(fixture('excel-damage.csv'));
  await expect(app.getByRole('heading', { name: 'excel-damage.csv' })).toBeVisible();
  await expect(tile(app, 'Ready to provision')).toHaveText('3');
  await expect(tile(app, 'Errors')).toHaveText('3');
  const table = app.getByRole('grid', { name: 'Rows of excel-damage.csv' });
  await expect(table.getByRole('row')).toHaveCount(4);
  // The table leads with the reason; the row-detail panel has the whole message and what to do.
  await expect(table).toContainText('Damaged by Excel (scientific notation)');
  await table.focus();
  await app.keyboard.press('ArrowDown');
  const detail = app.getByRole('region', { name: 'Row details' });
  await expect(detail).toContainText('Line 4');
  await expect(detail).toContainText(
    '✗ Error: Damaged by Excel (scientific notation). 8.90126E+19 was damaged by Excel (scientific notation); its last digits are lost.',
  );
  await expect(detail).toContainText('Re-export the column as Text.');
  // Space on an error row says why it cannot be included, instead of nothing.
  await app.keyboard.press('Space');
  await expect(app.locator('.table-said')).toContainText('Line 4 cannot be included: 8.90126E+19 was damaged by Excel');
  await expectAccessible(app);
  await screenshots(app, 'import-damaged');

  await app.getByRole('radio', { name: /^All/ }).check();
  await expect(table.getByRole('row')).toHaveCount(7);
  const download = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Download problem rows (CSV)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('excel-damage-problems.csv');
  const csv = readFileSync(await file.path(), 'utf8');
  expect(csv.split('\n')[0]).toBe('Line,Column,Value,Severity,Code,Message');
  expect(csv).toContain('4,ICCID,8.90126E+19,error,excel_scientific');
});

test('drag and drop a vendor manifest (semicolons, CRLF)', async ({ app }) => {
  const bytes = [...readFileSync('tests/fixtures/semicolon-crlf.csv')];
  const dataTransfer = await app.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'manifest.csv', { type: 'text/csv' }));
    return dt;
  }, bytes);
  const zone = app.getByRole('region', { name: 'Open or drop a file' });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(app.getByRole('heading', { name: 'manifest.csv' })).toBeVisible();
  await expect(app.getByText('semicolon-separated text · UTF-8 · header row')).toBeVisible();
  await expect(tile(app, 'Ready to provision')).toHaveText('5');
});

test('a summary line and a column that is not an override are said once under the list, not made errors', async ({ app }) => {
  await app.locator('input[type=file]').setInputFiles(fixture('footer.csv'));
  await expect(app.getByRole('heading', { name: 'footer.csv' })).toBeVisible();
  await expect(tile(app, 'Ready to provision')).toHaveText('5');
  const notes = app.getByRole('list', { name: 'Notes on this list' });
  await expect(notes.getByRole('listitem')).toHaveText([
    'Line 7 ("Total 5") reads as a summary at the end of the list, not a SIM; skipped.',
    'The "Account" column does not hold account IDs (AID-…) ("Acme Depot 1" on line 2), so it is not used: every SIM gets the batch\'s account.',
  ]);
});

test('paste a list, change nothing, see it checked', async ({ app }) => {
  await app.getByLabel('One ICCID per line (extra columns are fine)').fill('89012605260181590835\n8901 2600 1661 3186 0910\n89012605260181590835\n');
  await app.getByRole('button', { name: 'Check pasted list' }).click();
  await expect(app.getByRole('heading', { name: 'Pasted list' })).toBeVisible();
  await expect(tile(app, 'Ready to provision')).toHaveText('2');
  await expect(tile(app, 'Duplicates')).toHaveText('1');
  await expect(app.getByRole('grid')).toContainText('Duplicate');
  await app.getByRole('grid').getByRole('row').filter({ hasText: 'Duplicate' }).click();
  await expect(app.getByRole('region', { name: 'Row details' })).toContainText('is also on line 1; it is kept there and left out here.');
});

test('the operator can pick another ICCID column and leave out rows with warnings', async ({ app }) => {
  await app.locator('input[type=file]').setInputFiles(fixture('warnings.csv'));
  await expect(tile(app, 'Ready to provision')).toHaveText('6');
  await app.getByRole('checkbox', { name: 'Include line 5' }).click();
  await expect(tile(app, 'Ready to provision')).toHaveText('5');
  await app.getByRole('button', { name: 'Leave out all warnings' }).click();
  await expect(tile(app, 'Ready to provision')).toHaveText('3');
  // And back: every warning row is included again, the one left out by hand too.
  await app.getByRole('button', { name: /^Include warnings again \(3\)$/ }).click();
  await expect(tile(app, 'Ready to provision')).toHaveText('6');
  await expect(app.getByRole('button', { name: /Include warnings again/ })).toHaveCount(0);

  await app.getByRole('button', { name: 'Load another list' }).click();
  await app.locator('input[type=file]').setInputFiles(fixture('tab.tsv'));
  await app.getByLabel('ICCID column').selectOption('Box');
  await expect(tile(app, 'Errors')).toHaveText('4');
  await app.getByLabel('ICCID column').selectOption('Serial Number');
  await expect(tile(app, 'Ready to provision')).toHaveText('4');
});

test('garbage gets a clear message, not a crash', async ({ app }) => {
  await app
    .locator('input[type=file]')
    .setInputFiles({ name: 'photo.bin', mimeType: 'application/octet-stream', buffer: readFileSync('tests/fixtures/binary.bin') });
  await expect(app.getByRole('alert')).toHaveText(
    'photo.bin is not a text file (it contains binary data). Open a CSV, TSV, TXT or .xlsx file with the ICCIDs.',
  );
  await app
    .locator('input[type=file]')
    .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: readFileSync('tests/fixtures/no-iccid-column.csv') });
  await expect(app.getByRole('alert')).toContainText('contacts.csv: no column looks like ICCIDs');
  await expect(app.getByRole('region', { name: 'Open or drop a file' })).toBeVisible();
});

test('scanner mode: wedge keystrokes ending in Enter or Tab, distinct signals for good and bad scans', async ({ app }) => {
  await app.keyboard.press('Alt+S');
  const field = app.getByLabel('Scan an ICCID barcode');
  await expect(field).toBeFocused();
  const result = app.getByRole('status');

  await app.keyboard.type(']C089012605260181590835', { delay: 5 });
  await app.keyboard.press('Enter');
  await expect(result).toHaveText('✓ OK 8901 2605 2601 8159 0835 (1 scanned).');
  await expect(result).toHaveClass(/scan-ok/);
  await expect(field).toBeFocused();

  await app.keyboard.type('89012605260181590835', { delay: 5 });
  await app.keyboard.press('Enter');
  await expect(result).toHaveText('✗ Already scanned: 8901 2605 2601 8159 0835 (scan 1).');
  await expect(result).toHaveClass(/scan-bad/);

  await app.keyboard.type('4006381333931', { delay: 5 });
  await app.keyboard.press('Tab');
  await expect(result).toContainText('✗ Not an ICCID (13 digits, an ICCID has 18–22)');
  await expect(field).toBeFocused();

  await app.keyboard.type('89012600166131860910', { delay: 5 });
  await app.keyboard.press('Tab');
  await expect(result).toHaveClass(/scan-ok/);
  await expect(app.getByLabel('Scan counts')).toHaveText('2 accepted2 rejected');
  await expectAccessible(app);
  await screenshots(app, 'import-scan-mode');

  await app.getByRole('button', { name: 'Finish and review (2)' }).click();
  await expect(tile(app, 'Ready to provision')).toHaveText('2');
});

test('100,000 rows import and the virtualised table stays small in the DOM', async ({ app }) => {
  test.setTimeout(120_000);
  const lines = ['ICCID'];
  for (let i = 0; i < 100_000; i++) {
    const body = `8901260${String(i).padStart(8, '0')}1234`;
    lines.push(body + luhnCheckDigit(body));
  }
  await app.locator('input[type=file]').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(tile(app, 'Ready to provision')).toHaveText((100_000).toLocaleString('en-US'), { timeout: 60_000 });
  const table = app.getByRole('grid', { name: 'Rows of big.csv' });
  expect(await table.getByRole('row').count()).toBeLessThan(80);
  await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(table).toContainText('100001');
  await screenshots(app, 'import-100k');

  // Find one SIM among 100,000 by a few of its digits, typed as the table groups them.
  const wanted = lines[50_001]!;
  await app.getByLabel('Find ICCID').fill(`${wanted.slice(-13, -8)} ${wanted.slice(-8)}`);
  await expect(app.getByRole('status').filter({ hasText: 'row(s) with an ICCID containing' })).toContainText(/^1 row\(s\)/);
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('50002');
});

test('scan mode: five back-to-back scans are all answered, in order; Esc leaves the field', async ({ app }) => {
  await app.keyboard.press('Alt+S');
  const field = app.getByLabel('Scan an ICCID barcode');
  await expect(field).toBeFocused();
  const iccids = ['89012605260181590835', '89012600166131860910', '89012600166131860928', '89012600166131860936', '89012600166131860944'];
  // A scanner sends each code and its Enter with no pause: all five arrive before the first answer.
  await field.evaluate((input: HTMLInputElement, codes: string[]) => {
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    for (const code of codes) {
      setValue.call(input, code);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    }
  }, iccids);
  await expect(app.getByLabel('Scan counts')).toHaveText('5 accepted0 rejected');
  await expect(app.getByRole('list', { name: 'Scanned ICCIDs, newest first' }).getByRole('listitem')).toHaveCount(5);
  await app.keyboard.press('Escape');
  await expect(app.getByRole('button', { name: 'Finish and review (5)' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(tile(app, 'Ready to provision')).toHaveText('5');
});

test('no lost work: pasted text, a preview and a scan session survive switching screens, and the scans a reload', async ({ app }) => {
  // Listened for from the start: Playwright turns on catching file pickers when a listener is added, without waiting for
  // Chromium, so a listener added just before the key press could miss the picker (it did once, on an idle machine).
  let choosers = 0;
  app.on('filechooser', () => choosers++);
  // A list pasted and not yet checked stays through another screen and through scan mode (Alt+S).
  const paste = app.getByLabel('One ICCID per line (extra columns are fine)');
  await paste.fill('89012605260181590835\n89012600166131860910');
  await app.keyboard.press('Alt+4');
  await app.keyboard.press('Alt+1');
  await expect(paste).toHaveValue('89012605260181590835\n89012600166131860910');
  await app.keyboard.press('Alt+S');
  await app.getByRole('button', { name: 'Cancel scan session' }).click();
  await expect(paste).toHaveValue('89012605260181590835\n89012600166131860910');

  await app.locator('input[type=file]').setInputFiles(fixture('warnings.csv'));
  await app.getByRole('checkbox', { name: 'Include line 5' }).click();
  await expect(tile(app, 'Ready to provision')).toHaveText('5');
  await app.keyboard.press('Alt+4');
  await expect(app.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await app.keyboard.press('Alt+1');
  await expect(tile(app, 'Ready to provision')).toHaveText('5');
  await expect(app.getByRole('checkbox', { name: 'Include line 5' })).not.toBeChecked();

  await app.getByRole('button', { name: 'Load another list' }).click();
  await app.keyboard.press('Alt+S');
  const field = app.getByLabel('Scan an ICCID barcode');
  for (const code of ['89012605260181590835', '12345', '89012600166131860910']) {
    await field.fill(code);
    await field.press('Enter');
  }
  await expect(app.getByLabel('Scan counts')).toHaveText('2 accepted1 rejected');
  await app.keyboard.press('Alt+2');
  await app.keyboard.press('Alt+1');
  await expect(app.getByLabel('Scan counts')).toHaveText('2 accepted1 rejected');
  await app.reload();
  await expect(app.getByLabel('Scan counts')).toHaveText('2 accepted1 rejected');
  await expect(app.getByRole('list', { name: 'Scanned ICCIDs, newest first' }).getByRole('listitem').first()).toContainText('8901 2600 1661 3186 0910');

  // Alt+O opens a file from scan mode too; the scans are kept and offered again by their number.
  await app.keyboard.press('Alt+O');
  await expect.poll(() => choosers).toBe(1);
  const resume = app.getByRole('button', { name: /Resume scan session \(2 scanned\)/ });
  await expect(resume).toBeVisible();
  await app.keyboard.press('Alt+S');
  await expect(app.getByLabel('Scan counts')).toHaveText('2 accepted1 rejected');

  // Cancelling asks first, and only an explicit Discard deletes the scans.
  await app.getByRole('button', { name: 'Cancel scan session' }).click();
  const dialog = app.getByRole('dialog', { name: 'Discard 2 scanned SIM(s)?' });
  await expect(dialog.getByRole('button', { name: 'Keep scanning' })).toBeFocused();
  // Tab goes round the question's two buttons, never out of it.
  await app.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Discard the scans' })).toBeFocused();
  await app.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Keep scanning' })).toBeFocused();
  await app.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Discard the scans' })).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(app.getByLabel('Scan counts')).toHaveText('2 accepted1 rejected');
  await app.getByRole('button', { name: 'Cancel scan session' }).click();
  await dialog.getByRole('button', { name: 'Discard the scans' }).click();
  await expect(app.getByLabel('Scan counts')).toHaveCount(0);
  await app.keyboard.press('Alt+S');
  await expect(app.getByLabel('Scan counts')).toHaveText('0 accepted0 rejected');
});

test('scan mode never loses a scan: after Keep scanning or Esc, with the focus on a button, or typed into the cancel question', async ({ app }) => {
  await app.keyboard.press('Alt+S');
  const field = app.getByLabel('Scan an ICCID barcode');
  await expect(field).toBeFocused();
  const counts = app.getByLabel('Scan counts');
  // A keyboard-wedge scanner: the digits as key presses, then Enter.
  const scan = async (code: string): Promise<void> => {
    await app.keyboard.type(code, { delay: 5 });
    await app.keyboard.press('Enter');
  };
  await scan('89012605260181590835');
  await expect(counts).toHaveText('1 accepted0 rejected');

  // Cancel → Keep scanning: the focus is back in the scan field, and the next card counts.
  await app.getByRole('button', { name: 'Cancel scan session' }).click();
  const dialog = app.getByRole('dialog', { name: /^Discard \d+ scanned SIM\(s\)\?$/ });
  await dialog.getByRole('button', { name: 'Keep scanning' }).click();
  await expect(field).toBeFocused();
  await scan('89012600166131860910');
  await expect(counts).toHaveText('2 accepted0 rejected');

  // Cancel → Esc: the same.
  await app.getByRole('button', { name: 'Cancel scan session' }).click();
  await app.keyboard.press('Escape');
  await expect(field).toBeFocused();
  await scan('89012600166131860928');
  await expect(counts).toHaveText('3 accepted0 rejected');

  // A card scanned while the cancel question is open: checked, and the question closed (nothing discarded).
  await app.getByRole('button', { name: 'Cancel scan session' }).click();
  await expect(dialog).toBeVisible();
  await scan('89012600166131860936');
  await expect(counts).toHaveText('4 accepted0 rejected');
  await expect(app.getByRole('dialog')).toHaveCount(0);
  await expect(field).toBeFocused();

  // Esc leaves the field for a button; a card scanned then still lands in the field.
  await app.keyboard.press('Escape');
  await expect(app.getByRole('button', { name: 'Finish and review (4)' })).toBeFocused();
  await scan('89012600166131860944');
  await expect(counts).toHaveText('5 accepted0 rejected');
  await expect(field).toBeFocused();

  // Refused scans are listed with why, and the counts are as large as the verdict's text.
  await scan('12345');
  await scan('89012600166131860944');
  await expect(counts).toHaveText('5 accepted2 rejected');
  await app.getByText('Rejected scans (2)').click();
  const list = app.getByRole('list', { name: 'Rejected scans, newest first' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem').first()).toContainText('Already scanned: 8901 2600 1661 3186 0944 (scan 5).');
  await expect(list.getByRole('listitem').nth(1)).toContainText('12345');
  await expect(list.getByRole('listitem').nth(1)).toContainText('Not an ICCID (5 digits, an ICCID has 18–22)');
  const size = async (selector: string) =>
    app
      .locator(selector)
      .first()
      .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(await size('.scan-counts strong')).toBeGreaterThanOrEqual(await size('.scan-result'));
  await expectAccessible(app);
  await screenshots(app, 'scan-rejected-listed');
});

test('the rows table is one Tab stop: arrows move, Space includes or leaves out, Tab leaves the table', async ({ app }) => {
  await app.locator('input[type=file]').setInputFiles(fixture('warnings.csv'));
  await expect(tile(app, 'Ready to provision')).toHaveText('6');
  // After a load the focus is on the list's name, not lost on the page.
  await expect(app.getByRole('heading', { name: 'warnings.csv' })).toBeFocused();
  const grid = app.getByRole('grid', { name: 'Rows of warnings.csv' });
  await grid.focus();
  await app.keyboard.press('End');
  await expect(app.getByRole('region', { name: 'Row details' })).toContainText('! Check:');
  await app.keyboard.press('Space');
  await expect(tile(app, 'Ready to provision')).toHaveText('5');
  await expect(app.getByRole('region', { name: 'Row details' })).toContainText('left out');
  await app.keyboard.press('Space');
  await expect(tile(app, 'Ready to provision')).toHaveText('6');
  // No Include box is a Tab stop: the next Tab leaves the table.
  await app.keyboard.press('Tab');
  expect(await app.evaluate(() => document.activeElement?.closest('[role=grid]') === null)).toBe(true);
  await expect(app.getByRole('button', { name: /Start batch/ })).toBeFocused();

  // The confirmation names the warnings kept in, so nobody starts a batch with them unawares.
  await app.keyboard.press('Enter');
  const dialog = app.getByRole('dialog');
  await expect(dialog).toContainText('Kept in with warnings');
  await expect(dialog).toContainText(/3 SIM\(s\): line \d+ \(/);
  await expect(dialog).toContainText('does not start with 89');
  await app.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // Started from the keyboard, the batch has the focus on its name (next to Pause and Cancel).
  await app.keyboard.press('Alt+B');
  await app.getByRole('dialog').getByRole('button', { name: 'Start practice batch' }).click();
  await expect(app.getByRole('heading', { level: 2, name: /warnings/ })).toBeFocused();
});
