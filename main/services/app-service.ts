/** The contract's `app` namespace: what is serving, and the desktop's file manager. */
import type { ServiceImpl } from '../../preload/contract';
import type { AppInfo } from '../../preload/views';
import { UserError } from '../errors/user-error';

export function createAppService(deps: {
  host: AppInfo['host'];
  version: string;
  /** The desktop's file manager (only the desktop app has one). */
  files?: { showInFolder(path: string): void };
}): ServiceImpl['app'] {
  return {
    info: async () => ({ name: 'SimFleet', version: deps.version, host: deps.host, platform: process.platform }),
    showInFolder: async ({ path }) => {
      if (!deps.files) {
        throw new UserError('desktop_only', 'Showing a file in its folder needs the SimFleet desktop app; find it in your browser’s downloads.');
      }
      deps.files.showInFolder(path);
      return { shown: true as const };
    },
  };
}
