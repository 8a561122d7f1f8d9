import { readFileSync } from 'node:fs';
import { startFakeZebra } from '../helpers/fake-zebra';
import { expect, expectAccessible, finishedBatch, screenshots, test } from './fixtures';

test('preview at true size, PDF/ZPL/Excel exports, reprint of chosen lines, scan-to-verify match and mismatch', async ({ app, web }) => {
  test.setTimeout(120_000);
  const { iccids } = await finishedBatch(web, 5);
  const detail = await web.services.impl.batches.get({ id: (await web.services.impl.batches.list())[0]!.id });
  const rows = detail.rows;

  await app.keyboard.press('Alt+3');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Labels and exports');
  await expect(app.getByRole('heading', { name: /Preview: 5 label\(s\) on 1 page\(s\)/ })).toBeVisible();
  await expect(app.getByRole('img', { name: /Preview of page 1 of 1, Avery 5160/ })).toBeVisible();
  await expect(app.getByRole('img', { name: /Preview of page 1/ })).toContainText('PRACTICE · NOT ACTIVE');
  await expectAccessible(app);
  await screenshots(app, 'labels-preview');
  // On a narrow screen the sheet is scaled to show every column; true size stays one click away.
  await app.setViewportSize({ width: 1024, height: 768 });
  await expect(app.getByText(/Scaled to \d+ % to show every column/)).toBeVisible();
  await expect(app.getByRole('img', { name: /Preview of page 1 of 1, .* % of true size/ })).toBeVisible();
  await app.getByRole('button', { name: 'Show true size' }).click();
  await expect(app.getByRole('img', { name: /Preview of page 1 of 1, .*, at true size/ })).toBeVisible();
  await app.getByRole('button', { name: 'Fit to width' }).click();
  await app.setViewportSize({ width: 1280, height: 800 });

  // What the status line says while the PDF is made, page by page (written on a worker in main).
  await app.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { statuses: string[] }).statuses = seen;
    new MutationObserver(() => document.querySelectorAll('[role=status]').forEach((s) => seen.push(s.textContent ?? ''))).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  let download = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Export PDF' }).click();
  let file = await download;
  expect(await app.evaluate(() => (window as unknown as { statuses: string[] }).statuses)).toContain('PDF export: page 1 of 1 written…');
  expect(file.suggestedFilename()).toBe('PRACTICE-Label_run-labels-avery-5160.pdf');
  expect(
    readFileSync(await file.path())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  // Every download says where it went; the actions are grouped by what they are for.
  await expect(app.getByRole('status').filter({ hasText: 'Saved as PRACTICE-Label_run-labels-avery-5160.pdf' })).toContainText('downloads folder');
  for (const group of ['Print', 'Label files', 'Mapping for the customer', 'Defaults']) await expect(app.getByRole('group', { name: group })).toBeVisible();
  await expect(app.getByLabel('Batch', { exact: true })).toContainText('Label run (5 provisioned)');

  // ZPL is for roll stocks: on a sheet it is not offered, and the screen says why.
  await expect(app.getByRole('button', { name: /ZPL for Zebra/ })).toBeDisabled();
  await expect(app.getByRole('button', { name: /ZPL for Zebra/ })).toHaveAccessibleDescription(
    /ZPL is for label printers that print one label at a time off a roll/,
  );
  await app.getByLabel('Label stock', { exact: true }).selectOption('thermal-2x1');
  await app.getByLabel('Printer resolution').selectOption('203');
  await expect(app.getByRole('heading', { name: /on 5 page\(s\)/ })).toBeVisible();
  // The preview lays out one page at a time.
  await app.getByRole('button', { name: 'Next page' }).click();
  await expect(app.getByText('Page 2 of 5')).toBeVisible();
  await expect(app.getByRole('img', { name: /Preview of page 2 of 5/ })).toContainText(rows[1]!.iccid.replace(/(.{4})(?=.)/g, '$1 '));
  download = app.waitForEvent('download');
  await app.getByRole('button', { name: 'ZPL for Zebra (203 dpi)' }).click();
  file = await download;
  const zpl = readFileSync(await file.path(), 'utf8');
  expect(zpl.match(/\^XA/g)).toHaveLength(5);
  // The QR code in byte mode (B and the byte count), as the PDF's (symbols.ts).
  const compact = `${rows[0]!.iccid}|${rows[0]!.number}|${rows[0]!.nid}`;
  expect(zpl).toContain(`M,B${String(compact.length).padStart(4, '0')}${compact}^FS`);

  download = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Mapping (Excel)' }).click();
  expect((await download).suggestedFilename()).toBe('PRACTICE-Label_run-mapping.xlsx');

  // Reprint two rows only (import lines 3 and 4).
  await app.getByLabel('Reprint only lines (optional)').fill('3-4');
  await expect(app.getByRole('heading', { name: /Preview: 2 label\(s\)/ })).toBeVisible();
  await screenshots(app, 'labels-reprint');

  // Printing needs the desktop app; the test host says so clearly.
  await app.getByRole('button', { name: 'Print…' }).click();
  await expect(app.getByRole('alert').filter({ hasText: 'Printing needs the SimFleet desktop app' })).toBeVisible();

  // Scan to verify: the label's QR, then the card's ICCID barcode.
  const verify = app.getByRole('region', { name: 'Scan to verify' });
  const input = verify.getByRole('textbox');
  // A card scanned where the label was expected is refused, with its buzz, and step 1 stays.
  await input.fill(`]C0${iccids[0]}`);
  await input.press('Enter');
  await expect(verify.getByRole('status')).toContainText('not the label’s QR code');
  await input.fill(iccids[0]!);
  await input.press('Enter');
  await expect(verify.getByRole('status')).toContainText('That was the SIM card, not the label');
  await expect(verify).toContainText('Step 1: scan the QR code on the label');
  // The label's QR is answered at once (a beep and what comes next).
  await input.fill(`${rows[0]!.iccid}|${rows[0]!.number}|${rows[0]!.nid}`);
  await input.press('Enter');
  await expect(verify.getByRole('status')).toContainText(`Label for SIM …${rows[0]!.iccid.slice(-6)}`);
  await expect(verify.getByRole('status')).toHaveClass(/scan-ok/);
  await expect(verify).toContainText('Step 2: scan the ICCID barcode on the SIM card');
  await input.fill(`]C0${iccids[0]}`);
  await input.press('Enter');
  await expect(verify.getByRole('status')).toContainText('✓ Match');
  await expect(verify).toContainText('1 of 5 SIMs verified in this batch');
  await input.fill(`${rows[1]!.iccid}|${rows[1]!.number}|${rows[1]!.nid}`);
  await input.press('Enter');
  await input.fill(iccids[2]!);
  await input.press('Enter');
  await expect(verify.getByRole('status')).toContainText('✗ MISMATCH');
  await expect(verify.getByRole('status')).toHaveClass(/scan-bad/);
  await screenshots(app, 'labels-verify-mismatch');
  // The next label clears the MISMATCH: the screen shows the new label, not the old verdict.
  await input.fill(`${rows[2]!.iccid}|${rows[2]!.number}|${rows[2]!.nid}`);
  await input.press('Enter');
  await expect(verify.getByRole('status')).not.toContainText('MISMATCH');
  await expect(verify.getByRole('status')).toHaveClass(/scan-ok/);
  await input.fill(`]C0${iccids[2]}`);
  await input.press('Enter');
  await expect(verify).toContainText('2 of 5 SIMs verified in this batch');
  // A fast scanner: the card is scanned before the label's answer is back (held here until it is). The card is still
  // read as step 2 of that label, not as another label.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await app.route('**/api/call/labels/readLabel', async (route) => {
    await held;
    await route.continue();
  });
  await input.fill(`${rows[3]!.iccid}|${rows[3]!.number}|${rows[3]!.nid}`);
  await input.press('Enter');
  await input.fill(`]C0${iccids[3]}`);
  await input.press('Enter');
  release();
  await expect(verify.getByRole('status')).toContainText(`✓ Match: ${rows[3]!.number} belongs to SIM …${rows[3]!.iccid.slice(-6)}`);
  await expect(verify).toContainText('3 of 5 SIMs verified in this batch');
  await app.unroute('**/api/call/labels/readLabel');
  // Never a keyboard trap: Esc leaves the field, and Tab in an empty field moves on.
  await input.press('Escape');
  await expect(input).not.toBeFocused();
  await input.focus();
  await app.keyboard.press('Tab');
  await expect(input).not.toBeFocused();
});

