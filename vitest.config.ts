import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The ZPL renderer is one 9 MB file of WebAssembly in JavaScript: loaded as it is, not transformed.
    server: { deps: { external: [/zpl-renderer-js/] } },
  },
});
