/**
 * `npm run dev:web`: the real UI in any browser, on a machine without the Electron
 * binary. Serves the built renderer (run `npm run build` first) with the practice
 * simulator behind it, and keeps its data in ./.simfleet-dev unless told otherwise.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchWebHost } from '../testhost/launch';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string', default: resolve('.simfleet-dev') },
  },
});

const rendererDir = resolve('out/renderer');
if (!existsSync(resolve(rendererDir, 'index.html'))) {
  process.stderr.write('The renderer is not built yet: run `npm run build` first, then `npm run dev:web` again.\n');
  process.exit(2);
}

const web = await launchWebHost({ dataRoot: values['data-dir']!, rendererDir, port: Number(values.port) });
process.stdout.write(`SimFleet test host (practice simulator, data in ${values['data-dir']}):\n  ${web.host.url}\n`);
const stop = (): void => {
  void web.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
