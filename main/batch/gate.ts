/**
 * The gate every send passes, on every surface: start, resume, retry and reconcile
 * (docs/exactly-once.md, rule 9). A batch runs only against the environment, URL and
 * credentials its header recorded; when today's settings differ, it is refused with
 * what to do, never silently sent somewhere else.
 */
import type { Environment } from '../../preload/domain';
import type { BatchTarget } from './records';

/** Where this process would send right now. */
export interface CurrentTarget {
  readonly environment: Environment;
  /** Practice: the built-in simulator, or a standalone one on loopback (the CLI's --api-base). */
  readonly practice: { readonly kind: 'practice-built-in' } | { readonly kind: 'practice-standalone'; readonly url: string };
  readonly productionUrl: string;
  /** Fingerprint of the credentials production would use, or null when none are saved. */
  readonly credentials: { readonly fingerprint: string; readonly accountKeyHint: string } | null;
  /** A connection test passed with exactly these credentials at exactly this URL. */
  readonly productionTested: boolean;
}

/** The target a new batch records, from where this process would send. */
export function targetOf(current: CurrentTarget): BatchTarget | null {
  if (current.environment === 'practice') return current.practice;
  if (!current.credentials) return null;
  return { kind: 'production', url: current.productionUrl, credentials: current.credentials };
}

/** Why a batch with this header may not send now (empty: it may). */
export function runBlockers(
  header: { readonly environment: Environment; readonly apiBaseUrl: string; readonly target?: BatchTarget },
  current: CurrentTarget,
): string[] {
  if (header.environment !== current.environment) {
    return [`This batch belongs to ${header.environment}, and SimFleet is in ${current.environment} now. Switch to ${header.environment} to run it.`];
  }
  const target = header.target;
  if (header.environment === 'practice') {
    if (target?.kind === 'practice-standalone' && (current.practice.kind !== 'practice-standalone' || current.practice.url !== target.url)) {
      return [
        `This practice batch ran against the standalone simulator at ${target.url}. Run it from ` +
          `the command line with --api-base ${target.url} (that simulator knows what it sold).`,
      ];
    }
    if (target?.kind === 'practice-built-in' && current.practice.kind !== 'practice-built-in') {
      return ['This practice batch ran against the built-in simulator. Run it without --api-base.'];
    }
    return [];
  }
  const found: string[] = [];
  if (header.apiBaseUrl !== current.productionUrl) {
    found.push(
      `This batch was started against ${header.apiBaseUrl}, and Settings now say ${current.productionUrl}. Set the ` +
        `API URL back to ${header.apiBaseUrl}, enter the credentials for it and test the connection, then try again.`,
    );
  }
  if (!current.credentials) {
    found.push('No Telegent credentials are saved. Enter the AccountKey and AccountSecret in Settings and test the connection.');
  } else if (target?.kind === 'production' && target.credentials.fingerprint !== current.credentials.fingerprint) {
    found.push(
      `The Telegent credentials changed since this batch started (it started with ${target.credentials.accountKeyHint}). ` +
        `Enter those credentials again and test the connection, or start a new batch for the rest.`,
    );
  }
  if (found.length === 0 && !current.productionTested) {
    found.push('Production needs a passing connection test of the saved credentials at this URL: run "Test connection" in Settings first.');
  }
  return found;
}
