import { afterEach, describe, expect, it } from 'vitest';
import { KEYCHAIN_MODULE_MISSING, KeytarCredentialStore, setKeytarModuleForTests } from '../../main/credentials/keytar-store';
import { createCredentialsService } from '../../main/credentials/credentials-service';
import { silentLogger } from '../../main/logging/logger';
import { openConfSettings } from '../../main/settings/conf-settings';
import { openHeadlessServices } from '../../main/services/headless';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

afterEach(() => setKeytarModuleForTests('keytar'));

describe('without the optional keychain module', () => {
  it('says in one sentence that it is missing and how to install it', async () => {
    setKeytarModuleForTests('keytar-that-is-not-installed');
    await expect(new KeytarCredentialStore().load()).rejects.toMatchObject({ code: 'keychain_module_missing', message: KEYCHAIN_MODULE_MISSING });
    expect(KEYCHAIN_MODULE_MISSING.split(/\.\s/)).toHaveLength(1);
    expect(KEYCHAIN_MODULE_MISSING).toContain('sudo apt-get install -y libsecret-1-dev');
  });

  it('the Settings status reports it as a problem instead of failing', async () => {
    setKeytarModuleForTests('keytar-that-is-not-installed');
    const settings = openConfSettings(mkdtempSync(join(tmpdir(), 'simfleet-kc-')));
    const service = createCredentialsService({ store: new KeytarCredentialStore(), settings, logger: silentLogger });
    expect(await service.status()).toMatchObject({ set: false, problem: { code: 'keychain_module_missing', message: KEYCHAIN_MODULE_MISSING } });
  });
});

describe('a keychain that cannot be used, in practice mode', () => {
  it('is said once, on the credentials card, and never blocks a practice batch', async () => {
    setKeytarModuleForTests('keytar-that-is-not-installed');
    const services = openHeadlessServices({ dataRoot: mkdtempSync(join(tmpdir(), 'simfleet-kc-')), host: 'web-host', simulator: { rateLimitPerMinute: 0 } });
    try {
      const view = await services.impl.imports.fromText({ name: 'list.csv', text: 'ICCID\n89012605260181590835\n' });
      const estimate = await services.impl.batches.estimate({ importId: view.id });
      expect(estimate.blockers).toEqual([]);
      // The problem is reported by the credentials status (the Settings card), and nowhere in the environment status.
      expect((await services.impl.credentials.status()).problem?.code).toBe('keychain_module_missing');
      expect(JSON.stringify(await services.impl.environment.status())).not.toContain('keychain');
    } finally {
      await services.close();
    }
  });
});
