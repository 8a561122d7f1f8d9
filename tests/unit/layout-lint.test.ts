import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layout rules must actually fire: feed ESLint offending code at the paths it guards.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? 'fatal');
}

describe('layout lint rules', () => {
  it('forbid electron outside main/app', async () => {
    expect(await ruleIds('main/simulator/bad.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('main/settings/bad.ts', "import Store from 'electron-store';\nexport const x = Store;\n")).toContain('no-restricted-imports');
  });

  it('allow electron inside main/app', async () => {
    expect(await ruleIds('main/app/ok.ts', "import { app } from 'electron';\nexport const x = app;\n")).not.toContain('no-restricted-imports');
  });

  it('forbid Node and Electron in the renderer', async () => {
    expect(await ruleIds('renderer/src/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('renderer/src/bad2.ts', "import fs from 'fs';\nexport const x = fs;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/bad3.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('renderer/src/bad4.ts', "import { x } from '../../main/simulator/state';\nexport const y = x;\n")).toContain('no-restricted-imports');
  });

  it('let the renderer import the contract', async () => {
    expect(await ruleIds('renderer/src/ok.ts', "import type { SimFleetApi } from '../../preload/contract';\nexport type X = SimFleetApi;\n")).not.toContain(
      'no-restricted-imports',
    );
  });

  it('forbid synchronous file calls in the main process outside start-up code', async () => {
    expect(await ruleIds('main/batch/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync('a');\n")).toContain(
      'no-restricted-syntax',
    );
    expect(await ruleIds('main/labels/bad.ts', "import fs from 'fs';\nexport const x = fs.appendFileSync('a', 'b');\n")).toContain('no-restricted-syntax');
    expect(await ruleIds('main/batch/ok.ts', "import { readFile } from 'node:fs/promises';\nexport const x = readFile('a');\n")).not.toContain(
      'no-restricted-syntax',
    );
    expect(await ruleIds('main/cli/ok.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync('a');\n")).not.toContain(
      'no-restricted-syntax',
    );
  });
});
