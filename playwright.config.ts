import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (this machine and CI cannot fetch one).
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e-setup.ts',
  // A safety net for a machine under load: a batch runs and each screen state is checked by axe.
  timeout: 90_000,
  // Assertions wait for what the screen will show; 5 s (the default) is not enough beside a busy test suite.
  expect: { timeout: 20_000 },
  outputDir: 'test-results/e2e',
  fullyParallel: true,
  workers: 2,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    trace: 'off',
  },
});
