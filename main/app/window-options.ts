/**
 * The one window factory's options. Every SimFleet window is built from these, and a
 * unit test pins each security-relevant flag.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** The renderer's origin; IPC accepts calls only from frames on it. */
export const APP_ORIGIN = 'app://simfleet';

export interface WindowOptionsInput {
  readonly preloadPath: string;
  readonly isPackaged: boolean;
}

export function secureWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'SimFleet',
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !input.isPackaged,
    },
  };
}
