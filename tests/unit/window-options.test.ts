import { describe, expect, it } from 'vitest';
import { secureWindowOptions } from '../../main/app/window-options';

describe('secure window factory', () => {
  const prefs = (isPackaged: boolean) => secureWindowOptions({ preloadPath: '/app/preload/index.cjs', isPackaged }).webPreferences!;

  it('isolates the renderer: contextIsolation, sandbox, no Node anywhere', () => {
    const p = prefs(true);
    expect(p.contextIsolation).toBe(true);
    expect(p.sandbox).toBe(true);
    expect(p.nodeIntegration).toBe(false);
    expect(p.nodeIntegrationInWorker).toBe(false);
    expect(p.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and webviews off', () => {
    const p = prefs(true);
    expect(p.webSecurity).toBe(true);
    expect(p.webviewTag).toBe(false);
    expect(p.allowRunningInsecureContent).toBe(false);
    expect(p.experimentalFeatures).toBe(false);
    expect(p.navigateOnDragDrop).toBe(false);
  });

  it('turns devtools off when packaged and on in development', () => {
    expect(prefs(true).devTools).toBe(false);
    expect(prefs(false).devTools).toBe(true);
  });

  it('loads the given preload and nothing else', () => {
    expect(prefs(true).preload).toBe('/app/preload/index.cjs');
  });
});
