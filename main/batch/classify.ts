/**
 * What an answer to a provision request means for the row: one pure, exhaustive
 * function per kind of answer (docs/exactly-once.md, rule 3). The engine only carries
 * the decision out; the tables in tests/unit/classify.test.ts pin every case.
 */
import { isUserError } from '../errors/user-error';
import { isTelegentError, type TelegentErrorCode } from '../telegent/errors';
import type { ProvisionResult } from '../telegent/responses';
import { orderOutcome } from './order-status';

/** Every code a journal record may carry: one vocabulary for failures and uncertainty. */
export const JOURNAL_CODES = [
  // the request may have been bought
  'interrupted',
  'iccid_in_use',
  'incomplete_answer',
  'unexpected',
  'claim_taken_over',
  'purchase_log_damaged',
  'journal_damaged',
  'telegent_server',
  'telegent_timeout',
  'telegent_network',
  'telegent_malformed',
  // proven not bought
  'rate_limited',
  'order_failed',
  'telegent_validation',
  'telegent_auth',
  'telegent_scope',
  'telegent_config',
  'telegent_not_found',
  'telegent_rate_limited',
  'not_sent',
] as const;
export type JournalCode = (typeof JOURNAL_CODES)[number];

export function isJournalCode(code: string | null): code is JournalCode {
  return (JOURNAL_CODES as readonly (string | null)[]).includes(code);
}

/** Failures that prove nothing was bought and may be retried on their own. */
const TRANSIENT: ReadonlySet<TelegentErrorCode> = new Set(['timeout', 'network', 'malformed', 'server']);

export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

export type FailureDecision =
  /** May have been bought: look the ICCID up before anything is sent again. */
  | {
      readonly kind: 'uncertain';
      readonly code: JournalCode;
      readonly message: string;
      readonly lookupNow: boolean;
      /** Whether it counts toward the "network keeps failing" pause (a timeout or a 5xx: Telegent not answering). */
      readonly networkFailure: boolean;
    }
  /** Proven not bought. */
  | {
      readonly kind: 'failed';
      readonly code: JournalCode;
      readonly message: string;
      /** `null`: final; a number: retry after that many ms. */
      readonly retryAfterMs: number | null;
      /** Whether it counts toward the "network keeps failing" pause. */
      readonly networkFailure: boolean;
      /** Pause the batch with this reason. */
      readonly pause: string | null;
    };

const ICCID_IN_USE = /iccid/i;
const IN_USE_WORDS = /(already|in use|assigned|bound)/i;

/**
 * Classifies a failed provision request. `backoffMs(n)` is the jittered delay for the
 * n-th transient failure; `attempt` counts intents written for the row, this one included.
 */
export function classifyFailure(error: unknown, attempt: number, maxAttempts: number, backoffMs: (n: number) => number): FailureDecision {
  if (isTelegentError(error)) {
    if (error.mayHaveBeenProcessed) {
      return {
        kind: 'uncertain',
        code: error.code as JournalCode,
        message: `${error.message} It will be checked by ICCID before anything is sent again.`,
        lookupNow: false,
        networkFailure: TRANSIENT.has(error.telegentCode),
      };
    }
    const code = error.telegentCode;
    switch (code) {
      case 'rate_limited':
        // Pacing, not failure: 429 proves nothing was bought and does not use up attempts.
        return {
          kind: 'failed',
          code: 'rate_limited',
          message: error.message,
          retryAfterMs: error.retryAfterMs ?? backoffMs(0),
          networkFailure: false,
          pause: null,
        };
      case 'validation':
        if (ICCID_IN_USE.test(error.apiMessage ?? '') && IN_USE_WORDS.test(error.apiMessage ?? '')) {
          // The SIM is already bound to a number, perhaps by our own earlier attempt: look it up.
          return { kind: 'uncertain', code: 'iccid_in_use', message: `${error.message} Checking by ICCID.`, lookupNow: true, networkFailure: false };
        }
        return { kind: 'failed', code: 'telegent_validation', message: error.message, retryAfterMs: null, networkFailure: false, pause: null };
      case 'auth':
      case 'scope':
      case 'config':
        return {
          kind: 'failed',
          code: error.code as JournalCode,
          message: error.message,
          retryAfterMs: 0,
          networkFailure: false,
          pause: `${error.message} The batch paused itself; fix the credentials in Settings, then resume.`,
        };
      case 'timeout':
      case 'network':
      case 'malformed':
      case 'server': {
        const retry = attempt < maxAttempts;
        return {
          kind: 'failed',
          code: error.code as JournalCode,
          message: error.message,
          retryAfterMs: retry ? backoffMs(attempt - 1) : null,
          networkFailure: TRANSIENT.has(code),
          pause: null,
        };
      }
      case 'not_found':
        return { kind: 'failed', code: 'telegent_not_found', message: error.message, retryAfterMs: null, networkFailure: false, pause: null };
      default:
        return assertNever(code);
    }
  }
  if (isUserError(error)) {
    // Raised before the request was sent (for example no credentials): nothing was bought.
    return {
      kind: 'failed',
      code: 'not_sent',
      message: error.message,
      retryAfterMs: 0,
      networkFailure: false,
      pause: `${error.message} The batch paused itself.`,
    };
  }
  // An unexpected exception: we cannot prove the request did not go out.
  return {
    kind: 'uncertain',
    code: 'unexpected',
    message: `Unexpected error (${error instanceof Error ? error.message : String(error)}); it will be checked by ICCID.`,
    lookupNow: false,
    networkFailure: false,
  };
}

export type ResultDecision =
  | { readonly kind: 'provisioned' }
  | { readonly kind: 'failed'; readonly code: 'order_failed'; readonly message: string }
  | { readonly kind: 'pending'; readonly orderId: string; readonly orderStatus: string }
  | { readonly kind: 'uncertain'; readonly code: 'incomplete_answer'; readonly message: string };

/** Classifies a 2xx answer to a provision request. */
export function classifyResult(r: ProvisionResult): ResultDecision {
  const outcome = r.orderStatus === null ? (r.phoneNumber ? 'complete' : 'pending') : orderOutcome(r.orderStatus);
  switch (outcome) {
    case 'complete':
      if (r.phoneNumber) return { kind: 'provisioned' };
      break;
    case 'failed':
      return { kind: 'failed', code: 'order_failed', message: `Telegent's order ended "${r.orderStatus}"${r.errorMessage ? `: ${r.errorMessage}` : ''}.` };
    case 'pending':
      if (r.orderId) return { kind: 'pending', orderId: r.orderId, orderStatus: r.orderStatus ?? 'Pending' };
      break;
    default:
      return assertNever(outcome);
  }
  // A 2xx without the number (or without an order to poll): may be bought.
  return {
    kind: 'uncertain',
    code: 'incomplete_answer',
    message: `Telegent accepted the request but sent no number${r.errorMessage ? ` ("${r.errorMessage}")` : ''}; checking by ICCID.`,
  };
}
