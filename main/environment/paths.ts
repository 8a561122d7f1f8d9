/**
 * Where SimFleet keeps its data. The CLI and the app share one root (the same folder
 * Electron's `userData` resolves to for productName "SimFleet"), and each environment
 * has its own subfolder so practice data can never mix with production data.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from '../../preload/domain';

/** The per-user data root, overridable with `SIMFLEET_DATA_DIR`. */
export function defaultDataRoot(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['SIMFLEET_DATA_DIR']) return env['SIMFLEET_DATA_DIR'];
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'SimFleet');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'SimFleet');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'SimFleet');
}

/** The folder for one environment's batches, journals and exports. */
export function environmentDir(root: string, environment: Environment): string {
  return join(root, environment);
}
