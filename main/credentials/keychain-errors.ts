/**
 * keytar's errors carry no code, only libsecret / Keychain / Credential Manager text.
 * This maps them to messages an operator or supervisor can act on.
 */
import { UserError } from '../errors/user-error';

interface Rule {
  readonly test: RegExp;
  readonly code: string;
  readonly message: string;
}

const RULES: readonly Rule[] = [
  {
    test: /Cannot autolaunch D-Bus|Could not connect|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|dbus/i,
    code: 'keychain_no_dbus',
    message:
      'The OS keychain cannot be reached because there is no D-Bus session. Start SimFleet from a ' +
      'desktop session; on a server, run it under `dbus-run-session` with gnome-keyring unlocked.',
  },
  {
    test: /org\.freedesktop\.secrets was not provided|ServiceUnknown|No such secret service|secret service/i,
    code: 'keychain_no_service',
    message:
      'No Secret Service (keyring) is installed. Install GNOME Keyring or KWallet (for ' +
      'example `sudo apt-get install gnome-keyring`), log out and in again, then retry.',
  },
  {
    test: /locked collection|locked object|is locked|collection\/login|prompt (was )?dismissed|Cannot get secret of a locked/i,
    code: 'keychain_locked',
    message: 'The keyring is locked. Unlock it (log in to the desktop, or open "Passwords and Keys" and unlock the Login keyring), then retry.',
  },
  {
    test: /denied|not permitted|User canceled|user interaction is not allowed|-25293|-128\b|errSecAuthFailed|ERROR_ACCESS_DENIED/i,
    code: 'keychain_denied',
    message: 'SimFleet was not allowed to use the keychain. Allow access when your system asks, or check the keychain access settings for SimFleet.',
  },
];

/** A clear, actionable error for a keychain failure; the raw text goes into details only. */
export function keychainError(error: unknown, action: 'save' | 'read' | 'clear'): UserError {
  const text = error instanceof Error ? error.message : String(error);
  const rule = RULES.find((r) => r.test.test(text));
  const verb = action === 'save' ? 'save the credentials to' : action === 'read' ? 'read the credentials from' : 'remove the credentials from';
  if (rule) return new UserError(rule.code, `Could not ${verb} the OS keychain. ${rule.message}`, { system: text });
  return new UserError('keychain_error', `Could not ${verb} the OS keychain (${text}).`, { system: text });
}
