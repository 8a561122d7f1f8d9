// Preloaded with `node --import` by tests/integration/cli-loads.test.ts: every bare package a
// process imports (an ESM import or import(); what a package requires inside is its own) is
// appended, one per line, to the file named by SIMFLEET_RECORD_IMPORTS.
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url, { data: { file: process.env['SIMFLEET_RECORD_IMPORTS'] } });
