// Starts the label worker from its TypeScript source (tests, benchmarks, the test host);
// built apps and the built CLI start the bundled worker instead (label-jobs.ts).
import { register } from 'tsx/esm/api';

register();
await import('./label-worker.ts');
