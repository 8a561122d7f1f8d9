/** The HTTP status the simulator answers for each refusal of the simulated account: chosen here, and nowhere else. */
import type { RefusalCode } from './refusal';

export const HTTP_STATUS: Readonly<Record<RefusalCode, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  // One status for both: a client learns whether the account's state or the request is at fault only from the message.
  conflict: 422,
  unprocessable: 422,
};
