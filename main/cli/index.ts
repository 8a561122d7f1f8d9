/**
 * The `simfleet` command-line tool: the app's services, headless, for kitting-line
 * automation and scripted checks.
 */
import { runCheckCommand } from './check-command';
import { runFleetCommand } from './fleet-command';
import { runExportCommand, runLabelsCommand } from './labels-command';
import { PROVISION_USAGE, runProvisionCommand } from './provision-command';
import { runSimulatorCommand } from './simulator-command';

export const USAGE = `Usage: simfleet <command> [options]

Commands:
  check FILE  Check an ICCID list (CSV, TSV, TXT, .xlsx) and print every finding
              --json --data-dir DIR --column NAME|NUMBER
              exit 0: importable, no errors; 1: errors; 2: refused (usage, unreadable file);
              4: internal failure. With --json every answer, refusals included, is JSON
  provision FILE --out MAPPING.csv
              Provision every importable SIM of a list (run \`simfleet provision --help\`)
              exit 0: all provisioned; 3: some failed/uncertain/unfinished; 2: bad usage or input
  labels MAPPING.csv --stock ID --format html|pdf|zpl|png-zip|svg-zip --out FILE
              [--qr iccid|number|compact|lpa] [--dpi 203|300|600] [--barcode]
              [--send tcp://HOST[:PORT]|cups:QUEUE] [--lines 2-10,15]
              [--environment practice|production] (for a mapping without an Environment column)
              Stocks: avery-5160 avery-l7160 avery-5163 (sheets), thermal-2x1 thermal-4x6 (rolls, ZPL)
  export BATCH_ID --format csv|xlsx --out FILE [--data-dir DIR]
              The customer mapping of a batch
  fleet migrate --db URL
              Set up (or update) a fleet's PostgreSQL database; run as its owner
  fleet status --db URL [--environment practice|production] [--json]
              Stations, their batches, claims, purchases and the rate budget
  simulator   Run the practice Telegent simulator on loopback
              --port N --account-key K --account-secret S --rate-limit PER_MIN
              --latency MS --token-ttl S --test-routes
              --duplicate-iccid sell-again|refuse (default sell-again: the worst the docs allow)
              --recycle-every N (every Nth purchase gets the number sold before it)
  help        Show this help

`;

/** Runs one command; answers the process exit code (a long-running command answers when it ends). */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'simulator':
      return runSimulatorCommand(rest);
    case 'check':
      return runCheckCommand(rest);
    case 'labels':
      return runLabelsCommand(rest);
    case 'export':
      return runExportCommand(rest);
    case 'fleet':
      return runFleetCommand(rest);
    case 'provision':
      if (rest.includes('--help')) {
        process.stdout.write(`${PROVISION_USAGE}\n`);
        return 0;
      }
      return runProvisionCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`simfleet: unknown command "${command}". Run \`simfleet help\` for the list.\n`);
      return 2;
  }
}

const code = await main(process.argv.slice(2));
if (code !== -1) process.exitCode = code;
