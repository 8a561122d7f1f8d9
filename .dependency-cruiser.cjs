/**
 * The import graph's rules (docs/decisions.md, D6), checked by `npm run lint:deps`, which
 * `npm test` runs: no cycles, and each layer imports only the layers below it.
 */
const PERSISTED = [
  '^main/batch/(journal-schema|records)\\.ts$',
  '^main/settings/schema\\.ts$',
  '^main/purchases/purchase-log\\.ts$',
  '^main/import/scan-session-store\\.ts$',
  '^main/locks/file-claims\\.ts$',
  '^main/labels/verified-labels\\.ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes start-up order matter and modules impossible to test alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'renderer-only-shared',
      severity: 'error',
      comment: 'The renderer runs in a sandboxed page: it may import itself, the shared preload modules and browser packages, never main.',
      from: { path: '^renderer/' },
      to: { path: '^(main/|preload/(index|build-api)\\.ts$|tests/|bin/)' },
    },
    {
      name: 'shared-stays-shared',
      severity: 'error',
      comment: 'preload/ modules other than the bridge itself are shared with the renderer: plain data and zod, nothing of main or the renderer.',
      from: { path: '^preload/', pathNot: '^preload/(index|build-api)\\.ts$' },
      to: { path: '^(main|renderer)/' },
    },
    {
      name: 'domain-at-the-bottom',
      severity: 'error',
      comment: 'The domain is what views and persisted formats are built from, never the other way round (D1).',
      from: { path: '^preload/(domain|constants|iccid-format|profile-rules)\\.ts$' },
      to: { path: '^preload/(views|contract)\\.ts$' },
    },
    {
      name: 'persisted-formats-not-from-views',
      severity: 'error',
      comment: 'A file format on disk must not change because a screen changed (D1): build it from preload/domain.ts.',
      from: { path: PERSISTED },
      to: { path: '^preload/(views|contract)\\.ts$' },
    },
    {
      name: 'surfaces-on-top',
      severity: 'error',
      comment: 'The Electron app, the CLI, the test host and the dev server use the services; no capability uses a surface.',
      from: { path: '^main/', pathNot: '^main/(app|cli|testhost|devweb)/' },
      to: { path: '^main/(app|cli|testhost|devweb)/' },
    },
    {
      name: 'composition-on-top',
      severity: 'error',
      comment: 'main/services/ composes the capabilities; a capability never reaches back into the composition.',
      from: { path: '^main/', pathNot: '^main/(services|app|cli|testhost|devweb)/' },
      to: { path: '^main/services/' },
    },
    {
      name: 'client-below-the-engine',
      severity: 'error',
      comment: 'The Telegent client knows HTTP and the API, not batches, imports or labels.',
      from: { path: '^main/telegent/' },
      to: { path: '^main/(batch|import|labels|connection|environment|purchases|locks|export)/' },
    },
    {
      name: 'simulator-account-apart',
      severity: 'error',
      comment: 'The simulated account is logic alone, testable without a server or a file: HTTP is server.ts, disk is state-file.ts.',
      from: { path: '^main/simulator/(state|refusal)\\.ts$' },
      to: { path: ['^(node:)?(fs|fs/promises|http|https|net)$', '^main/simulator/(server|state-file|http-status)\\.ts$'] },
    },
    {
      name: 'no-test-code-in-the-product',
      severity: 'error',
      from: { path: '^(main|preload|renderer)/' },
      to: { path: '^(tests|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|node_modules|test-results)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
  },
};
