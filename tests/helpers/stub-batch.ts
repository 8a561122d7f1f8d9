/** A batch header and Telegent answers for engine tests whose client is a stub (nothing listens at the URL). */
import type { BatchHeader } from '../../main/batch/records';
import { PRACTICE_PROFILE } from '../../main/settings/schema';
import type { ProvisionResult } from '../../main/telegent/responses';

/** The header of a practice batch of `n` made-up ICCIDs. */
export function stubHeader(n: number, id: string): BatchHeader {
  return {
    t: 'batch',
    v: 2,
    id,
    name: id,
    createdAt: new Date().toISOString(),
    environment: 'practice',
    apiBaseUrl: 'http://127.0.0.1:1',
    target: { kind: 'practice-built-in' },
    accountId: '',
    profile: PRACTICE_PROFILE,
    source: 'test',
    rows: Array.from({ length: n }, (_, i) => ({ iccid: `890126000000000${String(i).padStart(4, '0')}`, line: i + 2, overrides: {} })),
  };
}

/** A completed provision that sold `number`. */
export function soldAnswer(number: string): ProvisionResult {
  return {
    orderId: `O-${number}`,
    orderStatus: 'Complete',
    orderDate: null,
    phoneNumber: number,
    phoneNumberId: `NID-${number}`,
    iccid: null,
    zipCode: null,
    subscriberId: null,
    errorMessage: null,
    lpa: null,
  };
}
