/**
 * What the simulated account refuses, and why, in the account's own terms: `server.ts`
 * turns the code into the HTTP status Telegent answers (`http-status.ts`), so the
 * account's rules can be exercised without a server.
 */

/**
 * Why a request was refused.
 * - `invalid`: a field is missing or malformed, or a query value is out of range;
 * - `unauthorized`: the account keys are wrong, or the token is missing, expired or unknown;
 * - `forbidden`: the token was minted for another endpoint;
 * - `not_found`: no such number or order on this account;
 * - `conflict`: well formed, but the account's present state refuses it (an ICCID that has a number, a number not in the status the change needs);
 * - `unprocessable`: well formed, but never acceptable on this account (an unknown route, subscriber or account, a type mismatch, a change not offered).
 */
export type RefusalCode = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable';

/** A business-rule refusal: its code plus the API's message. Thrown by the account's logic. */
export class SimRejection {
  constructor(
    readonly code: RefusalCode,
    readonly message: string,
  ) {}
}
