/** One data folder, one fleet (docs/fleet.md): a process that disagrees with the folder's fleet is refused, with what to do. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agreeAndBind, bindingBlocker, unbindFleet } from '../../main/coordination/fleet-binding';

const X = { database: 'postgres://kitting@db-x:5432/simfleet', station: 'dock-1' };
const Y = { database: 'postgres://kitting@db-y:5432/simfleet', station: 'dock-1' };

describe('the fleet a data folder belongs to', () => {
  it('binds on the first fleet batch, refuses a process alone or in another fleet, and frees the folder when the fleet is left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-binding-'));
    expect(await bindingBlocker(dir, null)).toBeNull();
    expect(await bindingBlocker(dir, X)).toBeNull();
    expect(await agreeAndBind(dir, X, new Date('2026-12-01T08:00:00Z'))).toBeNull();
    // The same fleet again agrees and is not rewritten (the date stays the first one).
    expect(await agreeAndBind(dir, X, new Date('2026-12-05T08:00:00Z'))).toBeNull();
    expect(await bindingBlocker(dir, X)).toBeNull();
    expect(await bindingBlocker(dir, null)).toBe(
      "This data folder's batches run in the fleet at postgres://kitting@db-x:5432/simfleet (since 2026-12-01, station dock-1), but this " +
        "process works alone. Nothing is sent: join that fleet (Settings → Fleet, or the CLI's --fleet), " +
        'or leave it in Settings → Fleet to work alone on this folder.',
    );
    expect(await bindingBlocker(dir, Y)).toContain('but this process is in the fleet at postgres://kitting@db-y:5432/simfleet. Nothing is sent');
    // Another fleet is refused and does not take the folder over.
    expect(await agreeAndBind(dir, Y)).toContain('but this process is in the fleet at postgres://kitting@db-y:5432/simfleet');
    expect(await bindingBlocker(dir, X)).toBeNull();
    await unbindFleet(dir);
    expect(await bindingBlocker(dir, null)).toBeNull();
  });

  it('refuses every process on a damaged binding, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-binding-'));
    writeFileSync(join(dir, 'fleet-binding.json'), '{"v":1,"database":');
    expect(await bindingBlocker(dir, X)).toContain(`${join(dir, 'fleet-binding.json')} is damaged`);
    expect(await bindingBlocker(dir, null)).toContain('is damaged');
    expect(await agreeAndBind(dir, X)).toContain('is damaged');
  });
});
