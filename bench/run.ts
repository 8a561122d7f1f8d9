/** `npm run bench [-- import|simulator|engine]`: benchmarks that print ratios measured in this one run. */
import { benchEngine } from './engine';
import { benchImport } from './import';
import { benchSimulator } from './simulator';

const only = process.argv[2];
if (!only || only === 'import') await benchImport();
if (!only || only === 'simulator') await benchSimulator();
if (!only || only === 'engine') await benchEngine();
