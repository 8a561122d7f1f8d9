/**
 * Services outside Electron (test host, `npm run dev:web`, the CLI): the same
 * services, with `conf` for settings instead of electron-store.
 */
import { mkdirSync } from 'node:fs';
import Conf from 'conf';
import pkg from '../../package.json' with { type: 'json' };
import type { AppInfo } from '../../preload/contract';
import { createEventBus, type EventBus } from '../bridge/event-bus';
import { createPracticeSimulator } from '../environment/practice-simulator';
import type { SimulatorOptions } from '../simulator/server';
import { openSettings, type ConfLike } from '../settings/store';
import { createServices, type Services } from './create-services';

export interface HeadlessOptions {
  readonly dataRoot: string;
  readonly host: AppInfo['host'];
  readonly simulator?: SimulatorOptions;
}

export interface HeadlessServices extends Services {
  readonly events: EventBus;
}

/** Opens settings under `dataRoot` and builds the services around them. */
export function openHeadlessServices(options: HeadlessOptions): HeadlessServices {
  mkdirSync(options.dataRoot, { recursive: true });
  const settings = openSettings(options.dataRoot, ({ cwd, configName }) => new Conf({ cwd, configName, configFileMode: 0o600 }) as unknown as ConfLike);
  const events = createEventBus();
  const services = createServices({
    host: options.host,
    version: pkg.version,
    dataRoot: options.dataRoot,
    settings,
    practice: createPracticeSimulator(options.simulator),
    events,
  });
  return { ...services, events };
}
