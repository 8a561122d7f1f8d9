import { readFileSync } from 'node:fs';
import { filesBelow } from '../helpers/files';
import { expect, expectAccessible, PROD_KEY, PROD_SECRET, screenshots, test } from './fixtures';

test('a supervisor connects production: credentials, a failing and a passing test, routes from dropdowns, profile, confirmed switch', async ({
  app,
  telegent,
  dataRoot,
}) => {
  await app.keyboard.press('Alt+4');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Settings');
  const account = app.getByRole('region', { name: 'Telegent account (production)' });
  await expect(account).toContainText('No credentials saved');

  // The stand-in production API lives on loopback, which the https rule allows.
  await account.getByLabel('API base URL').fill(telegent.url);
  await account.getByRole('button', { name: 'Save URL' }).click();
  await expect(account.getByRole('status')).toContainText(`API URL saved: ${telegent.url}`);

  await account.getByLabel('AccountKey').fill(PROD_KEY);
  await account.getByLabel('AccountSecret').fill('not-the-secret');
  await account.getByRole('button', { name: 'Save credentials' }).click();
  await expect(account.getByRole('status')).toContainText('Credentials saved (DID-5f2c…tion)');
  await expect(account.getByLabel('AccountSecret')).toHaveValue('');
  await account.getByRole('button', { name: 'Test connection' }).click();
  await expect(account.getByRole('alert')).toContainText('did not accept the AccountKey and AccountSecret');
  await screenshots(app, 'settings-test-failed');

  await account.getByLabel('AccountKey').fill(PROD_KEY);
  await account.getByLabel('AccountSecret').fill(PROD_SECRET);
  await account.getByRole('button', { name: 'Save credentials' }).click();
  await expect(account).toContainText('AccountKey DID-5f2c…tion is saved');
  await account.getByRole('button', { name: 'Test connection' }).click();
  await expect(account.getByRole('status').filter({ hasText: 'Connected to' })).toContainText('2 message route(s), 1 voice route(s)');

  const profile = app.getByRole('region', { name: 'Provisioning profile' });
  await profile.getByLabel('Edit the profile used in').selectOption('production');
  const mrid = profile.getByLabel('Message route (MRID)');
  await expect(mrid.locator('option', { hasText: 'Practice SMS backup' })).toHaveCount(1);
  await mrid.selectOption({ label: 'Practice SMS backup — MRID-0b9d3e52-61a4-4f0e-8c11-2f7d9e4a6b30' });
  await profile.getByRole('checkbox', { name: 'Voice' }).check();
  await expect(profile.getByText('Voice is on: choose a voice route (CRID).')).toBeVisible();
  await expect(profile.getByText('Product type Sms+Data needs SMS on, data on and voice off')).toBeVisible();
  await profile.getByLabel('Voice route (CRID)').selectOption({ label: 'Practice SIP trunk — CRID-4dec6beb-3985-444b-8c06-8baa70dc1450' });
  await profile.getByLabel('Product type').selectOption('Sms+Data+Voice');
  await profile.getByLabel('Assign to subscriber (TSUID) (optional)').selectOption({ label: 'Acme Logistics — TSUID-ac59a1f8-36b6-42cc-b124-c2aa29f7e3d2' });
  await profile.getByLabel('Area code (optional)').fill('801');
  await expect(profile.locator('.field-error')).toHaveCount(0);
  await profile.getByRole('button', { name: 'Save production profile' }).click();
  await expect(profile.getByRole('status')).toHaveText('Production profile saved.');
  await screenshots(app, 'settings-production-ready');

  const environment = app.getByRole('region', { name: 'Environment', exact: true });
  await expect(environment.getByRole('list', { name: 'Production readiness' })).toContainText('✓ Connection test passed');
  await environment.getByRole('button', { name: 'Switch to production…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Switch to PRODUCTION?' });
  await expect(dialog).toContainText('every activation buys a real Telegent number');
  await expect(dialog).toContainText(telegent.url);
  await screenshots(app, 'settings-confirm-production');
  await dialog.getByRole('button', { name: 'Switch to production' }).click();
  await expect(dialog).toBeHidden();

  const banner = app.getByRole('region', { name: 'Current environment' });
  await expect(banner).toContainText('PRODUCTION');
  await expect(app.getByRole('contentinfo')).toContainText('Connected to Telegent');
  await expectAccessible(app);
  await screenshots(app, 'settings-production');

  // The secret is nowhere in the page, its storage, or the data folder.
  expect(await app.content()).not.toContain(PROD_SECRET);
  const storage = await app.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
  expect(storage).not.toContain(PROD_SECRET);
  for (const file of filesBelow(dataRoot)) expect(readFileSync(file, 'utf8')).not.toContain(PROD_SECRET);

  await environment.getByRole('button', { name: 'Switch to practice mode' }).click();
  await expect(banner).toContainText('PRACTICE MODE');
});

