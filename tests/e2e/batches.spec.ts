import { readFileSync } from 'node:fs';
import { luhnCheckDigit } from '../../main/import/iccid';
import { expect, expectAccessible, screenshots, test } from './fixtures';

function list(n: number, offset: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const body = `8901260${String(offset + i).padStart(8, '0')}3333`;
    return body + luhnCheckDigit(body);
  });
}

const count = (page: import('@playwright/test').Page, label: string) =>
  page.locator('dl[aria-label="Batch counts"] > div', { has: page.getByText(label, { exact: true }) }).locator('dd');

test.describe('provisioning a batch', () => {
  test.use({ simulatorOptions: { rateLimitPerMinute: 0, latencyMs: 60 }, rateLimit: 120 });

  test('import → confirm → progress → pause/resume → failed row retried → finished batch in history', async ({ app, web }) => {
    test.setTimeout(150_000);
    const iccids = list(24, 500);
    const sim = await web.services.practice.ensure();
    sim.setFaults([{ kind: 'pending', iccids: [iccids[20]!], pendingPolls: 0, pendingOutcome: 'Error', times: 1 }]);

    await app.getByLabel('One ICCID per line (extra columns are fine)').fill(iccids.join('\n'));
    await app.getByRole('button', { name: 'Check pasted list' }).click();
    await app.getByRole('button', { name: /Start batch/ }).click();

    const dialog = app.getByRole('dialog', { name: 'Start a PRACTICE batch of 24 SIMs?' });
    await expect(dialog).toContainText('PRACTICE: nothing is bought');
    await expect(dialog).toContainText('mvno · p2p · Sms+Data');
    await expect(dialog).toContainText('at 120 requests per minute');
    await dialog.getByLabel('Batch name').fill('Acme carton 7');
    await screenshots(app, 'batch-confirm');
    await dialog.getByRole('button', { name: 'Start practice batch' }).click();

    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Batches');
    await expect(app.getByRole('heading', { name: 'Acme carton 7' })).toBeVisible();
    await expect(app.getByRole('progressbar', { name: 'Batch progress' })).toBeVisible();
    await expect(count(app, 'Provisioned')).not.toHaveText('0 / 24');

    await app.getByRole('button', { name: 'Pause' }).click();
    await expect(app.getByText('Paused by the operator.')).toBeVisible();
    // The Pause button is gone: the focus is on what replaced it, not lost on the page.
    await expect(app.getByRole('button', { name: 'Resume' })).toBeFocused();
    // An operator's own pause is not news: once the shell has heard of it (the badge stops counting), no alert, no red status bar.
    await expect(app.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Batches/ })).not.toContainText('%');
    await expect(app.getByRole('alert', { name: 'Batch paused itself' })).toHaveCount(0);
    await expect(app.locator('.status-bar .dot')).not.toHaveClass(/dot-unreachable/);
    const pausedAt = await count(app, 'Provisioned').textContent();
    expect(pausedAt).not.toBe('24 / 24');
    await expectAccessible(app);
    await screenshots(app, 'batch-paused');

    await app.getByRole('button', { name: 'Resume' }).click();
    await expect(app.getByRole('button', { name: /Retry failed \(1\)/ })).toBeVisible({ timeout: 60_000 });
    await expect(count(app, 'Provisioned')).toHaveText('23 / 24');
    // Tiles and filters are the same numbers.
    await expect(count(app, 'Failed')).toHaveText('1');
    await expect(app.getByRole('radio', { name: 'Failed (1)' })).toBeVisible();
    await expect(app.getByRole('radio', { name: 'Provisioned (23)' })).toBeVisible();
    await expect(app.getByRole('radio', { name: 'Needs attention (1)' })).toBeVisible();
    await app.getByRole('radio', { name: /^Failed/ }).check();
    const table = app.getByRole('grid', { name: 'Rows of batch Acme carton 7' });
    await expect(table).toContainText('8A-ACCOUNT_NUM_REQ_OR_INCORRECT');
    // The whole message and the row's identifiers, by keyboard: one Tab stop, then arrows.
    await table.focus();
    await app.keyboard.press('Home');
    const detail = app.getByRole('region', { name: 'Row details' });
    await expect(detail).toContainText('8A-ACCOUNT_NUM_REQ_OR_INCORRECT');
    // At 1024 px the NID and OrderId columns are off to the right, and the screen says so.
    await app.setViewportSize({ width: 1024, height: 768 });
    await expect(app.getByText('More columns (Number, NID, OrderId) are to the right')).toBeVisible();
    await app.setViewportSize({ width: 1280, height: 800 });
    await expect(app.getByText('More columns (Number, NID, OrderId) are to the right')).toBeHidden();
    await expect(detail).toContainText('Attempts');
    // The order ended in Error, and says so: no "Pending" left over from the last poll beside it.
    await expect(detail).toContainText('OrderId');
    await expect(detail).toContainText('Order statusError');
    await expect(detail).not.toContainText('Pending');
    await screenshots(app, 'batch-failed-row');

    await app.getByRole('button', { name: /Retry failed/ }).click();
    await expect(count(app, 'Provisioned')).toHaveText('24 / 24', { timeout: 30_000 });
    await expect(count(app, 'Time left')).toHaveText('Done');
    const history = app.getByRole('region', { name: 'Batch history' });
    await expect(history.getByRole('row', { name: /Acme carton 7/ })).toContainText('Finished');
    await expect(history.getByRole('row', { name: /Acme carton 7/ })).toContainText('24 / 24');
    await app.getByRole('radio', { name: /^All/ }).check();
    await expectAccessible(app);
    await screenshots(app, 'batch-finished');

    // Exactly once, from the simulator's own ledger.
    const bought = sim
      .ledger()
      .filter((e) => e.outcome === 'bought')
      .map((e) => e.iccid);
    expect(new Set(bought).size).toBe(24);
    expect(bought).toHaveLength(24);

    const download = app.waitForEvent('download');
    await app.getByRole('button', { name: 'Download results (CSV)' }).click();
    // The batch's results; the customer mapping (Labels) is …-mapping.csv, with its own columns.
    const results = await download;
    expect(results.suggestedFilename()).toBe('PRACTICE-Acme_carton_7-batch-results.csv');
    // Opened in Excel, every ICCID digit and the + of each number stay (docs/exports.md, "Opening a CSV in Excel").
    const saved = test.info().outputPath(results.suggestedFilename());
    await results.saveAs(saved);
    const lines = readFileSync(saved, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(25);
    expect(lines[1]).toMatch(new RegExp(`^"=""${iccids[0]}""","=""\\+1\\d{10}""",`));
    expect(lines.slice(1).every((line) => line.includes(',provisioned,'))).toBe(true);

    // The end is announced with the next step.
    await expect(app.getByRole('status').filter({ hasText: 'Batch finished' })).toContainText('Batch finished: 24 provisioned.');
    await expect(app.getByText('100% provisioned')).toBeVisible();
    // The failed row was retried: "needs attention" went when the retry began, and the finish is the news now.
    await expect(app.getByRole('alert', { name: 'Batch needs attention' })).toHaveCount(0);
    await expect(app.getByRole('alert', { name: 'Batch finished' })).toContainText('all 24 SIM(s) provisioned');
    await screenshots(app, 'batch-finished-announced');
    await app.getByRole('button', { name: 'Print labels' }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Labels and exports');

    // The results file imported again: every ICCID read whole from its ="…" cell, every SIM known as bought.
    await app.keyboard.press('Alt+1');
    await app.locator('input[type=file]').setInputFiles(saved);
    const tile = (label: string) => app.locator('dl[aria-label="Summary"] > div', { has: app.getByText(label, { exact: true }) }).locator('dd');
    await expect(tile('Already provisioned')).toHaveText('24');
    await expect(tile('Errors')).toHaveText('0');
  });
});

