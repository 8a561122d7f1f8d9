import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedKeyring } from '../helpers/keyring-session';

// The keychain is real whatever the outer environment is: the run's D-Bus session with an
// unlocked gnome-keyring (tests/helpers/keyring-session.ts), and for the tests about another
// state of it (locked, no Secret Service, no D-Bus) a session of their own that makes that
// state. Needs dbus and gnome-keyring (installed by .ci/run).

const CHILD = `${process.execPath} --import tsx tests/keychain/child.ts`;
const NO_SERVICES_CONF = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`;

function session(script: string, options: { config?: string; env?: Record<string, string> } = {}): Array<Record<string, unknown>> {
  const home = mkdtempSync(join(tmpdir(), 'simfleet-keyring-'));
  const args = options.config ? [`--config-file=${options.config}`, '--', 'sh', '-c', script] : ['--', 'sh', '-c', script];
  const run = spawnSync('dbus-run-session', args, {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, XDG_DATA_HOME: home, XDG_RUNTIME_DIR: home, HOME: home, ...options.env },
  });
  if (run.error) throw run.error;
  return run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const UNLOCK = 'echo -n test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null';

/** Runs the script's steps against the run's unlocked keyring. */
function withRunKeyring(script: string, env: Record<string, string>): Array<Record<string, unknown>> {
  const run = spawnSync('sh', ['-c', script], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...sharedKeyring(), ...env } });
  if (run.error) throw run.error;
  return run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('keytar against a real Secret Service', () => {
  it('keeps the fleet database password, only for the database it was saved for, until cleared', () => {
    const results = withRunKeyring(`${CHILD} fleet-save; ${CHILD} fleet-load; ${CHILD} fleet-load-other; ${CHILD} fleet-clear; ${CHILD} fleet-load`, {
      SECRET: 'fleet-db-password-value',
    });
    expect(results).toEqual([
      { ok: true, loaded: null },
      { ok: true, loaded: 'fleet-db-password-value' },
      { ok: true, loaded: null },
      { ok: true, loaded: null },
      { ok: true, loaded: null },
    ]);
  });

  it('saves, reads back in a new process, and clears', () => {
    const results = withRunKeyring(`${CHILD} save; ${CHILD} load; ${CHILD} clear; ${CHILD} load`, {
      KEY: 'DID-1234567ab-keychain-test',
      SECRET: 'keychain-secret-value',
    });
    expect(results).toEqual([
      { ok: true, loaded: null },
      { ok: true, loaded: { accountKey: 'DID-1234567ab-keychain-test', accountSecret: 'keychain-secret-value', apiBaseUrl: 'https://api.telegent.com' } },
      { ok: true, loaded: null },
      { ok: true, loaded: null },
    ]);
  });

  // Locking the run's keyring would lock it for every other test: this one locks one of its own.
  it('says the keyring is locked when saving to a locked keyring', () => {
    const lock =
      'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets ' +
      'org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null';
    const [result] = session(`${UNLOCK}; ${lock}; ${CHILD} save`, { env: { KEY: 'DID-x', SECRET: 'y' } });
    expect(result).toMatchObject({ ok: false, code: 'keychain_locked' });
    expect(result!['message']).toContain('unlock the Login keyring');
  });

  it('says no Secret Service is installed when nothing provides org.freedesktop.secrets', () => {
    const config = join(mkdtempSync(join(tmpdir(), 'simfleet-dbus-')), 'session.conf');
    writeFileSync(config, NO_SERVICES_CONF);
    const [result] = session(`${CHILD} save`, { config, env: { KEY: 'DID-x', SECRET: 'y' } });
    expect(result).toMatchObject({ ok: false, code: 'keychain_no_service' });
    expect(result!['message']).toContain('gnome-keyring');
  });

  it('says there is no D-Bus session when none is reachable', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'tests/keychain/child.ts', 'load'], {
      encoding: 'utf8',
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/simfleet-bus' },
    });
    const result = JSON.parse(run.stdout.trim()) as Record<string, unknown>;
    expect(result).toMatchObject({ ok: false, code: 'keychain_no_dbus' });
    expect(result['message']).toContain('dbus-run-session');
  });

  it('never puts the secret into an error message', () => {
    const [result] = session(`${CHILD} save`, {
      config: (() => {
        const c = join(mkdtempSync(join(tmpdir(), 'simfleet-dbus-')), 's.conf');
        writeFileSync(c, NO_SERVICES_CONF);
        return c;
      })(),
      env: { KEY: 'DID-x', SECRET: 'never-print-me' },
    });
    expect(JSON.stringify(result)).not.toContain('never-print-me');
  });
});
