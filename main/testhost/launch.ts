/**
 * Starts the headless services plus the test host around them: what e2e tests and
 * `npm run dev:web` run.
 */
import { resolve } from 'node:path';
import { createDispatch } from '../bridge/dispatch';
import type { CredentialStore } from '../credentials/credential-store';
import { openHeadlessServices, type HeadlessOptions, type HeadlessServices } from '../services/headless';
import type { SimulatorOptions } from '../simulator/server';
import { startTestHost, type TestHost } from './server';

export interface WebHostOptions {
  readonly dataRoot: string;
  readonly rendererDir?: string;
  readonly port?: number;
  readonly simulator?: SimulatorOptions;
  readonly credentials?: CredentialStore;
  readonly enginePolicy?: HeadlessOptions['enginePolicy'];
}

export interface WebHost {
  readonly host: TestHost;
  readonly services: HeadlessServices;
  close(): Promise<void>;
}

export async function launchWebHost(options: WebHostOptions): Promise<WebHost> {
  const services = openHeadlessServices({
    dataRoot: options.dataRoot,
    host: 'web-host',
    ...(options.simulator ? { simulator: options.simulator } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.enginePolicy ? { enginePolicy: options.enginePolicy } : {}),
  });
  const dispatch = createDispatch(services.impl, (where, error) => {
    services.logger.log('error', 'dispatch.failure', { where, message: error instanceof Error ? error.message : String(error) });
  });
  const host = await startTestHost({
    dispatch,
    events: services.events,
    rendererDir: options.rendererDir ?? resolve('out/renderer'),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  return {
    host,
    services,
    close: async () => {
      await host.close();
      await services.close();
    },
  };
}
