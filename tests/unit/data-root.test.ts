import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataRoot } from '../../main/environment/paths';

describe('one data root for the app and the CLI', () => {
  it('is the per-user SimFleet folder, overridable with SIMFLEET_DATA_DIR', () => {
    expect(defaultDataRoot({ XDG_CONFIG_HOME: '/home/op/.config' }, 'linux')).toBe(join('/home/op/.config', 'SimFleet'));
    expect(defaultDataRoot({ SIMFLEET_DATA_DIR: '/srv/simfleet' }, 'linux')).toBe('/srv/simfleet');
    expect(defaultDataRoot({ APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, 'win32')).toContain('SimFleet');
  });

  it('the app sets it explicitly (not Electron name-derived userData) and every CLI command defaults to it', () => {
    const app = readFileSync('main/app/index.ts', 'utf8');
    expect(app).toMatch(/const dataRoot = defaultDataRoot\(\);/);
    expect(app).toMatch(/app\.setPath\('userData', dataRoot\)/);
    for (const command of ['check-command', 'provision-command', 'labels-command']) {
      expect(readFileSync(`main/cli/${command}.ts`, 'utf8')).toMatch(/\['data-dir'\] \?\? defaultDataRoot\(\)/);
    }
  });
});
