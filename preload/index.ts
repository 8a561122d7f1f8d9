/**
 * Preload (sandboxed, context-isolated): exposes `window.simfleet`, built from the
 * contract. The renderer never sees `ipcRenderer` or a generic invoke.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './build-api';

contextBridge.exposeInMainWorld(
  'simfleet',
  buildApi({
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    on: (channel, listener) => {
      // Strip the IpcRendererEvent: it carries `sender`, which must not reach the page.
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
  }),
);
