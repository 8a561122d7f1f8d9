/**
 * Whether production's connection test still stands (docs/security.md, "Security decisions"): the one
 * rule the status bar, Settings and the batch gate all read, so they never disagree.
 * A test stands only for the URL it reached, the URL saved with the credentials, and the
 * credentials it used, known by their fingerprint. A test recorded by an older SimFleet
 * holds only the key's hint (its first and last characters), which cannot tell two keys
 * apart: it does not stand, and the supervisor tests again once.
 */
import type { ConnectionTestRecord } from '../../preload/domain';

export type ProductionTestState = 'not-tested' | 'passed' | 'failed' | 'unreachable';

export function productionTestState(
  test: ConnectionTestRecord | null | undefined,
  productionUrl: string,
  saved: { readonly apiBaseUrl: string | null; readonly fingerprint: string } | null,
): ProductionTestState {
  if (!test || !saved || test.credentialsFingerprint === undefined) return 'not-tested';
  if (test.credentialsFingerprint !== saved.fingerprint || test.apiBaseUrl !== productionUrl || saved.apiBaseUrl !== productionUrl) return 'not-tested';
  if (test.ok) return 'passed';
  return test.unreachable ? 'unreachable' : 'failed';
}
