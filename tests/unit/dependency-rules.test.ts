/** The import-graph rules (.dependency-cruiser.cjs, docs/decisions.md D6) must actually fire: feed them offending trees. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;

/** Writes a small tree of TypeScript files and answers the rules it breaks. */
async function violations(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'simfleet-deps-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const result = await cruise(
    ['main', 'preload', 'renderer'].filter((d) => Object.keys(files).some((f) => f.startsWith(d))),
    {
      baseDir: root,
      validate: true,
      ruleSet: { forbidden: config.forbidden! },
      tsPreCompilationDeps: true,
    },
  );
  const output = result.output as { summary: { violations: Array<{ rule: { name: string } }> } };
  return output.summary.violations.map((v) => v.rule.name).sort();
}

describe('dependency rules', () => {
  it('refuse a cycle', async () => {
    expect(
      await violations({
        'main/a/x.ts': "import { y } from './y';\nexport const x = y;\n",
        'main/a/y.ts': "import { x } from './x';\nexport const y = () => x;\n",
      }),
    ).toContain('no-circular');
  });

  it('refuse a persisted format built from the views, and accept one built from the domain', async () => {
    const views = 'export type SettingsView = { a: 1 };\n';
    const domain = "export type Environment = 'practice';\n";
    expect(
      await violations({
        'main/settings/schema.ts': "import type { SettingsView } from '../../preload/views';\nexport type S = SettingsView;\n",
        'preload/views.ts': views,
      }),
    ).toEqual(['persisted-formats-not-from-views']);
    expect(
      await violations({
        'main/settings/schema.ts': "import type { Environment } from '../../preload/domain';\nexport type S = Environment;\n",
        'preload/domain.ts': domain,
      }),
    ).toEqual([]);
  });

  it('keep the domain below the views, the renderer away from main, and surfaces on top', async () => {
    expect(
      await violations({
        'preload/domain.ts': "import type { V } from './views';\nexport type D = V;\n",
        'preload/views.ts': 'export type V = 1;\n',
      }),
    ).toEqual(['domain-at-the-bottom']);
    expect(
      await violations({ 'renderer/src/a.ts': "import { b } from '../../main/batch/b';\nexport const a = b;\n", 'main/batch/b.ts': 'export const b = 1;\n' }),
    ).toEqual(['renderer-only-shared']);
    expect(await violations({ 'main/batch/b.ts': "import { c } from '../cli/c';\nexport const b = c;\n", 'main/cli/c.ts': 'export const c = 1;\n' })).toEqual([
      'surfaces-on-top',
    ]);
  });

  it('keep the simulated account apart from HTTP and disk', async () => {
    const refusal = 'export class SimRejection {}\n';
    expect(
      await violations({
        'main/simulator/state.ts':
          "import { appendFileSync } from 'node:fs';\nimport { SimRejection } from './refusal';\nexport const s = [appendFileSync, SimRejection];\n",
        'main/simulator/refusal.ts': refusal,
      }),
    ).toEqual(['simulator-account-apart']);
    expect(
      await violations({
        'main/simulator/state.ts': "import { HTTP_STATUS } from './http-status';\nexport const s = HTTP_STATUS;\n",
        'main/simulator/http-status.ts': 'export const HTTP_STATUS = {};\n',
      }),
    ).toEqual(['simulator-account-apart']);
    expect(
      await violations({
        'main/simulator/state-file.ts': "import { appendFileSync } from 'node:fs';\nimport type { S } from './state';\nexport const f: S = appendFileSync;\n",
        'main/simulator/state.ts': "import { SimRejection } from './refusal';\nexport type S = unknown;\nexport const r = SimRejection;\n",
        'main/simulator/refusal.ts': refusal,
      }),
    ).toEqual([]);
  });
});
