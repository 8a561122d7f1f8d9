/**
 * Starts the longest test files first (docs/testing.md, "Lanes"), so the run does not end
 * with one long file alone on a worker. Vitest orders by the durations it cached on this
 * machine; a clean clone (CI) has none, so the files known to be long come first, longest
 * first, and the rest follow in Vitest's own order.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST_FIRST = [
  'tests/integration/cli-provision.test.ts',
  'tests/integration/stalls.test.ts',
  'tests/integration/fleet-stations.test.ts',
  'tests/integration/cross-process.test.ts',
  'tests/integration/cli-labels.test.ts',
  'tests/integration/doc-runner.test.ts',
  'tests/integration/cli-audit.test.ts',
  'tests/integration/cli-replace-card.test.ts',
  'tests/integration/labels-decode.test.ts',
  'tests/integration/cli-hardening.test.ts',
  'tests/integration/label-worker.test.ts',
  'tests/integration/labels-pdf.test.ts',
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const at = LONGEST_FIRST.indexOf(relative(process.cwd(), spec.moduleId));
      return at === -1 ? LONGEST_FIRST.length : at;
    };
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map(({ spec }) => spec);
  }
}
