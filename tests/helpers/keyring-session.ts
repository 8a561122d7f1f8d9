/**
 * A D-Bus session with an unlocked gnome-keyring, as a desktop login session has: keytar
 * reaches it through libsecret, so the OS keychain under test is real. The infrastructure
 * lane starts one for the run (tests/infrastructure-setup.ts); a test about another keyring
 * state (locked, no Secret Service, no D-Bus) makes that state in a session of its own
 * (docs/testing.md, "Lanes").
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set to the run's keyring session (JSON of its environment) once it is up. */
const SHARED = 'SIMFLEET_TEST_KEYRING';

/** What a process needs in its environment to reach the keyring. */
export interface KeyringEnv {
  readonly DBUS_SESSION_BUS_ADDRESS: string;
  readonly XDG_RUNTIME_DIR: string;
}

/** The run's keyring, started by the infrastructure lane's set-up; the stop function ends it. */
export async function startSharedKeyring(): Promise<() => Promise<void>> {
  const session = await launchKeyring();
  process.env[SHARED] = JSON.stringify(session.env);
  return session.stop;
}

/** The run's keyring's environment (the infrastructure lane only). */
export function sharedKeyring(): KeyringEnv {
  const shared = process.env[SHARED];
  if (!shared) throw new Error('No keyring for this run: keychain tests belong in the infrastructure lane (vitest.config.ts).');
  return JSON.parse(shared) as KeyringEnv;
}

/** Whether this bus has a Secret Service (gnome-keyring has claimed its name). */
function secretsOnBus(address: string): boolean {
  const run = spawnSync(
    'dbus-send',
    [
      '--bus=' + address,
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.secrets',
    ],
    { encoding: 'utf8' },
  );
  return run.status === 0 && run.stdout.includes('boolean true');
}

async function launchKeyring(): Promise<{ readonly env: KeyringEnv; stop(): Promise<void> }> {
  const home = mkdtempSync(join(tmpdir(), 'simfleet-keyring-'));
  const address = `unix:path=${join(home, 'bus')}`;
  const children: ChildProcess[] = [];
  const ended = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.reverse().map(
        (child) =>
          new Promise<void>((resolve) => {
            // A child that never started (no pid) has nothing to stop.
            if (ended(child) || child.pid === undefined) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(home, { recursive: true, force: true });
  };
  try {
    // What the daemons say goes into the error if they fail, not into the test output (dbus-daemon warns of fd limits as root).
    let said = '';
    const bus = spawn('dbus-daemon', ['--session', '--nofork', `--address=${address}`, '--print-address=1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(bus);
    bus.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString()));
    // The bus prints its address once it listens.
    await new Promise<void>((resolve, reject) => {
      bus.stdout!.once('data', () => resolve());
      bus.once('error', (error) => reject(new Error(`dbus-daemon could not be started (is dbus installed? .ci/run installs it): ${error.message}`)));
      bus.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code} before it listened: ${said}`)));
    });
    const env: KeyringEnv = { DBUS_SESSION_BUS_ADDRESS: address, XDG_RUNTIME_DIR: home };
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: { ...process.env, ...env, HOME: home, XDG_DATA_HOME: home },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    children.push(keyring);
    let failed: Error | null = null;
    keyring.once('error', (error) => (failed = error));
    // A daemon that exits at once closes its end of the pipe: that is reported below, not as a crash of this process.
    keyring.stdin!.on('error', () => undefined);
    keyring.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString()));
    // The login keyring's password, as a display manager hands it over at login.
    keyring.stdin!.end('test-password');
    for (let i = 0; !secretsOnBus(address); i++) {
      if (failed) throw new Error(`gnome-keyring-daemon could not be started (is gnome-keyring installed? .ci/run installs it): ${String(failed)}`);
      if (ended(keyring) || i > 200) throw new Error(`gnome-keyring-daemon did not take org.freedesktop.secrets on the test bus: ${said}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
