/** `npm run bench`: every benchmark, each printing ratios measured in this one run. */
import { benchSimulator } from './simulator';

await benchSimulator();
