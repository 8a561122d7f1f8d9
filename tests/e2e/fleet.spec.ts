import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinFleet } from '../../main/fleet/fleet-membership';
import { recordFleetAudit } from '../../main/fleet/fleet-audits';
import { LATEST_VERSION } from '../../main/fleet/migrations';
import type { PostgresServer } from '../helpers/postgres-server';
import { startFleetDatabase } from '../helpers/fleet-database';
import { expect, screenshots, test } from './fixtures';

// A real PostgreSQL for the fleet, started by this file (docs/fleet.md).
let server: PostgresServer;
test.beforeAll(async () => {
  ({ server } = await startFleetDatabase('dock'));
});
test.afterAll(async () => {
  await server.close();
});

test('a supervisor joins the fleet in Settings, sees another station running on the Batches screen, and leaves', async ({ app, dataRoot }) => {
  await app.keyboard.press('Alt+4');
  const card = app.getByRole('region', { name: 'Fleet' });
  const database = `postgres://dock@127.0.0.1:${server.port}/simfleet`;
  await card.getByLabel('Database URL').fill(database);
  await card.getByLabel('Password').fill('Fleet-Pw-e2e-31');
  await card.getByLabel('Station name').fill('Dock 1');
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByRole('status')).toContainText(`Connected to ${database} (practice, schema version ${LATEST_VERSION}): 0 station(s) running`);
  await card.getByRole('button', { name: 'Join fleet' }).click();
  await expect(card.getByRole('status').first()).toContainText(`This station is Dock 1 in the fleet at ${database} (not encrypted): the database answers.`);
  await expect(card.getByLabel('Password')).toHaveCount(0);
  await screenshots(app, 'settings-fleet-joined');
  // Settings keep the database without the password.
  expect(readFileSync(join(dataRoot, 'settings.json'), 'utf8')).not.toContain('Fleet-Pw-e2e-31');

  // Another station of the fleet is running a batch.
  const other = await joinFleet({ url: server.url('dock'), station: 'Dock 2', environment: 'practice', appVersion: 'e2e' });
  try {
    await other.board.publish({ id: 'B-7', name: 'Carton 7', total: 300, done: 120, ratePerMinute: 298.6, running: true });
    await app.keyboard.press('Alt+2');
    const others = app.getByRole('region', { name: 'Other stations' });
    await expect(others.getByRole('row', { name: /Dock 2 Carton 7/ })).toContainText('120 of 300');
    await expect(others.getByRole('row', { name: /Dock 2 Carton 7/ }).getByRole('cell', { name: '299', exact: true })).toBeVisible();
    await expect(others.getByRole('columnheader', { name: 'SIMs per minute' })).toBeVisible();
    await expect(others.getByRole('progressbar', { name: 'Carton 7 on Dock 2' })).toBeVisible();
    await expect(others.getByText('No station of the fleet has audited the account yet (Account screen).')).toBeVisible();
    // Another station audits the account: the fleet view says when, and who.
    await recordFleetAudit(other.station, 1200, 2);
    await expect(others.getByText(/^The account was last audited .* by Dock 2: 1,200 numbers, 2 finding\(s\)\.$/)).toBeVisible();
    await screenshots(app, 'batches-other-stations');
  } finally {
    await other.station.close();
  }

  await app.keyboard.press('Alt+4');
  await card.getByRole('button', { name: 'Leave fleet' }).click();
  // While leaving, the card has two live regions (the fleet state and the action's progress): wait for the action's own answer.
  await expect(card.getByRole('status').filter({ hasText: 'This station works alone now.' })).toBeVisible();
  await expect(card.getByLabel('Database URL')).toBeVisible();
});
