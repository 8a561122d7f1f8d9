/**
 * Errors the user can act on. Services throw these; the bridge turns them into
 * `{ ok: false, error }` values, because Electron passes only `message` of a thrown Error.
 */
import type { AppError } from '../../preload/views';

/** A failure with a stable code, a message that says what to do, and optional details. */
export class UserError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, details?: Readonly<Record<string, unknown>>) {
    super(message);
    this.name = 'UserError';
    this.code = code;
    this.details = details;
  }

  /** The value form that crosses the bridge. */
  toValue(): AppError {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: { ...this.details } };
  }
}

/** Narrowing helper for catch blocks. */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
