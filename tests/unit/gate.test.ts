/**
 * The gate (docs/exactly-once.md, rule 9), case by case: a batch sends only where its
 * header says it started, and every refusal says what to do. These run in-process, so a
 * mutation of gate.ts is caught here and not only by the spawned CLI tests.
 */
import { describe, expect, it } from 'vitest';
import { runBlockers, targetOf, type CurrentTarget } from '../../main/batch/gate';

const CREDS = { fingerprint: 'fp-a', accountKeyHint: 'DID-1234…prod' };
const PROD_URL = 'https://api.telegent.com';

const current = (over: Partial<CurrentTarget> = {}): CurrentTarget => ({
  environment: 'production',
  practice: { kind: 'practice-built-in' },
  productionUrl: PROD_URL,
  credentials: CREDS,
  productionTested: true,
  ...over,
});
const production = { environment: 'production' as const, apiBaseUrl: PROD_URL, target: { kind: 'production' as const, url: PROD_URL, credentials: CREDS } };

describe('the gate', () => {
  it('lets a production batch send where it started, with the same tested credentials', () => {
    expect(runBlockers(production, current())).toEqual([]);
    // Headers of version 1 recorded no target: the URL and a tested connection still have to match.
    expect(runBlockers({ environment: 'production', apiBaseUrl: PROD_URL }, current())).toEqual([]);
  });

  it('refuses another environment, naming both', () => {
    expect(runBlockers(production, current({ environment: 'practice' }))).toEqual([
      'This batch belongs to production, and SimFleet is in practice now. Switch to production to run it.',
    ]);
    expect(runBlockers({ environment: 'practice', apiBaseUrl: 'x', target: { kind: 'practice-built-in' } }, current())).toEqual([
      'This batch belongs to practice, and SimFleet is in production now. Switch to practice to run it.',
    ]);
  });

  it('refuses a production batch whose URL changed, and says how to go back', () => {
    const found = runBlockers(production, current({ productionUrl: 'https://evil.example' }));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`started against ${PROD_URL}, and Settings now say https://evil.example`);
    expect(found[0]).toContain(`Set the API URL back to ${PROD_URL}, enter the credentials for it and test the connection, then try again.`);
  });

  it('refuses without credentials, with other credentials, and without a passing test', () => {
    expect(runBlockers(production, current({ credentials: null }))).toEqual([
      'No Telegent credentials are saved. Enter the AccountKey and AccountSecret in Settings and test the connection.',
    ]);
    const other = runBlockers(production, current({ credentials: { fingerprint: 'fp-b', accountKeyHint: 'DID-9999…other' } }));
    expect(other).toHaveLength(1);
    expect(other[0]).toContain('credentials changed since this batch started (it started with DID-1234…prod)');
    expect(other[0]).toContain('Enter those credentials again and test the connection, or start a new batch for the rest.');
    expect(runBlockers(production, current({ productionTested: false }))).toEqual([
      'Production needs a passing connection test of the saved credentials at this URL: run "Test connection" in Settings first.',
    ]);
    // Several problems are all named; the test is asked for only once the rest is right.
    expect(runBlockers(production, current({ productionUrl: 'https://evil.example', credentials: null, productionTested: false }))).toHaveLength(2);
  });

  it('keeps practice batches on the simulator they started with', () => {
    const standalone = { kind: 'practice-standalone' as const, url: 'http://127.0.0.1:4010' };
    const builtIn = { kind: 'practice-built-in' as const };
    const practice = (practiceTarget: CurrentTarget['practice']) =>
      current({ environment: 'practice', practice: practiceTarget, credentials: null, productionTested: false });
    expect(runBlockers({ environment: 'practice', apiBaseUrl: 'x', target: builtIn }, practice(builtIn))).toEqual([]);
    expect(runBlockers({ environment: 'practice', apiBaseUrl: 'x', target: standalone }, practice(standalone))).toEqual([]);
    expect(runBlockers({ environment: 'practice', apiBaseUrl: 'x', target: standalone }, practice(builtIn))[0]).toContain(
      'Run it from the command line with --api-base http://127.0.0.1:4010',
    );
    expect(
      runBlockers({ environment: 'practice', apiBaseUrl: 'x', target: standalone }, practice({ ...standalone, url: 'http://127.0.0.1:4999' })),
    ).toHaveLength(1);
    expect(runBlockers({ environment: 'practice', apiBaseUrl: 'x', target: builtIn }, practice(standalone))).toEqual([
      'This practice batch ran against the built-in simulator. Run it without --api-base.',
    ]);
    // A practice header of version 1 (no target) runs on whatever simulator plays practice here.
    expect(runBlockers({ environment: 'practice', apiBaseUrl: 'x' }, practice(standalone))).toEqual([]);
  });

  it('records where a new batch sends: the simulator in practice, URL and credentials in production, nothing without credentials', () => {
    expect(targetOf(current({ environment: 'practice' }))).toEqual({ kind: 'practice-built-in' });
    expect(targetOf(current())).toEqual({ kind: 'production', url: PROD_URL, credentials: CREDS });
    expect(targetOf(current({ credentials: null }))).toBeNull();
  });
});
