import { readFileSync } from 'node:fs';
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
