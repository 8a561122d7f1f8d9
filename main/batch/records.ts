/**
 * The journal's record types. Each line is one of these; the batch's state is
 * derived from them alone (see derive.ts). Append only: never rewritten.
 */
import type { Environment, Overrides, ProvisioningProfile } from '../../preload/domain';
import type { JournalCode } from './classify';

export interface BatchRowInput {
  readonly iccid: string;
  readonly line: number;
  readonly overrides: Overrides;
}

/** Where a batch sends: recorded in its header, checked before every run (gate.ts). Never a secret. */
export type BatchTarget =
  | { readonly kind: 'practice-built-in' }
  | { readonly kind: 'practice-standalone'; readonly url: string }
  | { readonly kind: 'production'; readonly url: string; readonly credentials: { readonly accountKeyHint: string; readonly fingerprint: string } };

export interface BatchHeader {
  readonly t: 'batch';
  /** 1: no target recorded; 2: `target` present. */
  readonly v: 1 | 2;
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly environment: Environment;
  readonly apiBaseUrl: string;
  readonly target?: BatchTarget;
  readonly accountId: string;
  readonly profile: ProvisioningProfile;
  readonly source: string;
  readonly rows: readonly BatchRowInput[];
}

/** Written and synced before a provision request leaves the machine. */
export interface IntentRecord {
  readonly t: 'intent';
  readonly row: number;
  readonly attempt: number;
  readonly at: string;
}

export interface ProvisionedOutcome {
  readonly t: 'provisioned';
  readonly row: number;
  readonly at: string;
  readonly number: string;
  readonly nid: string | null;
  readonly orderId: string | null;
  readonly orderStatus: string | null;
  readonly subscriberId: string | null;
  readonly zipCode: string | null;
  readonly lpa: string | null;
  /** How it was learnt: the provision answer, an order poll, or an ICCID lookup. */
  readonly via: 'response' | 'order' | 'lookup';
}

/** The order exists but is not final: poll it. */
export interface PendingOutcome {
  readonly t: 'pending';
  readonly row: number;
  readonly at: string;
  readonly orderId: string;
  readonly orderStatus: string;
}

/** Proven not bought. `retry` says whether the engine will try again on its own. */
export interface FailedOutcome {
  readonly t: 'failed';
  readonly row: number;
  readonly at: string;
  readonly code: JournalCode;
  readonly message: string;
  readonly retry: boolean;
  readonly retryAt?: string;
  /** An order that ended other than Complete: its final status, for the mapping (journals before it have none). */
  readonly orderStatus?: string;
}

/** May have been bought: must be reconciled before any resend. */
export interface UncertainOutcome {
  readonly t: 'uncertain';
  readonly row: number;
  readonly at: string;
  readonly code: JournalCode;
  readonly message: string;
}

/** An ICCID lookup proved the number was never bought: safe to send again. */
export interface NotFoundRecord {
  readonly t: 'not-found';
  readonly row: number;
  readonly at: string;
}

/** An ICCID lookup for an uncertain row could not be completed; the row stays uncertain. */
export interface LookupFailedRecord {
  readonly t: 'lookup-failed';
  readonly row: number;
  readonly at: string;
  readonly message: string;
}

/** Never sent: bought earlier on this station, or the batch was cancelled first. */
export interface SkippedRecord {
  readonly t: 'skipped';
  readonly row: number;
  readonly at: string;
  readonly reason: 'already_provisioned' | 'cancelled';
  readonly message: string;
}

/** Something the operator must look at; the row's state does not change. */
export interface FlaggedRecord {
  readonly t: 'flagged';
  readonly row: number;
  readonly at: string;
  readonly code: 'duplicate_number';
  readonly message: string;
}

export interface ControlRecord {
  readonly t: 'control';
  readonly at: string;
  readonly action: 'pause' | 'resume' | 'cancel' | 'retry-failed' | 'reconcile' | 'start';
  readonly reason?: string;
  /** Who paused: the operator, or SimFleet itself (docs/batches.md, "Heard anywhere"). Absent in older journals. */
  readonly by?: PausedBy;
}

export type PausedBy = 'operator' | 'simfleet';

/** The reason an operator's own Pause is journaled with. */
export const OPERATOR_PAUSE = 'Paused by the operator.';

export type JournalRecord =
  | BatchHeader
  | IntentRecord
  | ProvisionedOutcome
  | PendingOutcome
  | FailedOutcome
  | UncertainOutcome
  | NotFoundRecord
  | LookupFailedRecord
  | SkippedRecord
  | FlaggedRecord
  | ControlRecord;