test('when Telegent lists cannot be loaded, every ID can be typed by hand', async ({ app }) => {
  await app.keyboard.press('Alt+4');
  const profile = app.getByRole('region', { name: 'Provisioning profile' });
  await profile.getByLabel('Edit the profile used in').selectOption('production');
  await expect(profile.getByText(/Could not load the list: No Telegent credentials are saved/).first()).toBeVisible();
  const mrid = profile.getByRole('textbox', { name: 'Message route (MRID)' });
  await mrid.fill('MRID-typed-by-hand');
  await profile.getByRole('checkbox', { name: 'Voice' }).uncheck();
  await profile.getByRole('button', { name: 'Save production profile' }).click();
  await expect(profile.getByRole('status')).toHaveText('Production profile saved.');
  await expectAccessible(app);
  await screenshots(app, 'settings-manual-ids');
});

test('the switch to production stays disabled until credentials are saved and tested', async ({ app }) => {
  await app.keyboard.press('Alt+4');
  const environment = app.getByRole('region', { name: 'Environment', exact: true });
  await expect(environment.getByRole('button', { name: 'Switch to production…' })).toBeDisabled();
  await expect(environment).toContainText('✗ Telegent credentials saved');
  await expect(app.getByRole('region', { name: 'Telegent account (production)' }).getByRole('button', { name: 'Test connection' })).toBeDisabled();
});

test('limits are validated and saved', async ({ app }) => {
  await app.keyboard.press('Alt+4');
  const limits = app.getByRole('region', { name: 'Rate limit' });
  await limits.getByLabel('Requests per minute').fill('0');
  await limits.getByRole('button', { name: 'Save limits' }).click();
  await expect(limits.getByRole('alert')).toHaveText('Requests per minute must be a whole number from 1 to 6,000.');
  // Letters get a sentence for people, not a schema error.
  await limits.getByLabel('Requests per minute').fill('fifty');
  await limits.getByLabel('Requests at a time').fill('4x');
  await limits.getByRole('button', { name: 'Save limits' }).click();
  await expect(limits.getByRole('alert')).toHaveText(
    'Requests per minute must be a whole number from 1 to 6,000. Requests at a time must be a whole number from 1 to 64.',
  );
  await expect(limits.getByRole('alert')).not.toContainText('was not valid');
  await limits.getByLabel('Requests at a time').fill('4');
  await limits.getByLabel('Requests per minute').fill('50');
  await limits.getByRole('button', { name: 'Save limits' }).click();
  await expect(limits.getByRole('status')).toHaveText('Limits saved.');
});

test('the practice simulator is set on its own card, and the banner says which simulator plays Telegent', async ({ app, telegent }) => {
  await app.keyboard.press('Alt+4');
  const banner = app.getByRole('region', { name: 'Current environment' });
  await expect(banner).toContainText('the built-in simulator plays Telegent');
  const card = app.getByRole('region', { name: 'Practice simulator' });
  await expect(card).toContainText('In use: the built-in simulator');
  await card.getByLabel('Shared practice simulator (practice fleets)').fill(telegent.url);
  await card.getByRole('button', { name: 'Save practice simulator' }).click();
  await expect(card.getByRole('status')).toContainText(`Practice now talks to the shared simulator at ${telegent.url}`);
  await expect(banner).toContainText(`the shared simulator at ${telegent.url} plays Telegent`);
  await card.getByLabel('Shared practice simulator (practice fleets)').fill('');
  await card.getByRole('button', { name: 'Save practice simulator' }).click();
  await expect(banner).toContainText('the built-in simulator plays Telegent');
});
