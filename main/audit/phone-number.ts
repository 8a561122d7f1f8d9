/** A phone number as the account changes take it (docs/audit.md): E.164, one rule for the Account screen and the CLI. */
import { UserError } from '../errors/user-error';

const E164 = /^\+\d{8,15}$/;

export function checkPhoneNumber(number: string): void {
  if (!E164.test(number)) throw new UserError('usage', `"${number}" is not a phone number in E.164 form (+18015550123).`);
}
