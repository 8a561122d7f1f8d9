/**
 * `npm run dev:web`: the real UI in any browser, on a machine without the Electron
 * binary. Serves the built renderer (run `npm run build` first) with the practice
 * simulator behind it, and keeps its data in ./.simfleet-dev unless told otherwise.
 * `--app-data` (used by `npm start` when the desktop app cannot run) uses the app's own
 * data folder and prints only the address, for the caller to announce.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataRoot } from '../environment/paths';
import { launchWebHost } from '../testhost/launch';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    'app-data': { type: 'boolean', default: false },
  },
});
const dataRoot = values['data-dir'] ?? (values['app-data'] ? defaultDataRoot() : resolve('.simfleet-dev'));

const rendererDir = resolve('out/renderer');
if (!existsSync(resolve(rendererDir, 'index.html'))) {
  process.stderr.write('The renderer is not built yet: run `npm run build` first, then `npm run dev:web` again.\n');
  process.exit(2);
}

const web = await launchWebHost({ dataRoot, rendererDir, port: Number(values.port) });
// For npm start: the address for the terminal, then a one-time one for the browser's command line.
if (values['app-data']) process.stdout.write(`${web.host.url}\n${web.host.launchUrl()}\n`);
else process.stdout.write(`SimFleet test host (practice simulator, data in ${dataRoot}):\n  ${web.host.url}\n`);
const stop = (): void => {
  void web.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
