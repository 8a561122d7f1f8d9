/**
 * `npm run bench [-- import|simulator|engine|labels|labels-vs-glabels|fleet|faults|workbooks|cli-startup|audit|carton]`:
 * benchmarks that print ratios measured in this one run.
 */
import { benchAudit } from './audit';
import { benchCarton } from './carton';
import { benchCliStartup } from './cli-startup';
import { benchEngine } from './engine';
import { benchFaults } from './faults';
import { benchFleet } from './fleet';
import { benchImport } from './import';
import { benchLabels } from './labels';
import { benchLabelsVsGlabels } from './labels-vs-glabels';
import { benchSimulator } from './simulator';
import { benchWorkbooks } from './workbooks';

const only = process.argv[2];
if (!only || only === 'import') await benchImport();
if (!only || only === 'simulator') await benchSimulator();
if (!only || only === 'engine') await benchEngine();
if (!only || only === 'labels') await benchLabels();
if (!only || only === 'labels-vs-glabels') await benchLabelsVsGlabels();
if (!only || only === 'fleet') await benchFleet();
if (!only || only === 'faults') await benchFaults();
if (!only || only === 'workbooks') await benchWorkbooks();
if (!only || only === 'cli-startup') await benchCliStartup();
if (!only || only === 'audit') await benchAudit();
if (!only || only === 'carton') await benchCarton();
