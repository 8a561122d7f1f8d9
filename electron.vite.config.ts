import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build for the three runtimes. The preload is CommonJS because Electron's
// sandboxed preloads cannot be ES modules.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The label worker is its own entry: label-jobs.ts starts it from beside index.js.
      rolldownOptions: { input: { index: resolve('main/app/index.ts'), 'label-worker': resolve('main/labels/label-worker.ts') } },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads can only require('electron'): bundle zod and the contract in.
      externalizeDeps: false,
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