test('a custom stock is saved by name and used for the preview; label defaults are saved', async ({ app, web }) => {
  await finishedBatch(web, 3);
  await app.keyboard.press('Alt+3');
  const custom = app.getByRole('region', { name: 'Custom label stock' });
  await custom.getByLabel('Name', { exact: true }).fill('Herma 4453');
  await custom.getByRole('button', { name: 'Save stock' }).click();
  await expect(custom.getByRole('status')).toHaveText('Stock "Herma 4453" saved.');
  await expect(app.getByLabel('Label stock', { exact: true })).toHaveValue('custom-herma-4453');
  await expect(app.getByRole('img', { name: /Preview of page 1 of 1, Herma 4453/ })).toBeVisible();
  await custom.getByLabel('Columns', { exact: true }).fill('9');
  await custom.getByLabel('Name', { exact: true }).fill('Too wide');
  await custom.getByRole('button', { name: 'Save stock' }).click();
  await expect(custom.getByRole('alert')).toContainText('The labels need');
  await app.getByRole('button', { name: 'Save as defaults' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'now the defaults' })).toBeVisible();
  expect((await web.services.impl.settings.get()).labels.stockId).toBe('custom-herma-4453');
});

test('labels straight to a Zebra printer: saved in Settings and checked, sent from Labels, a dropped job filled in for the reprint', async ({ app, web }) => {
  test.setTimeout(120_000);
  await finishedBatch(web, 5);
  const zebra = await startFakeZebra();
  try {
    await app.keyboard.press('Alt+4');
    const card = app.getByRole('region', { name: 'Label printers' });
    await card.getByLabel('Printer name').fill('Line A Zebra');
    await card.getByLabel('Address').fill(zebra.url);
    await card.getByRole('button', { name: 'Save printer' }).click();
    await expect(card.getByRole('status')).toHaveText('Printer "Line A Zebra" saved.');
    await expect(card.getByRole('listitem')).toContainText(`Line A Zebra ${zebra.url} · 203 dpi`);
    zebra.faults = ['head-open'];
    await card.getByRole('button', { name: 'Check status' }).click();
    await expect(card.getByRole('status')).toHaveText('Line A Zebra is not ready: its print head is open: close the head.');
    zebra.faults = ['ok'];
    await card.getByRole('button', { name: 'Check status' }).click();
    await expect(card.getByRole('status')).toHaveText('Line A Zebra is ready.');
    await expectAccessible(app);
    await screenshots(app, 'settings-printers');

    await app.keyboard.press('Alt+3');
    await app.getByLabel('Printer', { exact: true }).selectOption('Line A Zebra');
    // The saved printer sets the resolution and locks it; a Zebra takes no sheet stock.
    await expect(app.getByLabel('Printer resolution')).toBeDisabled();
    await expect(app.getByLabel('Printer resolution')).toHaveValue('203');
    await expect(app.getByLabel('Printer resolution')).toHaveAccessibleDescription('Set by the saved printer Line A Zebra (Settings → Printers).');
    await expect(app.getByRole('button', { name: 'Send to Line A Zebra' })).toBeDisabled();
    await app.getByLabel('Label stock', { exact: true }).selectOption('thermal-2x1');
    await expect(app.getByRole('heading', { name: /laid out for 203 dpi/ })).toBeVisible();
    await expect(app.getByRole('button', { name: 'ZPL for Zebra (203 dpi)' })).toBeEnabled();
    await app.getByRole('button', { name: 'Send to Line A Zebra' }).click();
    // The barcode box is ticked, but a 2″ × 1″ label at 203 dpi has no room for it: said with the result.
    await expect(app.getByRole('status').filter({ hasText: 'label(s) sent' })).toHaveText(
      /^5 label\(s\) sent to Line A Zebra \(203 dpi\)\. On Thermal roll 2″ × 1″, there is no room at 203 dpi for the Code 128 barcode/,
    );
    expect(zebra.formats).toHaveLength(5);

    // The printer loses power two labels into the next job: nothing of it was confirmed.
    zebra.dropAfterFormats = zebra.formats.length + 2;
    await app.getByRole('button', { name: 'Send to Line A Zebra' }).click();
    await expect(app.getByRole('alert').or(app.getByRole('status')).filter({ hasText: 'may not have printed' })).toContainText(
      'Lines 2-6 may not have printed',
    );
    await expect(app.getByLabel('Reprint only lines (optional)')).toHaveValue('2-6');
    await expectAccessible(app);
    await screenshots(app, 'labels-send-dropped');
  } finally {
    await zebra.close();
  }
});
