import { expect, expectAccessible, screenshots, test } from './fixtures';

test('the shell loads in practice mode with the banner, status bar and Import screen', async ({ app }) => {
  const banner = app.getByRole('region', { name: 'Current environment' });
  await expect(banner).toContainText('PRACTICE MODE');
  await expect(banner).toContainText('Nothing is bought');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Import SIMs');
  await expect(app.getByRole('contentinfo')).toContainText('Practice simulator running');
  await expect(app.getByRole('contentinfo')).toContainText(/http:\/\/127\.0\.0\.1:\d+/);
  await expect(app.getByRole('button', { name: /Import/ })).toHaveAttribute('aria-current', 'page');
  await expectAccessible(app);
  await screenshots(app, 'shell-import');
});

test('navigation works by mouse and every screen keeps the practice banner', async ({ app }) => {
  const nav = app.getByRole('navigation', { name: 'Main' });
  for (const [button, heading, shot] of [
    ['Batches', 'Batches', 'batches'],
    ['Labels', 'Labels and exports', 'labels'],
    ['Settings', 'Settings', 'settings'],
    ['Import', 'Import SIMs', null],
  ] as const) {
    await nav.getByRole('button', { name: new RegExp(button) }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(nav.getByRole('button', { name: new RegExp(button) })).toHaveAttribute('aria-current', 'page');
    await expect(app.getByRole('region', { name: 'Current environment' })).toContainText('PRACTICE MODE');
    if (shot) {
      await expectAccessible(app);
      await screenshots(app, `shell-${shot}`);
    }
  }
});

test('keyboard only: Alt+digit shortcuts and Tab/Enter reach every screen', async ({ app }) => {
  await app.keyboard.press('Alt+4');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await app.keyboard.press('Alt+2');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Batches');
  // Tab to the Labels entry and press Enter.
  await app.locator('body').focus();
  let focusedLabel = '';
  for (let i = 0; i < 6 && !focusedLabel.startsWith('Labels'); i++) {
    await app.keyboard.press('Tab');
    focusedLabel = (await app.evaluate(() => document.activeElement?.textContent ?? '')) || '';
  }
  expect(focusedLabel).toMatch(/^Labels/);
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Labels and exports');
});

test('the settings screen shows the practice defaults read through the contract', async ({ app }) => {
  await app.getByRole('button', { name: /Settings/ }).click();
  await expect(app.getByRole('region', { name: 'Environment', exact: true })).toContainText('PRACTICE mode: nothing is bought');
  const profile = app.getByRole('region', { name: 'Provisioning profile' });
  await expect(profile.getByLabel('Edit the profile used in')).toHaveValue('practice');
  await expect(profile.getByLabel('Message route (MRID)')).toHaveValue('MRID-73af1e73-d7b3-4696-bdd9-5b407c96fc8a');
  await expect(profile.getByLabel('Product type')).toHaveValue('Sms+Data');
  await expect(app.getByRole('region', { name: 'Rate limit' }).getByLabel('Requests per minute')).toHaveValue('600');
});