test('a batch interrupted by a crash is offered at start and finishes on Resume, checked by ICCID first', async ({ page, web, dataRoot }) => {
  const iccids = list(5, 900);
  const dir = `${dataRoot}/practice/batches`;
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const settings = (await web.services.impl.settings.get()) as { practice: { profile: Record<string, unknown> } };
  const sim = await web.services.practice.ensure();
  const at = new Date().toISOString();
  const header = {
    t: 'batch',
    v: 1,
    id: '20261129-000000-abcdef',
    name: 'Night shift',
    createdAt: at,
    environment: 'practice',
    apiBaseUrl: sim.url,
    accountId: '',
    source: 'night.csv',
    profile: settings.practice.profile,
    rows: iccids.map((iccid, i) => ({ iccid, line: i + 2, overrides: {} })),
  };
  writeFileSync(
    `${dir}/20261129-000000-abcdef.jsonl`,
    [header, { t: 'control', action: 'start', at }, { t: 'intent', row: 0, attempt: 1, at }].map((r) => JSON.stringify(r)).join('\n') + '\n',
  );

  await page.goto(web.host.url);
  const banner = page.getByRole('alert').filter({ hasText: 'stopped before it finished' });
  await expect(banner).toContainText('Batch "Night shift" stopped before it finished (0/5 done)');
  await screenshots(page, 'batch-interrupted-offer');
  await banner.getByRole('button', { name: 'Review and resume…' }).click();
  await expect(page.getByRole('heading', { name: 'Night shift' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Night shift' })).toContainText('Interrupted: resume to finish');
  await expect(page.getByRole('grid', { name: 'Rows of batch Night shift' })).toContainText('it may have been bought');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(count(page, 'Provisioned')).toHaveText('5 / 5', { timeout: 30_000 });
  expect(sim.ledger().filter((e) => iccids.includes(e.iccid ?? ''))).toHaveLength(5);
});

test('damage is shown, never hidden: an unreadable batch is listed with the reason, a damaged purchase log is announced', async ({ app, dataRoot }) => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const practice = join(dataRoot, 'practice');
  mkdirSync(join(practice, 'batches'), { recursive: true });
  writeFileSync(join(practice, 'batches', '20261130-010203-abcdef.jsonl'), '{"t":"batch","v":1}\n');
  writeFileSync(join(practice, 'purchases.jsonl'), '{"iccid":"89012600000000000013","phoneNu\n');
  await app.keyboard.press('Alt+2');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Batches');
  const row = app.getByRole('row', { name: /20261130-010203-abcdef/ });
  await expect(row).toContainText('Damaged: cannot be read');
  await expect(row).toContainText('header is not valid');
  await expect(app.getByRole('alert').filter({ hasText: 'purchase log is damaged' })).toContainText('89012600000000000013');
  await screenshots(app, 'batches-damaged');
  await expectAccessible(app);
});

test.describe('cancelling a batch', () => {
  test.use({ simulatorOptions: { rateLimitPerMinute: 0, latencyMs: 100 }, rateLimit: 60 });

  test('asks first, says what happens to each kind of row, and the bar counts provisioned SIMs only', async ({ app }) => {
    test.setTimeout(120_000);
    await app.getByLabel('One ICCID per line (extra columns are fine)').fill(list(20, 900).join('\n'));
    await app.getByRole('button', { name: 'Check pasted list' }).click();
    await app.getByRole('button', { name: /Start batch/ }).click();
    await app.getByRole('dialog').getByRole('button', { name: 'Start practice batch' }).click();
    await expect(count(app, 'Provisioned')).not.toHaveText('0 / 20');

    await app.getByRole('button', { name: 'Cancel batch…' }).click();
    const dialog = app.getByRole('dialog', { name: /Cancel batch/ });
    await expect(dialog).toContainText('Nothing more will be sent');
    await expect(dialog).toContainText('not sent yet are cancelled');
    await expect(dialog).toContainText('may have been bought');
    await expect(dialog.getByRole('button', { name: 'Keep the batch' })).toBeFocused();
    // The counts are live while the question is open: the batch goes on until it is answered.
    const notSent = async (): Promise<number> =>
      Number(/([\d,]+) SIM\(s\) not sent yet/.exec((await dialog.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
    const first = await notSent();
    await expect.poll(notSent, { timeout: 30_000 }).toBeLessThan(first);
    await screenshots(app, 'batch-cancel-confirm');
    await dialog.getByRole('button', { name: 'Keep the batch' }).click();
    await expect(app.getByRole('button', { name: 'Pause' })).toBeVisible();

    await app.getByRole('button', { name: 'Cancel batch…' }).click();
    await app
      .getByRole('dialog', { name: /Cancel batch/ })
      .getByRole('button', { name: 'Cancel the batch' })
      .click();
    await expect(app.getByText('Cancelled', { exact: true }).first()).toBeVisible();
    // What finished after the cancel is said, not left for the operator to work out.
    await expect(app.getByRole('status').filter({ hasText: 'Cancelled at' })).toContainText(
      /Requests already sent when you cancelled finished afterwards: \d+ provisioned, \d+ failed/,
    );
    await screenshots(app, 'batch-cancelled');
    const bar = app.getByRole('progressbar', { name: 'Batch progress' });
    const provisioned = Number((await count(app, 'Provisioned').textContent())!.split('/')[0]!.trim());
    await expect(bar).toHaveAttribute('aria-valuenow', String(provisioned));
    expect(provisioned).toBeLessThan(20);
  });
});

test.describe('settings while a batch runs', () => {
  test.use({ simulatorOptions: { rateLimitPerMinute: 0, latencyMs: 60 }, rateLimit: 60 });

  test('the route lists say they wait for a free request slot behind the batch, not a bare spinner', async ({ app }) => {
    test.setTimeout(150_000);
    await app.getByLabel('One ICCID per line (extra columns are fine)').fill(list(120, 700).join('\n'));
    await app.getByRole('button', { name: 'Check pasted list' }).click();
    await app.getByRole('button', { name: /Start batch/ }).click();
    await app.getByRole('dialog').getByRole('button', { name: 'Start practice batch' }).click();
    await expect(app.getByRole('button', { name: 'Pause' })).toBeVisible();
    await app.keyboard.press('Alt+4');
    const profile = app.getByRole('region', { name: 'Provisioning profile' });
    await expect(profile.getByRole('status').filter({ hasText: 'Loading routes' })).toContainText(
      /Waiting for a free request slot: \d+ request\(s\) in the queue, shared with any running batch/,
    );
    await screenshots(app, 'settings-lists-waiting');
    // With the batch paused the lists get their turn, and the message goes.
    await app.keyboard.press('Alt+2');
    await app.getByRole('button', { name: 'Pause' }).click();
    await app.keyboard.press('Alt+4');
    await expect(profile.getByText('Loading routes')).toHaveCount(0, { timeout: 30_000 });
  });
});

test.describe('a long batch on a small screen', () => {
  test.use({ simulatorOptions: { rateLimitPerMinute: 0, latencyMs: 60 }, rateLimit: 23 });

  test('"18 / 100,000" and "74 h 52 min" fit their tiles at every size', async ({ app }) => {
    test.setTimeout(150_000);
    const lines = ['ICCID', ...list(100_000, 2_000_000)];
    await app.locator('input[type=file]').setInputFiles({ name: 'pallet.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await app.getByRole('button', { name: /Start batch/ }).click({ timeout: 60_000 });
    await app.getByRole('dialog').getByRole('button', { name: 'Start practice batch' }).click();
    await expect(count(app, 'Provisioned')).toHaveText(/ \/ 100,000$/, { timeout: 60_000 });
    // Time left comes from the measured pace: "estimating…" until five SIMs have settled.
    await expect(count(app, 'Time left')).toHaveText(/^\d+ h \d+ min$/, { timeout: 60_000 });
    // screenshots() fails when a tile's value spills out of its tile, at 1280, 1024 and 1093 px.
    await screenshots(app, 'batch-100k-running');
    await app.getByRole('button', { name: 'Pause' }).click();
    await expect(app.getByRole('button', { name: 'Resume' })).toBeVisible();
  });
});

test.describe('a batch that pauses itself is heard on every screen', () => {
  // 30 a minute lets 3 SIMs go at once and then one every 2 s: the batch cannot have sent all 12 before the network
  // goes, however slow the machine (at 600 a minute all 12 could be sent before the test stops the simulator).
  // The simulator comes back on the same port, as Telegent comes back at the same address after a network cut: a run
  // still holding its client (not yet retired when Resume comes) reaches it again. One port per test worker process,
  // below Linux's ephemeral range (32768 and up), so no outgoing socket of the tests running beside it holds it.
  test.use({ simulatorOptions: { rateLimitPerMinute: 0, latencyMs: 20, port: 21_000 + (process.pid % 9_000) }, rateLimit: 30 });

  test('the network goes while the operator is on Import: an alert with a sound, a red status bar, a badge and the title; the desktop is told', async ({
    app,
    web,
  }) => {
    test.setTimeout(240_000);
    // The window is not in front: a desktop notification is due. The fake records it.
    await app.addInitScript(() => {
      const shown: Array<{ title: string; body: string }> = [];
      (window as unknown as { shown: typeof shown }).shown = shown;
      document.hasFocus = () => false;
      class FakeNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body ?? '' });
        }
      }
      (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    });
    await app.reload();
    const iccids = list(12, 900);
    await app.getByLabel('One ICCID per line (extra columns are fine)').fill(iccids.join('\n'));
    await app.getByRole('button', { name: 'Check pasted list' }).click();
    await app.getByRole('button', { name: /Start batch/ }).click();
    await app.getByRole('dialog').getByRole('button', { name: 'Start practice batch' }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Batches');
    // The network goes: nothing answers where Telegent was, and the batch pauses itself after five failures in a row.
    await web.services.practice.stop();
    await app.keyboard.press('Alt+1');
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Import SIMs');

    // The shell's alert, by its name (the batch's own panel says "paused itself" too, once it is open).
    const alert = app.getByRole('alert', { name: 'Batch paused itself' });
    await expect(alert).toContainText(/paused at \d+ of 12/, { timeout: 60_000 });
    await expect(alert).toContainText('could not be reached 5 times in a row');
    await expect(app.locator('.status-bar')).toContainText('paused: Telegent could not be reached');
    await expect(app.locator('.status-bar .dot')).toHaveClass(/dot-unreachable/);
    await expect(app.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Batches/ })).toContainText('paused');
    await expect(app).toHaveTitle(/^Paused · /);
    const shown = await app.evaluate(() => (window as unknown as { shown: Array<{ title: string; body: string }> }).shown);
    expect(shown).toEqual([{ title: 'SimFleet: Batch paused itself', body: expect.stringContaining('could not be reached') }]);
    await expectAccessible(app);
    await screenshots(app, 'import-batch-paused-itself');

    // From the keyboard: Alt+N reaches the alert, Enter opens the batch; resumed, the alert, the red bar and the badge go.
    await app.keyboard.press('Alt+N');
    await expect(alert.getByRole('button', { name: /Open the batch/ })).toBeFocused();
    await app.keyboard.press('Enter');
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Batches');
    await expect(alert).toHaveCount(0);
    await web.services.practice.ensure();
    // The supervisor raises the limit while the batch is paused (a saved limit applies to a running batch at once):
    // the rest goes in seconds, not the minute it takes at 30 requests a minute.
    await web.services.impl.settings.saveLimits({ rateLimitPerMinute: 600, concurrency: 4 });
    await app.getByRole('button', { name: 'Resume' }).click();
    await expect(app.locator('.status-bar .dot')).not.toHaveClass(/dot-unreachable/);
    const finished = app.getByRole('alert', { name: 'Batch finished' });
    await expect(finished).toContainText('all 12 SIM(s) provisioned', { timeout: 60_000 });
    await expect(app).toHaveTitle('SimFleet');
  });
});

test.describe('a rate-limit hold', () => {
  // The first provision gets "429 Too Many Requests, Retry-After: 20": every request waits 20 s, and no event comes meanwhile.
  test.use({ simulatorOptions: { rateLimitPerMinute: 0, faults: [{ kind: 'rate-limit-storm', stormLength: 1, retryAfterSeconds: 20, times: 1 }] } });

  test('is shown with its reason and counts down while nothing happens, then the batch goes on by itself', async ({ app }) => {
    test.setTimeout(120_000);
    await app.getByLabel('One ICCID per line (extra columns are fine)').fill(list(3, 950).join('\n'));
    await app.getByRole('button', { name: 'Check pasted list' }).click();
    await app.getByRole('button', { name: /Start batch/ }).click();
    await app.getByRole('dialog').getByRole('button', { name: 'Start practice batch' }).click();
    const held = app.locator('.held-notice');
    await expect(held).toContainText('too many requests');
    const seconds = async (): Promise<number> => Number(/Held for (\d+) s/.exec((await held.textContent()) ?? '')?.[1] ?? NaN);
    const first = await seconds();
    expect(first).toBeGreaterThan(0);
    // Screen readers hear when it ends, which does not change each second.
    await expect(held.locator('.visually-hidden')).toHaveText(/^until \d/);
    await expect.poll(seconds, { timeout: 30_000 }).toBeLessThan(first);
    await expect(held).toHaveCount(0, { timeout: 60_000 });
    await expect(count(app, 'Provisioned')).toHaveText('3 / 3', { timeout: 60_000 });
  });
});

test.describe('one number for two SIMs', () => {
  // Every second purchase gets the number sold before it (a recycled number): the second SIM is flagged (both are
  // when the two are recorded at the same moment). At 12 a minute one purchase is recorded at a time, so exactly
  // the second of each pair is flagged and half the labels are made.
  test.use({ simulatorOptions: { rateLimitPerMinute: 0, recycleEvery: 2 }, rateLimit: 12 });

  test('a flagged SIM needs attention: counted, listed under Needs attention, said in the alert, left off the labels', async ({ app, web }) => {
    test.setTimeout(120_000);
    await app.getByLabel('One ICCID per line (extra columns are fine)').fill(list(4, 970).join('\n'));
    await app.getByRole('button', { name: 'Check pasted list' }).click();
    await app.getByRole('button', { name: /Start batch/ }).click();
    await app.getByRole('dialog').getByRole('button', { name: 'Start practice batch' }).click();
    await expect(count(app, 'Provisioned')).toHaveText('4 / 4', { timeout: 60_000 });
    const attention = app.getByRole('radio', { name: /^Needs attention/ });
    await expect(attention).toHaveAccessibleName(/Needs attention \([1-9]\)/);
    await attention.check();
    await expect(app.getByRole('grid')).toContainText('one number for two SIMs');
    await expect(app.getByRole('alert', { name: 'Batch needs attention' })).toContainText('with a number Telegent also gave another SIM');
    expect((await web.services.impl.batches.list())[0]!.flagged).toBe(2);
    await expect(attention).toHaveAccessibleName(/Needs attention \(2\)/);
    // No label for a number two SIMs have: the Labels screen leaves them off and says which lines.
    await app.keyboard.press('Alt+3');
    await expect(app.getByRole('heading', { name: /Preview: 2 label\(s\)/ })).toBeVisible();
    await expect(app.getByRole('alert').filter({ hasText: 'left off the labels' })).toContainText(/^2 SIM\(s\) left off the labels \(line\(s\) \d[-, \d]*\)/);
  });
});
