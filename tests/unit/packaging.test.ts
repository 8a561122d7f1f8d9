import { existsSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

// electron-builder cannot run here (it downloads Electron), so its config is checked instead.
const config = load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('names the app and packs the three built runtimes', () => {
    expect(config['appId']).toBe('com.simfleet.desktop');
    expect(config['productName']).toBe('SimFleet');
    expect(config['files']).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']));
  });

  it('points at the entry electron-vite builds', () => {
    expect(pkg['main']).toBe('out/main/index.js');
  });

  it('names only files that exist: icons, build resources', () => {
    const named = [
      config['icon'],
      (config['linux'] as { icon: string }).icon,
      (config['win'] as { icon: string }).icon,
      (config['mac'] as { icon: string }).icon,
      (config['directories'] as { buildResources: string }).buildResources,
    ];
    for (const path of named) expect(existsSync(path as string), String(path)).toBe(true);
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) expect(existsSync(`assets/icons/${size}x${size}.png`)).toBe(true);
    expect(config['files']).toContain('assets/icons/**');
  });

  it('flips the Electron fuses that keep the packaged app from being used as a Node runtime', () => {
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config['asar']).toBe(true);
  });

  it('keeps native modules outside the asar and has a target per desktop OS', () => {
    expect(config['asarUnpack']).toContain('**/*.node');
    for (const os of ['linux', 'win', 'mac']) expect((config[os] as { target: unknown[] }).target.length).toBeGreaterThan(0);
  });
});
