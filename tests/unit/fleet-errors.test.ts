import { describe, expect, it } from 'vitest';
import { databaseError, driverUrl } from '../../main/fleet/database';

/** What node-postgres and PostgreSQL throw, as they throw it. */
const thrown = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('fleet database errors, said with what to do', () => {
  const url = 'postgres://station1@db.example:5432/simfleet?sslmode=require';

  it('a server that asks for a password when none was given', () => {
    const e = databaseError(thrown('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'), url);
    expect(e.code).toBe('fleet_no_password');
    expect(e.message).toContain('asks for a password and none was given: put it in PGPASSWORD or --fleet-password-file');
    expect(e.message).not.toContain('SASL');
  });

  it('migrate as an owner without CREATEROLE', () => {
    const e = databaseError(thrown('permission denied to create role', '42501'), url);
    expect(e.message).toContain('this user may not create roles');
    expect(e.message).toContain('CREATEROLE');
  });

  it('a server without TLS: the CA file is blamed only when one is set', () => {
    const noTls = thrown('The server does not support SSL connections');
    expect(databaseError(noTls, url).message).toContain('but the URL asks for it (sslmode=require)');
    expect(databaseError(noTls, url).message).not.toContain('CA file');
    expect(databaseError(noTls, `${url}&sslrootcert=/etc/ca.pem`).message).toContain('but a CA file is set');
  });

  it('names verify-full to the driver for require and verify-ca (what it does already, without its warning)', () => {
    expect(driverUrl(url)).toBe('postgres://station1@db.example:5432/simfleet?sslmode=verify-full');
    expect(driverUrl('postgres://a@h/db?sslmode=disable')).toBe('postgres://a@h/db?sslmode=disable');
    expect(driverUrl('postgres://a@h/db')).toBe('postgres://a@h/db');
  });
});
