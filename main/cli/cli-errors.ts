/** How a command turns an expected failure into a message on stderr and exit code 2. */
import { isUserError } from '../errors/user-error';

/** node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options. */
export function isParseArgsError(error: unknown): error is TypeError {
  return error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

/** Prints an expected failure (bad usage, unreadable input) and answers 2; anything else is a bug and is rethrown. */
export function usageFailure(command: string, error: unknown, err: (text: string) => void): number {
  if (isUserError(error) || isParseArgsError(error)) {
    err(`simfleet ${command}: ${error.message}\n`);
    return 2;
  }
  throw error;
}
