/**
 * The Account screen (docs/audit.md, "The Account screen"): an audit finds a SIM bought twice
 * (the second purchase made straight through the client, as another station would), the
 * extra number is released after one confirmation, the audit comes back clean; a damaged
 * card's number moves to a new card, and its new label opens on the Labels screen.
 */
import { luhnCheckDigit } from '../../main/import/iccid';
import { groupIccid } from '../../preload/iccid-format';
import { expect, finishedBatch, screenshots, test } from './fixtures';

test('audit finds a double and releases the extra number; a replacement card gets the number and its label', async ({ app, web }) => {
  test.setTimeout(120_000);
  const { iccids } = await finishedBatch(web, 3, 7400);
  const settings = await web.services.impl.settings.get();
  const client = await web.services.access.client('practice');
  const extra = await client.provision({ ...settings.practice.profile, ICCID: iccids[0]!, AccountId: settings.practice.accountId });

  // A batch that lost no answer does not offer the audit.
  await expect(app.getByRole('alert').filter({ hasText: 'Batch finished' })).not.toContainText('Some answers were lost');
  await app.keyboard.press('Alt+5');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Account');
  const audit = app.getByRole('region', { name: 'Account audit' });
  await expect(audit.getByText('This account has not been audited from here yet.')).toBeVisible();
  await audit.getByRole('button', { name: 'Audit the account' }).click();
  await expect(audit.getByRole('status').filter({ hasText: 'Audit finished: 1 finding(s).' })).toBeVisible();
  await expect(audit.getByText(/^Last audited .* by .*: 4 numbers, 1 finding\(s\)\.$/)).toBeVisible();
  const row = audit.getByRole('row', { name: new RegExp(`Bought twice ${groupIccid(iccids[0]!)}`) });
  await expect(row).toContainText('has 2 live numbers');
  // The recorded number (on the label) is never offered for release: only the extra one.
  await expect(row.getByRole('button', { name: /^Release / })).toHaveCount(1);
  await expect(row.getByRole('button', { name: `Release ${extra.phoneNumber}…` })).toBeVisible();
  await screenshots(app, 'account-audit-double');

  await row.getByRole('button', { name: `Release ${extra.phoneNumber}…` }).click();
  const dialog = app.getByRole('dialog', { name: `Release ${extra.phoneNumber}?` });
  await expect(dialog).toContainText('This is permanent');
  await screenshots(app, 'account-release-confirm');
  await dialog.getByRole('button', { name: 'Release for good' }).click();
  await expect(audit.getByRole('status').filter({ hasText: `${extra.phoneNumber} released` })).toBeVisible();
  await audit.getByRole('button', { name: 'Audit the account' }).click();
  await expect(audit.getByText(/Nothing to do/)).toBeVisible();
  await expect(audit.getByText(/: 4 numbers, 0 finding\(s\)\.$/)).toBeVisible();

  // A damaged card: scan it, then the new card (Enter, as a scanner sends it), confirm once.
  const body = '89012600000074991212';
  const fresh = body.slice(0, -1) + luhnCheckDigit(body.slice(0, -1));
  const replacement = app.getByRole('region', { name: 'Replacement card' });
  await replacement.getByLabel('Damaged card (ICCID)').fill(iccids[1]!);
  await replacement.getByLabel('Damaged card (ICCID)').press('Enter');
  await expect(replacement.getByLabel('New card (ICCID)')).toBeFocused();
  await replacement.getByLabel('New card (ICCID)').fill(fresh);
  await replacement.getByLabel('New card (ICCID)').press('Enter');
  const confirm = app.getByRole('dialog', { name: 'Move the number to the new card?' });
  await expect(confirm).toContainText(`${iccids[1]} to ${fresh}`);
  await confirm.getByRole('button', { name: 'Move for good' }).click();
  await expect(replacement.getByRole('status')).toContainText(`to the new card ${fresh} (batch "Label run")`);
  await screenshots(app, 'account-replacement-done');
  // The new label is one Enter away.
  await expect(replacement.getByRole('button', { name: 'Print the new label' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Labels and exports');
  await expect(app.getByLabel(/Reprint only lines/)).toHaveValue('3');
  await expect(app.getByRole('heading', { name: /Preview: 1 label\(s\) on 1 page\(s\)/ })).toBeVisible();
  await expect(app.getByRole('img', { name: /Preview of page 1/ })).toContainText(fresh.slice(-4));
});

test('a batch that lost an answer on the way offers the audit; taking it audits the account on the Account screen', async ({ app, web }) => {
  test.setTimeout(120_000);
  // Telegent makes the sale, then the connection drops: the row is settled by a lookup, and the batch ends clean.
  await finishedBatch(web, 3, 7600, async (iccids) => {
    (await web.services.practice.ensure()).setFaults([{ kind: 'reset-after-commit', iccids: [iccids[1]!], times: 1 }]);
  });
  const alert = app.getByRole('alert').filter({ hasText: 'Batch finished' });
  await expect(alert).toContainText('Some answers were lost on the way: audit the account to be sure no SIM was bought twice.');
  await screenshots(app, 'batch-finished-offers-audit');
  await alert.getByRole('button', { name: 'Audit the account' }).click();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Account');
  const audit = app.getByRole('region', { name: 'Account audit' });
  await expect(audit.getByRole('status').filter({ hasText: 'Audit finished: 0 finding(s).' })).toBeVisible();
  await expect(audit.getByText(/^Last audited .*: 3 numbers, 0 finding\(s\)\.$/)).toBeVisible();
  // Coming back to the screen later does not audit again by itself.
  await app.keyboard.press('Alt+1');
  await app.keyboard.press('Alt+5');
  await expect(audit.getByRole('status').filter({ hasText: 'Audit finished' })).toHaveCount(0);
});
