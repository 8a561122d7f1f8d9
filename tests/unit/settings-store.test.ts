import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { defaultSettings, SETTINGS_VERSION } from '../../main/settings/schema';
import { openSettings, type ConfLike } from '../../main/settings/store';
import { LabelSettingsSchema } from '../../preload/domain';

const factory = ({ cwd, configName }: { cwd: string; configName: string }) => new Conf({ cwd, configName }) as unknown as ConfLike;
const fresh = () => mkdtempSync(join(tmpdir(), 'simfleet-settings-'));

describe('settings store', () => {
  it('starts a new station in practice mode at 50 requests/min', () => {
    const store = openSettings(fresh(), factory);
    expect(store.read().environment).toBe('practice');
    expect(store.read().rateLimitPerMinute).toBe(50);
    expect(store.notice).toBeNull();
  });

  it('persists writes across reopen', () => {
    const dir = fresh();
    const store = openSettings(dir, factory);
    store.write({ ...store.read(), concurrency: 7 });
    expect(openSettings(dir, factory).read().concurrency).toBe(7);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).schemaVersion).toBe(SETTINGS_VERSION);
  });

  it('backs up an unparsable file, resets to defaults and says where the backup is', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), '{"environment": "production", ');
    const store = openSettings(dir, factory, () => new Date('2026-01-02T03:04:05Z'));
    expect(store.read()).toEqual(defaultSettings());
    const backup = join(dir, 'settings.corrupt-2026-01-02T03-04-05.000Z.json');
    expect(readFileSync(backup, 'utf8')).toBe('{"environment": "production", ');
    expect(store.notice).toContain('not valid JSON');
    expect(store.notice).toContain(backup);
  });

  it('backs up a file whose values break the schema', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ schemaVersion: 1, rateLimitPerMinute: -3 }));
    const store = openSettings(dir, factory);
    expect(store.read().rateLimitPerMinute).toBe(50);
    expect(store.notice).toContain('rateLimitPerMinute');
    expect(readdirSync(dir).some((f) => f.startsWith('settings.corrupt-'))).toBe(true);
  });

  it('refuses to downgrade a file from a newer SimFleet, keeping it as a backup', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ schemaVersion: 99 }));
    const store = openSettings(dir, factory);
    expect(store.notice).toContain('newer SimFleet');
  });

  it('migrates an unversioned early file without losing its values', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ environment: 'production', concurrency: 3 }));
    const store = openSettings(dir, factory);
    expect(store.notice).toBeNull();
    expect(store.read()).toMatchObject({ environment: 'production', concurrency: 3, schemaVersion: 1 });
    expect(existsSync(join(dir, 'settings.json'))).toBe(true);
  });
});

describe('settings file mode', () => {
  it('is 0600 whoever writes it (the CLI and the test host use conf with that mode)', async () => {
    const { mkdtempSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openConfSettings } = await import('../../main/settings/conf-settings');
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-mode-'));
    const store = openConfSettings(dir);
    store.write({ ...store.read(), rateLimitPerMinute: 77 });
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
  });
});

describe('settings in memory', () => {
  it('reads the file once at start, never per access, and tells listeners of each saved change', () => {
    const dir = fresh();
    const store = openSettings(dir, factory);
    const reads = vi.spyOn(fs, 'readFileSync');
    const changes: Array<[number, number]> = [];
    const stop = store.onChange((next, previous) => changes.push([previous.concurrency, next.concurrency]));
    const settingsReads = () => reads.mock.calls.filter(([path]) => String(path).endsWith('settings.json')).length;
    for (let i = 0; i < 100; i++) store.read();
    expect(settingsReads()).toBe(0);
    store.write({ ...store.read(), concurrency: 9 });
    for (let i = 0; i < 100; i++) expect(store.read().concurrency).toBe(9);
    // conf may look at the file while saving; reading settings never does.
    expect(settingsReads()).toBeLessThanOrEqual(1);
    stop();
    store.write({ ...store.read(), concurrency: 3 });
    expect(changes).toEqual([[4, 9]]);
    reads.mockRestore();
  });

  it('refuses to keep or save settings that break the schema', () => {
    const store = openSettings(fresh(), factory);
    expect(() => store.write({ ...store.read(), concurrency: -1 })).toThrow();
    expect(store.read().concurrency).toBe(4);
  });
});

describe('label settings of earlier versions', () => {
  it('reads a resolution no printer has as 300 dpi, and keeps printers of every supported resolution', () => {
    const labels = { ...defaultSettings().labels, dpi: 250, printers: [{ name: 'Laser', address: 'cups:Office', dpi: 600 }] };
    const read = LabelSettingsSchema.parse(labels);
    expect(read.dpi).toBe(300);
    expect(read.printers).toEqual([{ name: 'Laser', address: 'cups:Office', dpi: 600 }]);
    expect(() => LabelSettingsSchema.parse({ ...labels, printers: [{ name: 'Odd', address: 'cups:Odd', dpi: 150 }] })).toThrow();
  });
});
