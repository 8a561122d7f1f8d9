/** `npm run bench`: every benchmark, each printing ratios measured in this one run. */
import { benchImport } from './import';
import { benchSimulator } from './simulator';

const only = process.argv[2];
if (!only || only === 'import') await benchImport();
if (!only || only === 'simulator') await benchSimulator();
