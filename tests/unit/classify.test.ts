import { describe, expect, it } from 'vitest';
import { classifyFailure, classifyResult, JOURNAL_CODES } from '../../main/batch/classify';
import { UserError } from '../../main/errors/user-error';
import { errorForStatus, TelegentError } from '../../main/telegent/errors';
import type { ProvisionResult } from '../../main/telegent/responses';

const backoff = (n: number) => 1000 * (n + 1);
const t = (
  code: ConstructorParameters<typeof TelegentError>[0]['code'],
  mayHaveBeenProcessed: boolean,
  extra: Partial<ConstructorParameters<typeof TelegentError>[0]> = {},
) => new TelegentError({ code, mayHaveBeenProcessed, message: `${code}.`, ...extra });

describe('classifyFailure: what a failed provision means for the row', () => {
  it.each([
    // status → decision kind, journal code, retry delay (null: final), pauses
    [400, 'failed', 'telegent_validation', null, false],
    [401, 'failed', 'telegent_auth', 0, true],
    [403, 'failed', 'telegent_scope', 0, true],
    [404, 'failed', 'telegent_not_found', null, false],
    [405, 'failed', 'telegent_validation', null, false],
    [408, 'failed', 'telegent_timeout', 1000, false],
    [409, 'failed', 'telegent_validation', null, false],
    [422, 'failed', 'telegent_validation', null, false],
    [429, 'failed', 'rate_limited', 1000, false],
    [500, 'uncertain', 'telegent_server', undefined, false],
    [502, 'uncertain', 'telegent_server', undefined, false],
    [503, 'uncertain', 'telegent_server', undefined, false],
    [504, 'uncertain', 'telegent_server', undefined, false],
  ] as const)('HTTP %i → %s %s', (status, kind, code, retry, pauses) => {
    const d = classifyFailure(errorForStatus(status, undefined, '/v1.0/numbers/provision'), 1, 5, backoff);
    expect(d.kind).toBe(kind);
    expect(d.code).toBe(code);
    if (d.kind === 'failed') {
      expect(d.retryAfterMs).toBe(retry);
      expect(d.pause !== null).toBe(pauses);
    }
  });

  it('a timeout, reset or unreadable 2xx after sending may have bought: uncertain, never retried blindly', () => {
    for (const code of ['timeout', 'network', 'malformed', 'server'] as const) {
      expect(classifyFailure(t(code, true), 1, 5, backoff)).toMatchObject({ kind: 'uncertain', lookupNow: false });
    }
  });

  it('a failure that proves nothing was sent is retried with backoff until attempts run out, and counts toward the network pause', () => {
    expect(classifyFailure(t('network', false), 2, 5, backoff)).toMatchObject({ kind: 'failed', retryAfterMs: 2000, networkFailure: true });
    expect(classifyFailure(t('network', false), 5, 5, backoff)).toMatchObject({ kind: 'failed', retryAfterMs: null, networkFailure: true });
  });

  it('429 uses Retry-After and does not count as a network failure', () => {
    expect(classifyFailure(t('rate_limited', false, { retryAfterMs: 7000 }), 3, 5, backoff)).toMatchObject({
      kind: 'failed',
      code: 'rate_limited',
      retryAfterMs: 7000,
      networkFailure: false,
    });
  });

  it('"ICCID already assigned" is looked up at once (perhaps our own earlier purchase)', () => {
    const d = classifyFailure(t('validation', false, { apiMessage: 'ICCID 8901 is already assigned to +18015550000.' }), 1, 5, backoff);
    expect(d).toMatchObject({ kind: 'uncertain', code: 'iccid_in_use', lookupNow: true });
  });

  it('a problem found before sending (no credentials) pauses without buying; an unknown exception is uncertain', () => {
    expect(classifyFailure(new UserError('no_credentials', 'No credentials.'), 1, 5, backoff)).toMatchObject({
      kind: 'failed',
      code: 'not_sent',
      retryAfterMs: 0,
    });
    expect(classifyFailure(new Error('boom'), 1, 5, backoff)).toMatchObject({ kind: 'uncertain', code: 'unexpected' });
  });

  it('every code it writes is in the journal vocabulary', () => {
    const codes = [400, 401, 403, 404, 408, 429, 500].map((s) => classifyFailure(errorForStatus(s, undefined, '/p'), 1, 5, backoff).code);
    for (const code of codes) expect(JOURNAL_CODES).toContain(code);
  });
});

describe('classifyResult: what a 2xx answer means', () => {
  const r = (over: Partial<ProvisionResult>): ProvisionResult =>
    ({
      phoneNumber: null,
      phoneNumberId: null,
      orderId: null,
      orderStatus: null,
      subscriberId: null,
      zipCode: null,
      lpa: null,
      errorMessage: null,
      ...over,
    }) as ProvisionResult;

  it.each([
    ['a number and Complete', r({ phoneNumber: '+18015550000', orderStatus: 'Complete' }), 'provisioned'],
    ['a number and no status', r({ phoneNumber: '+18015550000' }), 'provisioned'],
    ['Pending with an order', r({ orderId: 'O1', orderStatus: 'Pending' }), 'pending'],
    ['an unknown status with an order', r({ orderId: 'O1', orderStatus: 'Scheduled' }), 'pending'],
    ['Error', r({ orderId: 'O1', orderStatus: 'Error', errorMessage: 'no' }), 'failed'],
    ['Complete without a number', r({ orderStatus: 'Complete' }), 'uncertain'],
    ['Pending without an order to poll', r({ orderStatus: 'Pending' }), 'uncertain'],
    ['nothing at all', r({}), 'uncertain'],
  ])('%s → %s', (_name, result, kind) => {
    expect(classifyResult(result).kind).toBe(kind);
  });
});
